// `npm run dev`: Spotlight (Sentry's local UI, http://localhost:8969) beside `next dev`,
// so errors and traces are visible with no Sentry account. With DSNs set, events go to Sentry too.
import { spawn } from "node:child_process";
import net from "node:net";
import { env } from "../lib/config/env.mjs";
import { bindDecision } from "./bind-decision.mjs";

const SPOTLIGHT_PORT = 8969;
const bind = bindDecision(process.argv.slice(2), Boolean(env.MAMS_ACCESS_TOKEN));
if (!bind.ok) {
  console.error(`[dev] ${bind.message}`);
  process.exit(1);
}
console.log(`[dev] ${bind.message}`);
const nextArgs = bind.args;

/** @param {number} port */
function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** @type {import("node:child_process").ChildProcess[]} */
const children = [];
/** @param {string} command @param {string[]} args @param {Record<string, string>} [env] */
function run(command, args, env = {}) {
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  children.push(child);
  child.on("exit", (code) => {
    for (const other of children) if (other !== child) other.kill("SIGTERM");
    process.exit(code ?? 0);
  });
  return child;
}

if (await portInUse(SPOTLIGHT_PORT)) {
  console.log(`[dev] Spotlight already running on http://localhost:${SPOTLIGHT_PORT}; reusing it`);
} else {
  run("node_modules/.bin/spotlight", ["server", "--port", String(SPOTLIGHT_PORT)]);
  console.log(`[dev] Spotlight: http://localhost:${SPOTLIGHT_PORT}`);
}
run("node_modules/.bin/next", ["dev", ...nextArgs], {
  SENTRY_SPOTLIGHT: process.env.SENTRY_SPOTLIGHT ?? "true",
});

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}
