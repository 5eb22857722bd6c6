import {
  normaliseName,
  type EpisodeConfig,
  type InventoryLine,
  type Seller,
  type ShoppingItem,
} from "@/lib/domain/schemas";

export type RoomSeller = Pick<Seller, "name" | "priority" | "style"> & { line: InventoryLine };

export type RoomPlan = { item: ShoppingItem; sellers: RoomSeller[] };

/** One room per list item, with the sellers whose inventory has it by normalised name (even at zero stock). */
export function planRooms(config: Pick<EpisodeConfig, "buyer" | "sellers">): RoomPlan[] {
  return config.buyer.items.map((item) => {
    const key = normaliseName(item.name);
    const sellers = config.sellers.flatMap((seller) => {
      const line = seller.inventory.find((l) => normaliseName(l.itemName) === key);
      return line
        ? [{ name: seller.name, priority: seller.priority, style: seller.style, line }]
        : [];
    });
    return { item, sellers };
  });
}
