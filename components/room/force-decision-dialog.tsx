"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useState } from "react";
import { Gavel } from "lucide-react";
import type { SellerOffers } from "@/lib/client/room-view-model";
import { Button, Select, money } from "@/components/ui/primitives";

export type ForcedChoice = { action: "accept"; offerId: string } | { action: "no_deal" };

export function ForceDecisionDialog({
  offers,
  disabled,
  onConfirm,
}: {
  offers: SellerOffers[];
  disabled: boolean;
  onConfirm: (choice: ForcedChoice) => Promise<void>;
}) {
  const current = offers.flatMap((o) => (o.latest ? [o.latest] : []));
  const [choice, setChoice] = useState<string>("no_deal");
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <Button variant="secondary" disabled={disabled} data-testid="force-decision">
          <Gavel aria-hidden className="size-4" /> Force decision
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-black/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 w-[92vw] max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
          <AlertDialog.Title className="text-lg font-semibold">Force a decision</AlertDialog.Title>
          <AlertDialog.Description className="text-sm text-slate-600 dark:text-slate-300">
            This ends the negotiation now. Accept one seller&apos;s current offer, or end without a
            deal.
          </AlertDialog.Description>
          <label htmlFor="forced-choice" className="block text-xs font-medium">
            Decision
          </label>
          <Select
            id="forced-choice"
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            data-testid="forced-choice"
          >
            <option value="no_deal">End without a deal</option>
            {current.map((offer) => (
              <option key={offer.id} value={offer.id}>
                Accept {offer.seller}: {money(offer.price)} × {offer.quantity}
              </option>
            ))}
          </Select>
          <div className="flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="ghost">Cancel</Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <Button
                variant="danger"
                data-testid="confirm-decision"
                onClick={() =>
                  void onConfirm(
                    choice === "no_deal"
                      ? { action: "no_deal" }
                      : { action: "accept", offerId: choice },
                  )
                }
              >
                Confirm
              </Button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
