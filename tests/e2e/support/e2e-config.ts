// One place for the ports, DSNs and build settings the e2e suite uses.
export const RECEIVER_PORT = Number(process.env.SENTRY_RECEIVER_PORT ?? 3031);
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const RECEIVER_URL = `http://127.0.0.1:${RECEIVER_PORT}`;

export const API_STUB_PORT = Number(process.env.SENTRY_API_STUB_PORT ?? 3032);
export const API_STUB_URL = `http://127.0.0.1:${API_STUB_PORT}`;
export const API_STUB_TOKEN = "sntrys_e2e_stand_in_token_0123456789";
export const API_STUB_ORG = "mams-e2e";

/** The stand-in OpenAI-compatible provider (tests/shared/openai-stand-in.ts), started by the real-models spec. */
export const STANDIN_PORT = Number(process.env.E2E_STANDIN_PORT ?? 3033);
export const STANDIN_URL = `http://127.0.0.1:${STANDIN_PORT}/v1`;
export const STANDIN_API_KEY = "sk-e2e-stand-in-key-0123456789";

export const BACKEND_PROJECT = "1";
export const FRONTEND_PROJECT = "2";
export const BACKEND_DSN = `http://e2ebackendpublickey@127.0.0.1:${RECEIVER_PORT}/${BACKEND_PROJECT}`;
export const FRONTEND_DSN = `http://e2efrontendpublickey@127.0.0.1:${RECEIVER_PORT}/${FRONTEND_PROJECT}`;
export const E2E_ENVIRONMENT = "staging";
export const E2E_DIST_DIR = ".next-e2e";
export const E2E_DATA_DIR = "tmp/e2e-data";

/** The environment both `next build` and `next start` see in the e2e run. */
export const E2E_APP_ENV: Record<string, string> = {
  SENTRY_ENV: E2E_ENVIRONMENT,
  SENTRY_DSN_BACKEND: BACKEND_DSN,
  SENTRY_DSN_FRONTEND: FRONTEND_DSN,
  SENTRY_TRACES_SAMPLE_RATE_BACKEND: "1",
  // Reads default to a quarter of the base rate outside development; the suite wants every trace.
  SENTRY_TRACES_SAMPLE_RATE_READ: "1",
  SENTRY_TRACES_SAMPLE_RATE_FRONTEND: "1",
  SENTRY_RELEASE: "auto",
  MAMS_ENABLE_TEST_ROUTES: "true",
  MAMS_DIST_DIR: E2E_DIST_DIR,
  MAMS_DATA_DIR: E2E_DATA_DIR,
  NEXT_TELEMETRY_DISABLED: "1",
  // Source maps go to the local stand-in for Sentry's web API, as a real build would upload them.
  SENTRY_AUTH_TOKEN: API_STUB_TOKEN,
  SENTRY_ORG: API_STUB_ORG,
  SENTRY_PROJECT_FRONTEND: "mams-frontend",
  SENTRY_PROJECT_BACKEND: "mams-backend",
  SENTRY_URL: API_STUB_URL,
  SENTRY_DEPLOY: "true",
  // Loopback mode (no MAMS_ACCESS_TOKEN; the token mode has its own spec). Stand-in providers listen on
  // 127.0.0.1, and the suite writes faster than a person would.
  MAMS_ALLOWED_HOSTS: "127.0.0.1,localhost",
  LLM_ALLOW_CUSTOM_BASE_URL: "true",
  LLM_ALLOW_PRIVATE_ADDRESSES: "true",
  MAMS_WRITES_PER_MINUTE: "100000",
  // Non-simulated providers default to the stand-in, as a server configured for one provider would.
  LLM_BASE_URL: STANDIN_URL,
  LLM_API_KEY: STANDIN_API_KEY,
};
