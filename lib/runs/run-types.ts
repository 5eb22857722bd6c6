import "server-only";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { LlmSettings } from "@/lib/domain/schemas";
import type { Offer } from "@/lib/domain/stream-events";
import type { RoomSetup, RoomState } from "@/lib/engine/room-state";
import type { Limits } from "@/lib/security/settings";
import type { TraceHeaders } from "./run-observability";
import type { RunQueue } from "./run-queue";

export type ForceDecision =
  | { action: "accept"; offerId: string }
  | { action: "no_deal"; reason?: string };
/** What a user (or the budget) does to a live run. */
export type Control =
  | { kind: "stop" }
  | { kind: "force"; decision: ForceDecision; offer?: Offer }
  | { kind: "budget" };
/** Why a run's signal was aborted. */
export type Abort = Control | { kind: "shutdown"; signal: string } | { kind: "lease_lost" };

/** Wraps a run's model to meter its tokens and cost; `stop` ends the run as budget_exceeded. */
export type UsageMeter = {
  wrap(
    model: LanguageModelV3,
    info: { roomId: string; episodeId: string; llm: LlmSettings },
    stop: () => void,
  ): LanguageModelV3;
};
/** `lease`: set when the run was claimed from the PostgreSQL queue; every write of the run is fenced by it. */
export type ActiveRun = {
  controller: AbortController;
  state?: RoomState;
  done?: Promise<void>;
  lease?: string;
  handover?: boolean;
};
export type ExperimentIds = { experimentId?: string; arm?: string };
/** One run to carry out: the room, its live handle, and what it runs with; `trace` continues a request's. */
export type RunJob = {
  roomId: string;
  run: ActiveRun;
  llm: LlmSettings;
  setup: RoomSetup;
  experiment: ExperimentIds;
  trace?: TraceHeaders;
};

export type RunManagerOptions = {
  modelFor: (llm: LlmSettings, episodeId: string) => LanguageModelV3;
  concurrency?: number;
  retry?: { baseDelayMs?: number };
  limits?: Partial<Limits>;
  /** Refuses a start before anything is stored (endpoint policy, token budget): throws an AppError. */
  checkStart?: (llm: LlmSettings, episodeId: string) => void;
  meter?: UsageMeter;
  /** PostgreSQL scale-out (lib/runs/pg-run-queue.ts); without it runs stay in this process. */
  queue?: RunQueue;
  /** Reports a takeover once (lib/sentry/server/report-takeover.ts). */
  onTakeover?: (info: { roomId: string; from: string; to: string; round: number }) => void;
};
