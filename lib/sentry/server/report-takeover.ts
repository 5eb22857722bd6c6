import "server-only";
import * as Sentry from "@sentry/nextjs";

/**
 * One warning per takeover, sent by the instance that won the dead runner's lease (the lease is handed on
 * once, so the report is too). It names both instances; takeovers group by the instance that died.
 */
export function reportTakeover(info: {
  roomId: string;
  from: string;
  to: string;
  round: number;
}): string {
  return Sentry.captureMessage(
    `Negotiation run taken over: instance ${info.from} stopped responding, ${info.to} resumed it`,
    {
      level: "warning",
      fingerprint: ["run_takeover", info.from],
      tags: {
        "error.code": "RUN_TAKEN_OVER",
        negotiation_id: info.roomId,
        "mams.instance.previous": info.from,
        "mams.instance": info.to,
      },
      extra: { round: info.round },
    },
  );
}
