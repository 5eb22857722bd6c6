// Where `npm start` / `npm run dev` may listen: loopback only without MAMS_ACCESS_TOKEN.
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * @param {string[]} args the user's `next start` / `next dev` arguments
 * @param {boolean} hasToken
 * @returns {{ ok: true, args: string[], message: string } | { ok: false, message: string }}
 */
export function bindDecision(args, hasToken) {
  const index = args.findIndex((arg) => arg === "-H" || arg === "--hostname");
  const inline = args.find((arg) => arg.startsWith("--hostname="));
  const host = index >= 0 ? args[index + 1] : inline?.slice("--hostname=".length);
  if (hasToken) {
    return {
      ok: true,
      args,
      message: `access token set: listening on ${host ?? "all interfaces"}; sign in at /signin`,
    };
  }
  if (host && !LOOPBACK.has(host)) {
    return {
      ok: false,
      message: `refusing to listen on ${host} without MAMS_ACCESS_TOKEN: set a token (see docs/security.md) or drop -H`,
    };
  }
  return {
    ok: true,
    args: host ? args : [...args, "-H", "127.0.0.1"],
    message: `no MAMS_ACCESS_TOKEN: listening on loopback only (${host ?? "127.0.0.1"}); set MAMS_ACCESS_TOKEN to expose the app`,
  };
}
