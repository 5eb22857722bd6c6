export type Status = "PASS" | "WARN" | "FAIL";
export type CheckResult = { status: Status; name: string; detail: string; fix?: string };

/** How long a network check waits for an answer. */
export const NETWORK_TIMEOUT_MS = 5000;

export const pass = (name: string, detail: string): CheckResult => ({
  status: "PASS",
  name,
  detail,
});
export const warn = (name: string, detail: string, fix: string): CheckResult => ({
  status: "WARN",
  name,
  detail,
  fix,
});
export const fail = (name: string, detail: string, fix: string): CheckResult => ({
  status: "FAIL",
  name,
  detail,
  fix,
});

/** Why a request failed, in words: "connection refused (127.0.0.1:9)" rather than "fetch failed". */
export function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as
    | { code?: string; address?: string; port?: number; message?: string }
    | undefined;
  if (error.name === "TimeoutError") return "timed out";
  if (cause?.code === "ECONNREFUSED")
    return `connection refused${cause.address ? ` (${cause.address}:${cause.port})` : ""}`;
  if (cause?.code === "ENOTFOUND") return "host name does not resolve";
  return cause?.message ?? error.message;
}

export function formatResults(results: CheckResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.status}  ${result.name}: ${result.detail}`);
    if (result.fix && result.status !== "PASS") lines.push(`      fix: ${result.fix}`);
  }
  const count = (status: Status) => results.filter((result) => result.status === status).length;
  lines.push(`${count("PASS")} passed, ${count("WARN")} warnings, ${count("FAIL")} failed.`);
  return lines;
}
