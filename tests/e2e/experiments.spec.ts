import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { ExperimentPages, snapshot } from "./pages/mams-pages";

test("an experiment of 2 arms × 10 seeds on the simulated provider, built in the UI, runs to results with intervals and exports 20 rows per item", async ({
  page,
}, testInfo) => {
  test.setTimeout(360_000);
  const experiments = new ExperimentPages(page);
  await experiments.openBuilder();
  await experiments.field("exp-name").fill("retention vs profit");
  await experiments.field("exp-items").fill("2");
  await experiments.field("exp-sellers").fill("2");
  await experiments.field("exp-rounds").fill("4");
  await expect(experiments.field("exp-seeds")).toHaveValue("10");
  await experiments.field("arm-0-label").fill("retention");
  await experiments.field("arm-0-priority").selectOption("customer_retention");
  await experiments.field("arm-1-label").fill("profit");
  await experiments.field("arm-1-priority").selectOption("maximize_profit");
  await snapshot(page, testInfo, "experiment-builder");
  await experiments.run();

  await expect(experiments.root()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("experiment-progress")).toContainText("/ 20 runs", {
    timeout: 30_000,
  });
  await experiments.waitForStatus("completed");
  await expect(page.getByTestId("experiment-progress")).toContainText("20 / 20 runs");
  await snapshot(page, testInfo, "experiment-results");

  // Mean [low, high] for each arm, and the paired difference with its interval.
  const cells = experiments.metricRow("rounds").getByTestId("arm-interval");
  await expect(cells).toHaveCount(2);
  for (const text of await cells.allTextContents())
    expect(text).toMatch(/^\d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\]$/);
  await expect(experiments.metricRow("dealRate").getByTestId("difference-interval")).toContainText(
    "[",
  );
  await expect(page.getByTestId("interval-chart").first()).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-csv").click(),
  ]);
  const csv = await readFile((await download.path())!, "utf8");
  const [header, ...rows] = csv.trim().split("\r\n");
  const columns = header!.split(",");
  const item = columns.indexOf("item");
  const arm = columns.indexOf("arm_label");
  expect(rows).toHaveLength(40);
  const perItem = new Map<string, number>();
  for (const row of rows)
    perItem.set(row.split(",")[item]!, (perItem.get(row.split(",")[item]!) ?? 0) + 1);
  expect([...perItem.values()]).toEqual([20, 20]);
  expect(rows.filter((r) => r.split(",")[arm] === "profit")).toHaveLength(20);
});
