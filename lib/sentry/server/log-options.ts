import "server-only";
import type { Log } from "@sentry/core";
import { scrubString, scrubValue, type ScrubOptions } from "../shared/scrub";
import { LOG_LEVELS, type LogLevel } from "./server-log";

export type LogThreshold = LogLevel | "off";

/** Drops logs under the threshold and scrubs the rest like events (message and every attribute). */
export function logFilter(threshold: LogThreshold, scrub: { enabled: boolean } & ScrubOptions) {
  const minimum = threshold === "off" ? Infinity : LOG_LEVELS.indexOf(threshold);
  return (log: Log): Log | null => {
    if (LOG_LEVELS.indexOf(log.level as LogLevel) < minimum) return null;
    if (!scrub.enabled) return log;
    return {
      ...log,
      message: typeof log.message === "string" ? scrubString(log.message, scrub) : log.message,
      attributes: log.attributes && scrubValue(log.attributes, scrub),
    };
  };
}
