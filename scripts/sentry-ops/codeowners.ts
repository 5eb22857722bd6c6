// `npm run sentry:codeowners`: regenerates .github/CODEOWNERS from lib/sentry-ops/ownership.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CODEOWNERS_PATH, codeownersFile } from "../../lib/sentry-ops/ownership";

mkdirSync(path.dirname(CODEOWNERS_PATH), { recursive: true });
writeFileSync(CODEOWNERS_PATH, codeownersFile());
console.log(`wrote ${CODEOWNERS_PATH}`);
