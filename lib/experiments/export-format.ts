import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomEvent, RoomStatus } from "@/lib/domain/stream-events";
import type { RoomEconomics } from "@/lib/engine/economics";

export const EXPORT_FORMAT = "mams-export/1";

export type RoomUsage = {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  costUsd: number;
};

export type ManifestEpisode = {
  episodeId: string;
  configHash: string;
  seed: number | null;
  provider: string;
  model: string;
  arm?: number;
  armLabel?: string;
};

export type Manifest = {
  kind: "manifest";
  format: typeof EXPORT_FORMAT;
  app: string;
  release: string;
  exportedAt: string;
  experiment?: { id: string; name: string; arms: string[]; seeds: number[] };
  episodes: ManifestEpisode[];
};

export type ExportedRoom = {
  episodeId: string;
  id: string;
  position: number;
  itemName: string;
  sellers: string[];
  status: RoomStatus;
  startedAt: string | null;
  endedAt: string | null;
  economics?: RoomEconomics;
  usage?: RoomUsage;
  events: RoomEvent[];
};

export type ExportBundle = {
  manifest: Manifest;
  episodes: Array<{ id: string; buyerName: string; createdAt: string; config: EpisodeConfig }>;
  rooms: ExportedRoom[];
};

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** The configuration's identity without its seed or any key: runs of one configuration over many seeds share it. */
export function configHash(config: EpisodeConfig): string {
  const { seed: _seed, apiKey: _key, ...llm } = config.llm;
  return createHash("sha256")
    .update(JSON.stringify(stable({ ...config, llm })))
    .digest("hex")
    .slice(0, 16);
}

/** JSONL: the manifest, then each episode (configuration without key), each room, and every event in order. */
export function toJsonl(bundle: ExportBundle): string {
  const lines: unknown[] = [bundle.manifest];
  for (const episode of bundle.episodes) lines.push({ kind: "episode", ...episode });
  for (const { events, ...room } of bundle.rooms) {
    lines.push({ kind: "room", ...room });
    for (const event of events) lines.push({ kind: "event", roomId: room.id, event });
  }
  return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
}

const CSV_COLUMNS = [
  "episode_id",
  "room_id",
  "arm",
  "arm_label",
  "seed",
  "item",
  "quantity",
  "buyer_min",
  "buyer_max",
  "status",
  "result",
  "seller",
  "price",
  "deal_quantity",
  "rounds",
  "forced",
  "range_exists",
  "range_low",
  "available_surplus",
  "buyer_surplus",
  "seller_surplus_over_cost",
  "seller_surplus_over_floor",
  "buyer_share",
  "money_left_on_table",
  "savings_against_list",
  "correct_no_deal",
  "rule_violations",
  "hidden_costs",
  "hidden_floors",
  "list_prices",
  "stocks",
  "calls",
  "input_tokens",
  "output_tokens",
  "tokens_estimated",
  "cost_usd",
  "duration_ms",
  "config_hash",
  "provider",
  "model",
  "release",
] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per room: hidden values, outcome, surplus, tokens and cost, with the manifest's identity on every row. */
export function toCsv(bundle: ExportBundle): string {
  const byEpisode = new Map(bundle.manifest.episodes.map((e) => [e.episodeId, e]));
  const configs = new Map(bundle.episodes.map((e) => [e.id, e.config]));
  const rows = bundle.rooms.map((room) => {
    const m = byEpisode.get(room.episodeId);
    const item = configs.get(room.episodeId)?.buyer.items[room.position];
    const e = room.economics;
    const sellers = (pick: (s: RoomEconomics["sellers"][number]) => number) =>
      e?.sellers.map((s) => `${s.seller}=${pick(s)}`).join(";");
    const record: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      episode_id: room.episodeId,
      room_id: room.id,
      arm: m?.arm,
      arm_label: m?.armLabel,
      seed: m?.seed,
      item: room.itemName,
      quantity: item?.quantity,
      buyer_min: item?.minPrice,
      buyer_max: item?.maxPrice,
      status: room.status,
      result: e?.result ?? (room.status === "no_sellers" ? "no_deal" : "open"),
      seller: e?.deal?.seller,
      price: e?.deal?.price,
      deal_quantity: e?.deal?.quantity,
      rounds: e?.rounds,
      forced: e?.deal?.forced,
      range_exists: e?.rangeExists ?? (room.status === "no_sellers" ? false : undefined),
      range_low: e?.range?.low,
      available_surplus: e?.availableSurplus,
      buyer_surplus: e?.deal?.buyerSurplus,
      seller_surplus_over_cost: e?.deal?.sellerSurplusOverCost,
      seller_surplus_over_floor: e?.deal?.sellerSurplusOverFloor,
      buyer_share: e?.deal?.buyerShare,
      money_left_on_table: e?.deal?.moneyLeftOnTable,
      savings_against_list: e?.deal?.savingsAgainstList,
      correct_no_deal: e?.correctNoDeal,
      rule_violations: e ? e.violations.length : undefined,
      hidden_costs: sellers((s) => s.cost),
      hidden_floors: sellers((s) => s.floor),
      list_prices: sellers((s) => s.listPrice),
      stocks: sellers((s) => s.stock),
      calls: room.usage?.calls ?? 0,
      input_tokens: room.usage?.inputTokens ?? 0,
      output_tokens: room.usage?.outputTokens ?? 0,
      tokens_estimated: room.usage?.estimated ?? false,
      cost_usd: room.usage ? Math.round(room.usage.costUsd * 1e6) / 1e6 : 0,
      duration_ms:
        room.startedAt && room.endedAt
          ? Date.parse(room.endedAt) - Date.parse(room.startedAt)
          : undefined,
      config_hash: m?.configHash,
      provider: m?.provider,
      model: m?.model,
      release: bundle.manifest.release,
    };
    return CSV_COLUMNS.map((c) => cell(record[c])).join(",");
  });
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}

const lineSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("manifest"),
      format: z.literal(EXPORT_FORMAT, { error: `Only ${EXPORT_FORMAT} files can be imported` }),
    })
    .passthrough(),
  z
    .object({
      kind: z.literal("episode"),
      id: z.string().min(1),
      config: z.record(z.string(), z.unknown()),
    })
    .passthrough(),
  z
    .object({
      kind: z.literal("room"),
      episodeId: z.string(),
      id: z.string(),
      position: z.number().int().min(0),
      itemName: z.string(),
      sellers: z.array(z.string()),
      status: z.enum(["planned", "running", "completed", "failed", "interrupted", "no_sellers"]),
      startedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
    })
    .passthrough(),
  z.object({
    kind: z.literal("event"),
    roomId: z.string(),
    event: z
      .object({ type: z.string(), seq: z.number().int().min(1), at: z.string() })
      .passthrough(),
  }),
]);

export type ParsedLine = z.infer<typeof lineSchema>;

/** Parses an export line by line; a bad line is named by its number. */
export function parseJsonl(text: string): {
  lines: ParsedLine[];
  errors: Array<{ path: string; message: string }>;
} {
  const lines: ParsedLine[] = [];
  const errors: Array<{ path: string; message: string }> = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      errors.push({ path: `line ${index + 1}`, message: "Not valid JSON" });
      return;
    }
    const parsed = lineSchema.safeParse(value);
    if (parsed.success) lines.push(parsed.data);
    else
      errors.push({
        path: `line ${index + 1}${parsed.error.issues[0]?.path.length ? "." + parsed.error.issues[0].path.join(".") : ""}`,
        message: parsed.error.issues[0]?.message ?? "Invalid",
      });
  });
  return { lines, errors };
}
