import { createSentryReceiver } from "../../shared/sentry-receiver";
import { RECEIVER_PORT } from "./e2e-config";

const receiver = createSentryReceiver();
receiver.listen(RECEIVER_PORT).then(
  (port) => console.log(`[sentry-receiver] listening on http://127.0.0.1:${port}`),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void receiver.close().then(() => process.exit(0)));
