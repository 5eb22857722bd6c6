import type { DataCollection } from "@sentry/core";
import { SECRET_NAME_FRAGMENTS as SECRET_NAMES } from "./sensitive-names";

const SAFE_HEADERS = [
  "accept",
  "accept-language",
  "content-type",
  "content-length",
  "host",
  "user-agent",
  "sentry-trace",
  "baggage",
];

/**
 * SENTRY_SEND_DEFAULT_PII=false maps to a strict collection: v11's own defaults
 * collect client IPs, cookies, custom headers, query strings and AI prompts.
 * `true` opts in to user info, headers, cookies and queries minus secrets.
 * Prompts and outputs stay out either way: MAMS records a hash and a redacted snippet.
 */
export function dataCollectionFor(sendDefaultPii: boolean): DataCollection {
  if (!sendDefaultPii) {
    return {
      userInfo: false,
      cookies: false,
      httpHeaders: { request: { allow: SAFE_HEADERS }, response: { allow: SAFE_HEADERS } },
      httpBodies: [],
      urlQueryParams: false,
      graphQL: { document: false, variables: false },
      genAI: { inputs: false, outputs: false },
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
    };
  }
  return {
    userInfo: true,
    cookies: { deny: SECRET_NAMES },
    httpHeaders: { deny: SECRET_NAMES },
    httpBodies: ["incomingRequest"],
    urlQueryParams: { deny: SECRET_NAMES },
    graphQL: { document: true, variables: false },
    genAI: { inputs: false, outputs: false },
    databaseQueryData: false,
    queues: false,
    stackFrameVariables: false,
  };
}
