import type { EpisodeConfig } from "./schemas";

/** "Use sample data": a laptop, a mouse and a webcam nobody stocks, three shops. */
export const sampleEpisodeConfig: EpisodeConfig = {
  buyer: {
    name: "Alex",
    items: [
      { name: "Laptop", quantity: 2, minPrice: 700, maxPrice: 950 },
      { name: "Wireless mouse", quantity: 5, minPrice: 15, maxPrice: 30 },
      { name: "Webcam", quantity: 1, minPrice: 40, maxPrice: 80 },
    ],
  },
  sellers: [
    {
      name: "TechHub",
      priority: "maximize_profit",
      style: "neutral",
      inventory: [
        { itemName: "Laptop", costPrice: 650, leastPrice: 820, sellingPrice: 1100, stock: 10 },
        { itemName: "Wireless mouse", costPrice: 8, leastPrice: 18, sellingPrice: 35, stock: 50 },
      ],
    },
    {
      name: "GadgetWorld",
      priority: "customer_retention",
      style: "very_sweet",
      inventory: [
        { itemName: "Laptop", costPrice: 640, leastPrice: 780, sellingPrice: 1050, stock: 4 },
      ],
    },
    {
      name: "BargainBin",
      priority: "customer_retention",
      style: "rude",
      inventory: [
        { itemName: "wireless  MOUSE", costPrice: 6, leastPrice: 12, sellingPrice: 25, stock: 3 },
      ],
    },
  ],
  llm: {
    provider: "simulated",
    model: "mams-sim-1",
    temperature: 0.7,
    maxTokens: 512,
    maxRounds: 6,
    seed: 42,
  },
};
