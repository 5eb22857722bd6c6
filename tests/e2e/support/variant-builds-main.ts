// The background builder global setup starts: the variant builds, one at a time, while the main specs run.
import { buildAll } from "./variant-builds";

buildAll().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
