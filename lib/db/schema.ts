import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomEventData, RoomStatus } from "@/lib/domain/stream-events";

export const episodes = pgTable(
  "episodes",
  {
    id: text("id").primaryKey(),
    buyerName: text("buyer_name").notNull(),
    config: jsonb("config").$type<EpisodeConfig>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .defaultNow()
      .notNull(),
  },
  // The home page and GET /api/episodes read the newest 50 (a backward scan of this index); without it
  // every read sorted the whole table.
  (table) => [index("episodes_newest_idx").on(table.createdAt, table.id)],
);

export const rooms = pgTable(
  "rooms",
  {
    id: text("id").primaryKey(),
    episodeId: text("episode_id")
      .notNull()
      .references(() => episodes.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    itemName: text("item_name").notNull(),
    sellers: jsonb("sellers").$type<string[]>().notNull(),
    status: text("status").$type<RoomStatus>().notNull(),
    round: integer("round").notNull().default(0),
    lastSeq: integer("last_seq").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "string" }),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "string" }),
    error: jsonb("error").$type<{ code: string; message: string }>(),
    // Scale-out (DATABASE_URL): the run's lease, "<instance>/<run id>", renewed by its runner's heartbeat;
    // the job that carries the run; and the instance whose expired lease the next runner takes over.
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "string" }),
    jobId: text("job_id"),
    takenOverFrom: text("taken_over_from"),
  },
  // The heartbeat and the reaper of every instance look up live leases every few seconds; the unclaimed
  // sweep looks for running rooms with no lease as often, and start-up for every running room: a few rows
  // of a table that grows with the history.
  (table) => [
    index("rooms_episode_idx").on(table.episodeId),
    index("rooms_lease_idx").on(table.leaseOwner).where(sql`lease_owner IS NOT NULL`),
    index("rooms_running_idx").on(table.leaseOwner).where(sql`status = 'running'`),
  ],
);

export const roomEvents = pgTable(
  "room_events",
  {
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    type: text("type").$type<RoomEventData["type"]>().notNull(),
    data: jsonb("data").$type<RoomEventData>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .defaultNow()
      .notNull(),
  },
  (table) => [primaryKey({ columns: [table.roomId, table.seq] })],
);

/** One row per room at most: the primary key is what makes "outcome exactly once" a constraint. */
export const outcomes = pgTable("outcomes", {
  roomId: text("room_id")
    .primaryKey()
    .references(() => rooms.id, { onDelete: "cascade" }),
  kind: text("kind").$type<"deal" | "no_deal">().notNull(),
  seller: text("seller"),
  offerId: text("offer_id"),
  price: doublePrecision("price"),
  quantity: integer("quantity"),
  total: doublePrecision("total"),
  reason: text("reason"),
  rounds: integer("rounds").notNull(),
  forced: boolean("forced").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).defaultNow().notNull(),
});

/** Where an episode came from, when not the configure form: an import (read-only) or one run of an experiment. */
export type EpisodeSource =
  | { kind: "import"; readOnly: true; manifest: Record<string, unknown> }
  | { kind: "experiment"; experimentId: string; arm: number; armLabel: string; seed: number };

export const episodeSources = pgTable("episode_sources", {
  episodeId: text("episode_id")
    .primaryKey()
    .references(() => episodes.id, { onDelete: "cascade" }),
  source: jsonb("source").$type<EpisodeSource>().notNull(),
});

export const experiments = pgTable(
  "experiments",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    spec: jsonb("spec").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"running" | "completed" | "cancelled">().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .defaultNow()
      .notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "string" }),
    // Scale-out (DATABASE_URL): the driver's lease, "<instance>/<driver id>", renewed by its heartbeat, so
    // one instance drives the experiment and another takes it over when that lease expires.
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "string" }),
  },
  (table) => [index("experiments_newest_idx").on(table.createdAt, table.id)],
);

/** One episode per arm and seed; the same seeds for every arm (paired). */
export const experimentRuns = pgTable(
  "experiment_runs",
  {
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    arm: integer("arm").notNull(),
    seed: integer("seed").notNull(),
    episodeId: text("episode_id").references(() => episodes.id, { onDelete: "set null" }),
    status: text("status")
      .$type<"pending" | "running" | "completed" | "failed" | "budget_exceeded">()
      .notNull(),
  },
  (table) => [primaryKey({ columns: [table.experimentId, table.arm, table.seed] })],
);

/** Tokens of every model call, from the AI SDK's usage (estimated when the provider gave none). */
export const llmUsage = pgTable(
  "llm_usage",
  {
    id: text("id").primaryKey(),
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    round: integer("round").notNull(),
    agent: text("agent").notNull(),
    task: text("task").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    estimated: boolean("estimated").notNull(),
    costUsd: doublePrecision("cost_usd").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .defaultNow()
      .notNull(),
  },
  (table) => [index("llm_usage_room_idx").on(table.roomId)],
);

/** The editable price table: USD per million tokens, per provider and model ("*" = any model of the provider). */
export const modelPrices = pgTable(
  "model_prices",
  {
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    inputPerMTok: doublePrecision("input_per_mtok").notNull(),
    outputPerMTok: doublePrecision("output_per_mtok").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" })
      .defaultNow()
      .notNull(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.model] })],
);

/**
 * Stop, force decision and posted messages for a room whose run lives on another instance: the runner
 * claims them in id order (once: `claimed_by`), applies them and stores the answer the requester returns.
 */
export const roomControls = pgTable(
  "room_controls",
  {
    id: serial("id").primaryKey(),
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    control: jsonb("control").$type<Record<string, unknown>>().notNull(),
    claimedBy: text("claimed_by"),
    result: jsonb("result").$type<{ ok: true } | { ok: false; error: unknown }>(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" })
      .defaultNow()
      .notNull(),
    doneAt: timestamp("done_at", { withTimezone: true, mode: "string" }),
  },
  (table) => [index("room_controls_room_idx").on(table.roomId, table.id)],
);
