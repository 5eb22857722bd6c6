import "server-only";
import type { Offer, RoomEventData } from "@/lib/domain/stream-events";
import { dealOutcome, noDeal } from "@/lib/engine/decision";
import { latestOffers } from "@/lib/engine/offers";
import type { RoomState } from "@/lib/engine/room-state";
import { AppError } from "@/lib/errors/app-error";
import type { Limits } from "@/lib/security/settings";
import type { RemoteControl } from "./run-queue";
import type { ActiveRun, Control, ForceDecision } from "./run-types";

/** The events that end a room the way a control says, at the round it stands in. */
export function controlEvents(round: number, control: Control): RoomEventData[] {
  if (control.kind === "budget")
    return [
      {
        type: "room_completed",
        outcome: noDeal("budget_exceeded: the spending limit was reached.", round, false),
      },
    ];
  if (control.kind === "stop")
    return [{ type: "room_completed", outcome: noDeal("Stopped by the user.", round, true) }];
  if (control.decision.action === "accept" && control.offer)
    return [
      {
        type: "decision",
        round,
        action: "accept",
        offerId: control.offer.id,
        reason: "Accepted by the user.",
        forced: true,
      },
      { type: "room_completed", outcome: dealOutcome(control.offer, round, true) },
    ];
  const reason =
    (control.decision.action === "no_deal" && control.decision.reason) ||
    "Ended by the user without a deal.";
  return [
    { type: "decision", round, action: "walk_away", reason, forced: true },
    { type: "room_completed", outcome: noDeal(reason, round, true) },
  ];
}

/** What the user's controls need from the run manager. */
export type ControlDeps = {
  limits: Limits;
  activeRun: (roomId: string) => ActiveRun | undefined;
  load: (roomId: string) => Promise<{ state: RoomState }>;
  /** True when another instance runs the room and applied the control there. */
  forwarded: (roomId: string, control: RemoteControl) => Promise<boolean>;
  commit: (roomId: string, events: RoomEventData[]) => Promise<unknown>;
};

const finished = () => new AppError("CONFLICT", "This room has already finished");

/** A live run here is aborted (its run ends the room); a room run nowhere is ended directly. */
export async function stopRoom(deps: ControlDeps, roomId: string): Promise<void> {
  const run = deps.activeRun(roomId);
  if (!run?.done && (await deps.forwarded(roomId, { kind: "stop" }))) return;
  if (!run?.done) {
    const { state } = await deps.load(roomId);
    if (state.outcome) throw finished();
    await deps.commit(roomId, controlEvents(state.round, { kind: "stop" }));
    return;
  }
  run.controller.abort({ kind: "stop" } satisfies Control);
  await run.done;
}

export async function forceRoomDecision(
  deps: ControlDeps,
  roomId: string,
  decision: ForceDecision,
): Promise<void> {
  const run = deps.activeRun(roomId);
  const state = run?.state ?? (await deps.load(roomId)).state;
  if (state.outcome) throw finished();
  let offer: Offer | undefined;
  if (decision.action === "accept") {
    offer = latestOffers(state.offers).find((o) => o.id === decision.offerId);
    if (!offer)
      throw new AppError("VALIDATION_ERROR", "That offer is not a current offer in this room", {
        details: [{ path: "offerId", message: "Not a current offer" }],
      });
  }
  const control: Control = { kind: "force", decision, offer };
  if (!run?.done && (await deps.forwarded(roomId, { kind: "force", decision }))) return;
  if (run?.done) {
    run.controller.abort(control);
    await run.done;
  } else {
    await deps.commit(roomId, controlEvents(state.round, control));
  }
}

export async function postRoomMessage(
  deps: ControlDeps,
  roomId: string,
  text: string,
): Promise<void> {
  if (!deps.activeRun(roomId)?.done && (await deps.forwarded(roomId, { kind: "message", text })))
    return;
  const state = deps.activeRun(roomId)?.state ?? (await deps.load(roomId)).state;
  if (state.outcome) throw finished();
  const posted = state.events.filter((event) => event.type === "user_message").length;
  if (posted >= deps.limits.maxMessagesPerRoom)
    throw new AppError(
      "LIMIT_REACHED",
      `This room has reached its limit of ${deps.limits.maxMessagesPerRoom} messages`,
    );
  await deps.commit(roomId, [{ type: "user_message", round: state.round, text }]);
}
