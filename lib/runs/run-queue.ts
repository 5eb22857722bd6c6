import "server-only";
import type { ControlResult } from "@/lib/db/cluster-store";
import type { ForceDecision } from "./run-types";
import type { TraceHeaders } from "./run-observability";

/** A control sent to the instance that runs the room. */
export type RemoteControl =
  | { kind: "stop" }
  | { kind: "force"; decision: ForceDecision }
  | { kind: "message"; text: string };

/** One claimed job: the lease fences every write of this run. */
export type Claim = {
  jobId: string;
  lease: string;
  retryCount: number;
  takenOverFrom?: string | null;
};

/** What the queue needs of the run manager on its instance. */
export type RunHost = {
  /** Runs the room to its end; "handover" when this instance shut down mid-run (the job goes back to the queue). */
  runClaimed(roomId: string, claim: Claim): Promise<"done" | "handover">;
  applyRemote(roomId: string, control: RemoteControl): Promise<void>;
  runs(roomId: string): boolean;
  /** Room id → lease of every run on this instance, for the heartbeat. */
  leases(): Map<string, string>;
  leaseLost(roomId: string): void;
};

/**
 * How a start becomes a run. Without a queue (the embedded database, one process) the run manager runs the
 * room itself behind its concurrency slots (lib/runs/run-slots.ts). With PostgreSQL (`pg-run-queue.ts`) a
 * start is a job any instance may claim, and controls travel to the runner through the database.
 */
export type RunQueue = {
  readonly kind: "postgres";
  readonly instance: string;
  /** Marks the room running (unless it already is: `alreadyRunning`) and sends its job. */
  enqueue(
    roomId: string,
    start: { trace?: TraceHeaders; startedAt: string | null },
  ): Promise<{ alreadyRunning: boolean; queued: boolean }>;
  /** Applies the control on the room's runner when another instance runs it; undefined when none does. */
  forward(roomId: string, control: RemoteControl): Promise<ControlResult | undefined>;
  /** Frees the room's lease; with the job's id (shutdown), hands the run back to the queue for another instance. */
  release(roomId: string, lease: string, handoverJobId?: string): Promise<void>;
  stopClaiming(): Promise<void>;
  close(): Promise<void>;
};
