// Field validators that more than one concern uses. Each returns its value parsed, or an issue whose
// message says what the variable allows; env-schema.mjs puts the variable's name in front.
import { z } from "zod";

export const bool = z
  .enum(["true", "false"], { error: "must be true or false" })
  .transform((value) => value === "true")
  .optional();

export const url = z
  .url({ message: "must be an absolute URL such as https://sentry.example.com" })
  .optional();

/** @param {number} max */
export const positiveInt = (max) =>
  z
    .string()
    .regex(/^\d+$/, { message: `must be a whole number between 1 and ${max}` })
    .transform(Number)
    .refine((value) => value >= 1 && value <= max, {
      message: `must be a whole number between 1 and ${max}`,
    })
    .optional();

export const urlList = z
  .string()
  .refine(
    (value) =>
      value
        .split(",")
        .every((part) => /^https?:\/\/[^\s,]+$/.test(part.trim()) && URL.canParse(part.trim())),
    {
      message:
        "must be comma-separated http(s) URLs, e.g. http://localhost:1234/v1,https://api.openai.com/v1",
    },
  )
  .optional();

export const wordList = z
  .string()
  .refine((value) => value.split(",").every((part) => /^[^\s,]+$/.test(part.trim())), {
    message: "must be a comma-separated list without spaces",
  })
  .optional();
