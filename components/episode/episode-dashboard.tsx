"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Play, PlayCircle } from "lucide-react";
import type { EpisodeView, RoomView } from "@/lib/server/read-models/views";
import { apiFetch, userStep } from "@/lib/client/api";
import { isAppError } from "@/lib/errors/app-error";
import { Badge, Button, Card, StatusBadge, money } from "@/components/ui/primitives";
import { ExportLinks } from "./export-links";

const POLL_MS = 1_500;

export function EpisodeDashboard({
  initial,
  readOnly = false,
}: {
  initial: EpisodeView;
  readOnly?: boolean;
}) {
  const [episode, setEpisode] = useState(initial);
  const [error, setError] = useState<string>();
  const refresh = useCallback(async () => {
    const { episode: next } = await apiFetch<{ episode: EpisodeView }>(
      `/api/episodes/${initial.id}`,
    );
    setEpisode(next);
  }, [initial.id]);

  useEffect(() => {
    if (!episode.counts.running) return;
    const timer = setInterval(() => void refresh().catch(() => undefined), POLL_MS);
    return () => clearInterval(timer);
  }, [episode.counts.running, refresh]);

  const start = async (rooms: RoomView[]) => {
    setError(undefined);
    try {
      for (const room of rooms) {
        await apiFetch(`/api/rooms/${room.id}/start`, {
          method: "POST",
          json: {
            mode: room.status === "failed" || room.status === "interrupted" ? "resume" : "start",
          },
        });
        userStep("room started", { episodeId: episode.id, roomId: room.id });
      }
    } catch (e) {
      setError(isAppError(e) ? e.message : "The room could not be started.");
    }
    await refresh();
  };

  const { counts } = episode;
  const done = counts.completed + counts.noSellers;
  const startable = readOnly
    ? []
    : episode.rooms.filter((r) => ["planned", "failed", "interrupted"].includes(r.status));
  return (
    <div className="space-y-6" data-testid="dashboard">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">
            {episode.buyerName}&apos;s shopping list{" "}
            {readOnly && (
              <Badge tone="amber" data-testid="read-only">
                imported · read-only
              </Badge>
            )}
          </h1>
          <p className="text-sm text-slate-500">
            {episode.config.llm.provider} / {episode.config.llm.model} · up to{" "}
            {episode.config.llm.maxRounds} rounds
          </p>
        </div>
        <div className="flex gap-2">
          <Button
            onClick={() => void start(startable)}
            disabled={!startable.length}
            data-testid="start-all"
          >
            <PlayCircle aria-hidden className="size-4" /> Start all
          </Button>
          <Link
            href={`/episodes/${episode.id}/summary`}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
            data-testid="summary-link"
          >
            Summary
          </Link>
          <ExportLinks
            base={`/api/episodes/${episode.id}/export`}
            name={`mams-episode-${episode.id}`}
          />
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="counters">
        {[
          ["Planned", counts.planned + counts.failed + counts.interrupted],
          ["Running", counts.running],
          ["Completed", counts.completed],
          ["No sellers", counts.noSellers],
        ].map(([label, value]) => (
          <Card key={label} className="py-3">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd
              className="text-2xl font-semibold"
              data-testid={`count-${String(label).toLowerCase().replace(" ", "-")}`}
            >
              {value}
            </dd>
          </Card>
        ))}
      </dl>
      <div>
        <div
          className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
          role="progressbar"
          aria-label="Rooms finished"
          aria-valuemin={0}
          aria-valuemax={counts.total}
          aria-valuenow={done}
        >
          <div
            className="h-full bg-emerald-500 transition-all"
            style={{ width: `${counts.total ? (done / counts.total) * 100 : 0}%` }}
          />
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {done} of {counts.total} rooms finished · {counts.deals} bought
        </p>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <ul className="grid gap-3 md:grid-cols-2">
        {episode.rooms.map((room) => (
          <li key={room.id}>
            <RoomCard
              room={room}
              episodeId={episode.id}
              onStart={readOnly ? undefined : () => void start([room])}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

function RoomCard({
  room,
  episodeId,
  onStart,
}: {
  room: RoomView;
  episodeId: string;
  onStart?: () => void;
}) {
  const deal = room.outcome?.kind === "deal" ? room.outcome : undefined;
  return (
    <Card className="space-y-2" data-testid="room-card" data-room-id={room.id}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-medium">
          {room.item.quantity} × {room.itemName}
        </h2>
        <StatusBadge status={room.status} />
      </div>
      <p className="text-xs text-slate-500">
        {room.sellers.length
          ? `Sellers: ${room.sellers.join(", ")}`
          : "No sellers available: no seller stocks this item."}
      </p>
      <p className="text-sm" data-testid="room-result">
        {deal
          ? `Deal: ${deal.seller}, ${money(deal.price)} × ${deal.quantity} = ${money(deal.total)}`
          : room.outcome?.kind === "no_deal"
            ? `No deal: ${room.outcome.reason}`
            : room.error
              ? `Failed: ${room.error.message}`
              : room.bestOffer
                ? `Best offer so far: ${room.bestOffer.seller} at ${money(room.bestOffer.price)}`
                : room.sellers.length
                  ? `Budget ${money(room.item.minPrice)}–${money(room.item.maxPrice)} per unit`
                  : ""}
      </p>
      {room.sellers.length > 0 && (
        <div className="flex gap-2">
          {onStart && ["planned", "failed", "interrupted"].includes(room.status) && (
            <Button variant="secondary" onClick={onStart} data-testid="start-room">
              <Play aria-hidden className="size-4" />{" "}
              {room.status === "planned" ? "Start" : "Resume"}
            </Button>
          )}
          <Link
            href={`/episodes/${episodeId}/rooms/${room.id}`}
            className="rounded-md px-3 py-1.5 text-sm text-brand-700 underline dark:text-brand-50"
            data-testid="open-room"
          >
            Open
          </Link>
        </div>
      )}
    </Card>
  );
}
