import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Zod issues (client) or the API's VALIDATION_ERROR details (server) as one map of field path → message. */
export function toFieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> | string; message: string }>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = typeof issue.path === "string" ? issue.path : issue.path.map(String).join(".");
    errors[path] ??= issue.message;
  }
  return errors;
}

export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  extraIssues: (value: unknown) => Array<{ path: (string | number)[]; message: string }> = () => [],
): { data?: z.infer<S>; errors: FieldErrors } {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { data: parsed.data, errors: {} }
    : { errors: toFieldErrors([...parsed.error.issues, ...extraIssues(value)]) };
}

/** A number input's text as a number; empty is NaN so the schema reports "Must be a number". */
export const numberFromInput = (value: string) => (value === "" ? Number.NaN : Number(value));

/** Immutable update at a dotted path ("sellers.1.inventory.0.stock"). */
export function setIn<T>(target: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const key = Array.isArray(target) ? Number(head) : head!;
  const copy = (Array.isArray(target) ? [...target] : { ...(target as object) }) as Record<
    string | number,
    unknown
  >;
  copy[key] = rest.length ? setIn(copy[key], rest.join("."), value) : value;
  return copy as T;
}
