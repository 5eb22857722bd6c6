import "server-only";
import * as Sentry from "@sentry/nextjs";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogAttributes = Record<string, string | number | boolean | undefined>;

type Holder = { consoleOff?: boolean };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.server-log")] ??= {});

/** Unit tests keep their output clean; the server always prints. */
export function silenceConsoleLog(off = true): void {
  holder.consoleOff = off;
}

function consoleLine(level: LogLevel, message: string, attributes: LogAttributes): string {
  const pairs = Object.entries(attributes).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${value}`],
  );
  return `[mams] ${level.padEnd(5)} ${message}${pairs.length ? ` ${pairs.join(" ")}` : ""}`;
}

function write(level: LogLevel, message: string, attributes: LogAttributes = {}): void {
  const defined = Object.fromEntries(
    Object.entries(attributes).filter(([, value]) => value !== undefined),
  );
  // Sentry Logs: the active trace and span are attached by the SDK; the threshold and the scrubber
  // run in beforeSendLog (log-options.ts). No client (no DSN): the SDK drops it for nothing.
  Sentry.logger[level](message, defined);
  if (holder.consoleOff) return;
  const line = consoleLine(level, message, attributes);
  if (level === "error" || level === "fatal") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** The server's own log lines (run lifecycle, provider retries, shutdown, tunnel upstream): one line on
 * the console, readable under `next dev`, and one Sentry Logs entry with the trace and the room ids. */
export const serverLog = {
  debug: (message: string, attributes?: LogAttributes) => write("debug", message, attributes),
  info: (message: string, attributes?: LogAttributes) => write("info", message, attributes),
  warn: (message: string, attributes?: LogAttributes) => write("warn", message, attributes),
  error: (message: string, attributes?: LogAttributes) => write("error", message, attributes),
};
