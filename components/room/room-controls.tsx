"use client";

import { useState } from "react";
import { Play, RotateCcw, Send, Square } from "lucide-react";
import type { SellerOffers } from "@/lib/client/room-view-model";
import { Button, TextInput } from "@/components/ui/primitives";
import { ForceDecisionDialog, type ForcedChoice } from "./force-decision-dialog";

type Props = {
  status: string;
  offers: SellerOffers[];
  busy: boolean;
  onStart: (mode: "start" | "resume" | "restart") => Promise<void>;
  onStop: () => Promise<void>;
  onForce: (choice: ForcedChoice) => Promise<void>;
  onPost: (text: string) => Promise<boolean>;
};

export function RoomControls({ status, offers, busy, onStart, onStop, onForce, onPost }: Props) {
  const [text, setText] = useState("");
  const running = status === "running";
  const finished = status === "completed";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {status === "planned" && (
          <Button onClick={() => void onStart("start")} disabled={busy} data-testid="start">
            <Play aria-hidden className="size-4" /> Start
          </Button>
        )}
        {(status === "failed" || status === "interrupted") && (
          <Button onClick={() => void onStart("resume")} disabled={busy} data-testid="resume">
            <Play aria-hidden className="size-4" /> Retry from here
          </Button>
        )}
        {(finished || status === "failed" || status === "interrupted") && (
          <Button
            variant="secondary"
            onClick={() => void onStart("restart")}
            disabled={busy}
            data-testid="restart"
          >
            <RotateCcw aria-hidden className="size-4" /> Restart
          </Button>
        )}
        {running && (
          <Button
            variant="secondary"
            onClick={() => void onStop()}
            disabled={busy}
            data-testid="stop"
          >
            <Square aria-hidden className="size-4" /> Stop
          </Button>
        )}
        <ForceDecisionDialog
          offers={offers}
          disabled={busy || finished || status === "planned"}
          onConfirm={onForce}
        />
      </div>
      {!finished && (
        <form
          className="flex gap-2"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await onPost(text)) setText("");
          }}
        >
          <label htmlFor="post-message" className="sr-only">
            Message to the agents
          </label>
          <TextInput
            id="post-message"
            placeholder="Say something to the agents (they read it next round)"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="message-input"
          />
          <Button
            type="submit"
            variant="secondary"
            disabled={busy || !text.trim()}
            data-testid="send-message"
          >
            <Send aria-hidden className="size-4" /> Send
          </Button>
        </form>
      )}
    </div>
  );
}
