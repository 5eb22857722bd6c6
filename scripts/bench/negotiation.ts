import { createParser } from "eventsource-parser";
import type { EpisodeConfig } from "../../lib/domain/schemas";
import { percentile } from "./load";

/** 10 sellers × 10 rounds: the buyer's budget sits below every floor, so the room runs all ten rounds. */
export function bigRoomConfig(): EpisodeConfig {
  return {
    buyer: { name: "Bench", items: [{ name: "Widget", quantity: 5, minPrice: 10, maxPrice: 40 }] },
    sellers: Array.from({ length: 10 }, (_, i) => ({
      name: `Seller${i + 1}`,
      priority: i % 2 ? "customer_retention" : "maximize_profit",
      style: (["rude", "neutral", "very_sweet"] as const)[i % 3]!,
      inventory: [
        { itemName: "Widget", costPrice: 45, leastPrice: 50 + i, sellingPrice: 90 + i, stock: 100 },
      ],
    })),
    llm: {
      provider: "simulated",
      model: "mams-sim-1",
      temperature: 0,
      maxTokens: 256,
      maxRounds: 10,
      seed: 7,
    },
  };
}

const parseAt = (at: string) =>
  Date.parse(at.includes("T") ? at : `${at.replace(" ", "T")}${/[+-]\d\d$/.test(at) ? ":00" : ""}`);

/** Starts the big room with `viewers` streams open; returns time to completion and per-event delivery delays. */
export async function negotiationRun(origin: string, viewers: number) {
  const created = await (
    await fetch(`${origin}/api/episodes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(bigRoomConfig()),
    })
  ).json();
  const roomId = created.episode.rooms[0].id as string;
  const delays: number[] = [];
  let events = 0;
  const streams = Array.from({ length: viewers }, async () => {
    const response = await fetch(`${origin}/api/rooms/${roomId}/stream`);
    const parser = createParser({
      onEvent: (message) => {
        if (!message.id) return;
        const received = Date.now();
        const event = JSON.parse(message.data) as { at: string };
        delays.push(received - parseAt(event.at));
        events += 1;
      },
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  });
  await new Promise((r) => setTimeout(r, 300)); // every viewer connected before the start
  const started = Date.now();
  await fetch(`${origin}/api/rooms/${roomId}/start`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  await Promise.all(streams);
  const completionMs = Date.now() - started;
  delays.sort((a, b) => a - b);
  return {
    completionMs,
    eventsPerViewer: events / viewers,
    delayP50: percentile(delays, 50),
    delayP95: percentile(delays, 95),
  };
}
