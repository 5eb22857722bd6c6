"use client";

import * as Dialog from "@radix-ui/react-alert-dialog";
import { loadSentry } from "@mams/sentry-loader";
import { useParams } from "next/navigation";
import { useState } from "react";

/** Sentry user feedback, tied to the episode and room on screen. */
export default function FeedbackDialog({ onClose }: { onClose: () => void }) {
  const params = useParams<{ id?: string; roomId?: string }>();
  const [message, setMessage] = useState("");
  const [sent, setSent] = useState(false);
  const [failed, setFailed] = useState(false);
  const submit = async () => {
    if (!message.trim()) return;
    // The SDK may still be on its way (it loads at idle time): this waits for it, or fetches it now.
    const sentry = await loadSentry();
    // No SDK means no DSN was configured for this build: say so rather than pretend it was sent.
    if (!sentry) return setFailed(true);
    sentry.captureFeedback(
      { message: message.trim(), url: window.location.pathname },
      // includeReplay: the buffered Session Replay of the last minute is sent and linked to the report.
      {
        includeReplay: true,
        captureContext: {
          tags: {
            ...(params.id && { session_id: params.id }),
            ...(params.roomId && { negotiation_id: params.roomId }),
          },
        },
      },
    );
    setSent(true);
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content
          className="fixed top-1/2 left-1/2 w-[92vw] max-w-md -translate-x-1/2 -translate-y-1/2 space-y-3 rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900"
          data-testid="feedback-dialog"
        >
          <Dialog.Title className="text-lg font-semibold">Report a problem</Dialog.Title>
          {sent ? (
            <Dialog.Description className="text-sm" data-testid="feedback-sent">
              Thank you. Your report was sent with the page you are on.
            </Dialog.Description>
          ) : (
            <>
              <Dialog.Description className="text-sm text-slate-600 dark:text-slate-300">
                What went wrong? Your report includes this page&apos;s episode and room.
              </Dialog.Description>
              {failed && (
                <p
                  role="alert"
                  className="text-sm text-red-700 dark:text-red-400"
                  data-testid="feedback-failed"
                >
                  Problem reports are switched off for this deployment (no Sentry DSN was set when
                  it was built). Nothing was sent.
                </p>
              )}
              <label htmlFor="feedback-message" className="sr-only">
                Describe the problem
              </label>
              <textarea
                id="feedback-message"
                data-testid="feedback-message"
                className="h-28 w-full rounded-md border border-slate-300 p-2 text-sm dark:border-slate-700 dark:bg-slate-950"
                value={message}
                onChange={(e) => setMessage(e.target.value)}
              />
            </>
          )}
          <div className="flex justify-end gap-2">
            <Dialog.Cancel className="rounded-md px-3 py-1.5 text-sm">
              {sent ? "Close" : "Cancel"}
            </Dialog.Cancel>
            {!sent && (
              <button
                type="button"
                onClick={() => void submit()}
                disabled={!message.trim()}
                data-testid="feedback-submit"
                className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
              >
                Send
              </button>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
