// `npm start`: `next start`, bound to loopback unless an access token protects the app (docs/security.md).
import { spawn } from "node:child_process";
import { env } from "../lib/config/env.mjs";
import { bindDecision } from "./bind-decision.mjs";

const decision = bindDecision(process.argv.slice(2), Boolean(env.MAMS_ACCESS_TOKEN));
if (!decision.ok) {
  console.error(`[start] ${decision.message}`);
  process.exit(1);
}
console.log(`[start] ${decision.message}`);
const child = spawn("node_modules/.bin/next", ["start", ...decision.args], { stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"]))
  process.on(signal, () => child.kill(signal));
