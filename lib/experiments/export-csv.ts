import "server-only";
import type { RoomEconomics } from "@/lib/engine/economics";
import type { ExportBundle } from "./export-format";

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
