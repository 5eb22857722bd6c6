import { clsx } from "clsx";
import { Fragment, useEffect, useRef } from "react";
import type { ChatEntry } from "@/lib/client/room-view-model";
import { parseMentions } from "@/lib/engine/mentions";
import { Badge, money } from "@/components/ui/primitives";

function withMentions(text: string, sellers: readonly string[]) {
  const names = parseMentions(text, sellers);
  if (!names.length) return text;
  const pattern = new RegExp(
    `(@(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")}))`,
    "g",
  );
  return text.split(pattern).map((part, i) =>
    part.startsWith("@") && names.includes(part.slice(1)) ? (
      <mark
        key={i}
        className="rounded bg-sky-100 px-0.5 font-medium text-sky-900 dark:bg-sky-900 dark:text-sky-100"
      >
        {part}
      </mark>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

export function ChatLog({
  chat,
  sellers,
  buyerName,
  thinking,
}: {
  chat: ChatEntry[];
  sellers: string[];
  buyerName: string;
  thinking: string[];
}) {
  const end = useRef<HTMLLIElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the end each time a message arrives
  useEffect(() => {
    // Chromium 140+ returns a promise from scrollIntoView: never hand it to React as a cleanup.
    end.current?.scrollIntoView({ block: "nearest" });
  }, [chat.length]);
  return (
    // Focusable, so a keyboard can scroll the chat once it overflows (WCAG 2.1.1).
    <ol
      className="max-h-[60vh] space-y-3 overflow-y-auto pr-1"
      tabIndex={0}
      aria-label="Negotiation chat"
      aria-live="polite"
      data-testid="chat"
    >
      {chat.length === 0 && <li className="text-sm text-slate-500">Nothing has been said yet.</li>}
      {chat.map((entry) => (
        <li
          key={entry.seq}
          data-testid="chat-entry"
          data-seq={entry.seq}
          data-kind={entry.kind}
          className={clsx("flex", entry.kind === "buyer" ? "justify-end" : "justify-start")}
        >
          {entry.kind === "resumed" ? (
            <p
              className="mx-auto rounded-full bg-slate-100 px-3 py-1 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300"
              data-testid="run-resumed"
            >
              Round {entry.round}: {entry.reason}
            </p>
          ) : entry.kind === "passed" ? (
            <p
              className="mx-auto rounded-full bg-amber-50 px-3 py-1 text-xs text-amber-800 dark:bg-amber-950 dark:text-amber-200"
              data-testid="turn-passed"
              title={entry.reason}
            >
              Round {entry.round}: <strong>{entry.agent}</strong> passed — the answer could not be
              used ({entry.cause.replace(/_/g, " ")})
            </p>
          ) : entry.kind === "decision" ? (
            <p className="mx-auto rounded-full bg-slate-100 px-3 py-1 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              Round {entry.round} decision: <strong>{entry.action.replace("_", " ")}</strong>
              {entry.forced && " (by you)"} — {entry.reason}
            </p>
          ) : (
            <div
              className={clsx(
                "max-w-[85%] rounded-2xl px-3 py-2 text-sm shadow-sm",
                entry.kind === "buyer" && "bg-brand-600 text-white",
                entry.kind === "seller" && "bg-white dark:bg-slate-800",
                entry.kind === "user" &&
                  "border border-dashed border-amber-400 bg-amber-50 dark:bg-amber-950",
              )}
            >
              <p className="mb-0.5 text-xs font-semibold opacity-80">
                {entry.kind === "buyer"
                  ? buyerName
                  : entry.kind === "seller"
                    ? entry.seller
                    : "You (observer)"}{" "}
                · round {entry.round}
              </p>
              <p>{withMentions(entry.text, sellers)}</p>
              {entry.kind === "seller" && entry.offer && (
                <p className="mt-1 text-xs font-medium">
                  Offer: {money(entry.offer.price)} × {entry.offer.quantity}
                  {entry.offer.conditions && ` — ${entry.offer.conditions}`}
                </p>
              )}
              {entry.kind === "seller" && entry.rejected && (
                <Badge tone="red" className="mt-1">
                  Invalid offer ({entry.rejected.reason.replace("_", " ")}):{" "}
                  {money(entry.rejected.price)} × {entry.rejected.quantity}
                </Badge>
              )}
            </div>
          )}
        </li>
      ))}
      {thinking.length > 0 && (
        <li className="text-xs italic text-slate-500" data-testid="thinking">
          {thinking.map((who) => (who === "buyer" ? buyerName : who)).join(", ")}{" "}
          {thinking.length === 1 ? "is" : "are"} thinking…
        </li>
      )}
      <li ref={end} aria-hidden />
    </ol>
  );
}
