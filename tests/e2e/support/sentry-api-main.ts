import { API_STUB_PORT, API_STUB_ORG, API_STUB_TOKEN } from "./e2e-config";
import { createSentryApiStub } from "../../shared/sentry-api-stub";

const stub = createSentryApiStub({ token: API_STUB_TOKEN, org: API_STUB_ORG });
stub.listen(API_STUB_PORT).then(
  (url) => console.log(`[sentry-api-stub] listening on ${url}`),
  (error: Error) => {
    console.error(`[sentry-api-stub] cannot listen on ${API_STUB_PORT}: ${error.message}`);
    process.exit(1);
  },
);
process.on("SIGTERM", () => process.exit(0));
