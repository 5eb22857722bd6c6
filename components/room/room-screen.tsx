"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { AlertTriangle, Wifi, WifiOff } from "lucide-react";
import type { PublicConfig, RoomView } from "@/lib/server/read-models/views";
import { apiFetch, userStep } from "@/lib/client/api";
import { bestOfferId, roomViewModel } from "@/lib/client/room-view-model";
import { useRoomStream, type ConnectionState } from "@/lib/client/use-room-stream";
import type { RoomEvent } from "@/lib/domain/stream-events";
import { isAppError } from "@/lib/errors/app-error";
import { Badge, Card, StatusBadge, money } from "@/components/ui/primitives";
import { ChatLog } from "./chat-log";
import { OffersPanel } from "./offers-panel";
import { EconomicsPanel } from "./economics-panel";
import { closedRoomEconomics } from "@/lib/engine/economics";
import { planRooms } from "@/lib/engine/matching";
import { RoomControls } from "./room-controls";
import { UsageLine } from "./usage-line";

const OfferChart = dynamic(() => import("./offer-chart"), {
  ssr: false,
  loading: () => <div className="h-[220px]" />,
});

type Props = {
  room: RoomView;
  events: RoomEvent[];
  episode: { id: string; buyerName: string; config: PublicConfig };
  debugThrow?: boolean;
  readOnly?: boolean;
};

const CONNECTION: Record<
  ConnectionState,
  { label: string; tone: "green" | "amber" | "red" | "slate" }
> = {
  connecting: { label: "connecting", tone: "slate" },
  live: { label: "live", tone: "green" },
  reconnecting: { label: "reconnecting", tone: "amber" },
  offline: { label: "offline", tone: "red" },
  ended: { label: "replay", tone: "slate" },
};

export function RoomScreen({
  room,
  events: initialEvents,
  episode,
  debugThrow,
  readOnly = false,
}: Props) {
  if (debugThrow) throw new Error("MAMS debug: room render error");
  const { events, connection, reconnect } = useRoomStream(room.id, initialEvents, episode.id);
  const model = useMemo(() => roomViewModel(events, room.sellers), [events, room.sellers]);
  const economics = useMemo(() => {
    const terms = planRooms(episode.config)[room.position];
    return terms && closedRoomEconomics(terms, events);
  }, [episode.config, room.position, events]);
  const [requested, setRequested] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const status = model.outcome
    ? "completed"
    : model.failure
      ? "failed"
      : (requested ?? (model.started && connection !== "ended" ? "running" : room.status));
  const ids = { episodeId: episode.id, roomId: room.id };
  // Usage is metered on the server per model call and not streamed: the room view is asked again
  // each round and once the room ends, so tokens and cost follow the run.
  const [usage, setUsage] = useState(room.usage);
  const terminal = Boolean(model.outcome || model.failure);
  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: round and terminal are the refresh triggers
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    let current = true;
    apiFetch<{ room: RoomView }>(`/api/rooms/${room.id}`)
      .then(({ room: fresh }) => current && fresh.usage && setUsage(fresh.usage))
      .catch(() => {}); // a missed refresh only leaves the previous numbers
    return () => {
      current = false;
    };
  }, [room.id, model.round, terminal]);

  const act = async (label: string, fn: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await fn();
      userStep(label, ids);
    } catch (error) {
      setActionError(isAppError(error) ? error.message : `Could not ${label}.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4" data-testid="room" data-status={status}>
      <nav className="text-sm">
        <Link
          href={`/episodes/${episode.id}`}
          className="text-brand-700 underline dark:text-brand-50"
        >
          ← {episode.buyerName}&apos;s list
        </Link>
      </nav>
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">
            {room.item.quantity} × {room.itemName}
          </h1>
          <p className="text-sm text-slate-500">
            Budget {money(room.item.minPrice)}–{money(room.item.maxPrice)} per unit ·{" "}
            {room.sellers.join(", ")}
          </p>
          {usage && <UsageLine usage={usage} />}
        </div>
        <div className="flex items-center gap-2">
          <span className="text-sm" data-testid="round-counter">
            Round {model.round} / {episode.config.llm.maxRounds}
          </span>
          <StatusBadge status={status} />
          {readOnly && (
            <Badge tone="amber" data-testid="read-only">
              imported · read-only
            </Badge>
          )}
          <Badge tone={CONNECTION[connection].tone} data-testid="connection">
            {connection === "offline" || connection === "reconnecting" ? (
              <WifiOff aria-hidden className="mr-1 size-3" />
            ) : (
              <Wifi aria-hidden className="mr-1 size-3" />
            )}
            {CONNECTION[connection].label}
          </Badge>
        </div>
      </header>
      {model.failure && (
        <div
          role="alert"
          data-testid="room-failure"
          className="flex items-start gap-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium">The negotiation stopped: {model.failure.message}</p>
            <p className="text-xs">
              Code {model.failure.code}. It has been reported. What was said is kept; you can retry
              from here.
            </p>
          </div>
        </div>
      )}
      {model.outcome && (
        <Card data-testid="outcome" className="border-emerald-300 dark:border-emerald-900">
          {model.outcome.kind === "deal"
            ? `Deal with ${model.outcome.seller}: ${money(model.outcome.price)} × ${model.outcome.quantity} = ${money(model.outcome.total)} after ${model.outcome.rounds} rounds${model.outcome.forced ? " (your decision)" : ""}.`
            : `No deal: ${model.outcome.reason}`}
        </Card>
      )}
      {economics && <EconomicsPanel economics={economics} />}
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <Card>
          <ChatLog
            chat={model.chat}
            sellers={room.sellers}
            buyerName={episode.buyerName}
            thinking={status === "running" ? model.thinking : []}
          />
        </Card>
        <div className="space-y-4">
          <OffersPanel
            offers={model.offers}
            bestId={bestOfferId(model.offers, room.item.maxPrice, room.item.quantity)}
            maxPrice={room.item.maxPrice}
            quantity={room.item.quantity}
          />
          <Card>
            <h2 className="mb-2 font-semibold">Offer price by round</h2>
            <OfferChart
              offers={model.offers}
              maxRounds={episode.config.llm.maxRounds}
              maxPrice={room.item.maxPrice}
            />
          </Card>
        </div>
      </div>
      {actionError && (
        <p role="alert" className="text-sm text-red-700" data-testid="action-error">
          {actionError}
        </p>
      )}
      {!readOnly && (
        <RoomControls
          status={status}
          offers={model.offers}
          busy={busy}
          onStart={(mode) =>
            act(mode === "start" ? "room started" : `room ${mode}ed`, async () => {
              await apiFetch(`/api/rooms/${room.id}/start`, { method: "POST", json: { mode } });
              setRequested("running");
              reconnect({ clear: mode === "restart" });
            }).then(() => setRequested(undefined))
          }
          onStop={() =>
            act("room stopped", () =>
              apiFetch(`/api/rooms/${room.id}/stop`, { method: "POST", json: {} }),
            )
          }
          onForce={(choice) =>
            act("decision forced", () =>
              apiFetch(`/api/rooms/${room.id}/decision`, { method: "POST", json: choice }),
            )
          }
          onPost={async (text) => {
            let ok = false;
            await act("message posted", async () => {
              await apiFetch(`/api/rooms/${room.id}/messages`, { method: "POST", json: { text } });
              ok = true;
            });
            return ok;
          }}
        />
      )}
    </div>
  );
}
