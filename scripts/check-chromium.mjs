// The pre-step of `npm test` and `npm run test:e2e`: say what to install before anything is built.
import { chromiumProblem } from "../tests/e2e/support/chromium.mjs";

const problem = chromiumProblem(process.env);
if (problem) {
  console.error(problem);
  process.exit(1);
}
