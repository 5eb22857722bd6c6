// The lazily loaded Session Replay (see lazy-replay.ts): about as large as the rest of the browser SDK,
// so it never rides in the first load.
export { replayIntegration } from "@sentry/replay";
