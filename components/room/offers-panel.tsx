import type { SellerOffers } from "@/lib/client/room-view-model";
import { Badge, Card, money } from "@/components/ui/primitives";

export function OffersPanel({
  offers,
  bestId,
  maxPrice,
  quantity,
}: {
  offers: SellerOffers[];
  bestId?: string;
  maxPrice: number;
  quantity: number;
}) {
  return (
    <Card className="space-y-2">
      <h2 className="font-semibold">Offers</h2>
      <ul className="space-y-2" data-testid="offers">
        {offers.map(({ seller, latest, rejected }) => {
          const within = latest && latest.price <= maxPrice && latest.quantity >= quantity;
          return (
            <li
              key={seller}
              className="flex flex-wrap items-center justify-between gap-2 text-sm"
              data-testid="offer-row"
              data-seller={seller}
            >
              <span className="font-medium">{seller}</span>
              <span className="flex flex-wrap items-center gap-1">
                {latest ? (
                  <span data-testid="offer-price">
                    {money(latest.price)} × {latest.quantity}{" "}
                    <span className="text-xs text-slate-500">(round {latest.round})</span>
                  </span>
                ) : (
                  <span className="text-slate-500">no offer yet</span>
                )}
                {latest && latest.id === bestId && <Badge tone="green">best price</Badge>}
                {within && <Badge tone="blue">within budget</Badge>}
                {rejected && rejected.round >= (latest?.round ?? 0) && (
                  <Badge tone="red">invalid offer ({rejected.reason.replace("_", " ")})</Badge>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
