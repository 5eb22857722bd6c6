/** Room events: persisted in order, replayed to late joiners, streamed live. Declared once for server and client. */

export type OfferTerms = { price: number; quantity: number; conditions?: string };
export type Offer = OfferTerms & { id: string; seller: string; round: number; total: number };
export type RejectionReason = "below_floor" | "above_stock" | "invalid";

export type AgentTask = "buyer_message" | "seller_reply" | "buyer_decision";

export type Outcome =
  | {
      kind: "deal";
      seller: string;
      offerId: string;
      price: number;
      quantity: number;
      total: number;
      rounds: number;
      forced: boolean;
    }
  | { kind: "no_deal"; reason: string; rounds: number; forced: boolean };

export type RoomEventData =
  | {
      type: "room_started";
      item: string;
      sellers: string[];
      maxRounds: number;
      provider: string;
      model: string;
    }
  | { type: "round_started"; round: number }
  | { type: "buyer_message"; round: number; text: string; mentions: string[] }
  | { type: "user_message"; round: number; text: string }
  | { type: "seller_message"; round: number; seller: string; text: string; offer?: Offer }
  | {
      type: "offer_rejected";
      round: number;
      seller: string;
      text: string;
      terms: OfferTerms;
      reason: RejectionReason;
    }
  | {
      type: "decision";
      round: number;
      action: "accept" | "continue" | "walk_away";
      offerId?: string;
      reason: string;
      forced: boolean;
    }
  /** An agent whose answer stayed unusable after one repair attempt passes the round; `cause` names why. */
  | {
      type: "turn_passed";
      round: number;
      agent: string;
      task: AgentTask;
      cause: string;
      reason: string;
    }
  | { type: "room_completed"; outcome: Outcome }
  | { type: "room_failed"; error: { code: string; message: string } }
  /** Scale-out: the run went on elsewhere, after its server died (`takeover`) or was shut down (`handover`). */
  | { type: "run_resumed"; round: number; cause: "takeover" | "handover"; reason: string };

export type RoomEventType = RoomEventData["type"];

/** A stored event: `seq` is the per-room sequence used as the SSE `id:`. */
export type RoomEvent = RoomEventData & { seq: number; at: string };

export type HeartbeatEvent = { type: "heartbeat"; at: string };

export type StreamEvent = RoomEvent | HeartbeatEvent;

export const ROOM_EVENT_TYPES: readonly RoomEventType[] = [
  "room_started",
  "round_started",
  "buyer_message",
  "user_message",
  "seller_message",
  "offer_rejected",
  "decision",
  "turn_passed",
  "room_completed",
  "room_failed",
  "run_resumed",
];

export const STREAM_EVENT_TYPES: readonly StreamEvent["type"][] = [
  ...ROOM_EVENT_TYPES,
  "heartbeat",
];

export const TERMINAL_EVENT_TYPES: readonly RoomEventType[] = ["room_completed", "room_failed"];

export type RoomStatus =
  | "planned"
  | "running"
  | "completed"
  | "failed"
  | "interrupted"
  | "no_sellers";

/** Experiment progress (GET /api/experiments/:id/stream): a snapshot on connect, then one per change. */
export type ExperimentProgressEvent = {
  type: "experiment_progress";
  status: "running" | "completed" | "cancelled";
  total: number;
  done: number;
  running: number;
  failed: number;
};
