"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { SellerOffers } from "@/lib/client/room-view-model";

const COLORS = [
  "#2563eb",
  "#059669",
  "#d97706",
  "#dc2626",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#65a30d",
  "#9333ea",
  "#475569",
];

/** Each seller's offer price by round, with the buyer's maximum as a dashed line. Loaded only on the room screen. */
export default function OfferChart({
  offers,
  maxRounds,
  maxPrice,
}: {
  offers: SellerOffers[];
  maxRounds: number;
  maxPrice: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const rounds = Array.from({ length: maxRounds }, (_, i) => i + 1);
    const series = offers.map((o) =>
      rounds.map((r) => o.history.find((h) => h.round === r)?.price ?? null),
    );
    const data = [rounds, ...series, rounds.map(() => maxPrice)] as uPlot.AlignedData;
    const plot = new uPlot(
      {
        width: host.current.clientWidth || 320,
        height: 220,
        scales: { x: { time: false } },
        legend: { live: false },
        axes: [
          { label: "Round", stroke: "#64748b", splits: () => rounds },
          { label: "Price / unit", stroke: "#64748b" },
        ],
        series: [
          {},
          ...offers.map((o, i) => ({
            label: o.seller,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
            points: { show: true },
          })),
          {
            label: "Max budget",
            stroke: "#94a3b8",
            dash: [6, 4],
            width: 1,
            points: { show: false },
          },
        ],
      },
      data,
      host.current,
    );
    const resize = () =>
      host.current && plot.setSize({ width: host.current.clientWidth, height: 220 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      plot.destroy();
    };
  }, [offers, maxRounds, maxPrice]);
  return (
    <div
      ref={host}
      data-testid="offer-chart"
      role="img"
      aria-label="Offer price by round for each seller"
    />
  );
}
