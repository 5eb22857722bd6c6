import * as Sentry from "@sentry/nextjs";

export async function register() {
  // NEXT_RUNTIME is set by Next.js itself and inlined per bundle, not configuration.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./sentry.server.config");
    const { registerGracefulShutdown } = await import("./lib/server/graceful-shutdown");
    registerGracefulShutdown();
    const { claimDataDirAtStart } = await import("./lib/server/data-dir-boot");
    await claimDataDirAtStart();
    const { startClusterIfConfigured } = await import("./lib/server/cluster-boot");
    startClusterIfConfigured();
  }
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
}

export const onRequestError = Sentry.captureRequestError;
