import { expect, type Page, type TestInfo } from "@playwright/test";

export const parseMoney = (text: string) => Number(text.replace(/[^0-9.-]/g, ""));

/** Saves a full-page screenshot as a test artifact (look at them: test-results/…). */
export async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/**
 * Browser tracing arrives after first paint (lib/sentry/browser/lazy-tracing.ts); steps whose spans or trace
 * headers a test asserts on wait for it, as a user's later clicks naturally do.
 */
export async function browserTracingReady(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-sentry-tracing", "ready", {
    timeout: 15_000,
  });
}

export class ConfigurePage {
  constructor(readonly page: Page) {}
  async open() {
    await this.page.goto("/");
    await this.page.getByTestId("new-episode").click();
    await expect(this.page.getByTestId("episode-form")).toBeVisible();
  }
  useSampleData = () => this.page.getByTestId("use-sample").click();
  field = (label: string) => this.page.getByLabel(label, { exact: true });
  sellerName = (index: number) => this.page.locator(`#sellers-${index}-name`);
  async create() {
    await this.page.getByTestId("create-episode").click();
  }
  fieldErrors = () => this.page.getByTestId("field-error");
  testConnection = () => this.page.getByTestId("test-connection").click();
  connectionReport = () => this.page.getByTestId("connection-report");
}

export class DashboardPage {
  constructor(readonly page: Page) {}
  async expectLoaded() {
    await expect(this.page.getByTestId("dashboard")).toBeVisible();
  }
  count = (name: string) => this.page.getByTestId(`count-${name}`);
  roomCards = () => this.page.getByTestId("room-card");
  startAll = () => this.page.getByTestId("start-all").click();
  openRoom = (index: number) => this.roomCards().nth(index).getByTestId("open-room").click();
  openSummary = () => this.page.getByTestId("summary-link").click();
}

export class RoomPage {
  constructor(readonly page: Page) {}
  root = () => this.page.getByTestId("room");
  entries = () => this.page.getByTestId("chat-entry");
  async seqs(): Promise<number[]> {
    return await this.entries().evaluateAll((nodes) =>
      nodes.map((n) => Number((n as HTMLElement).dataset.seq)),
    );
  }
  start = () => this.page.getByTestId("start").click();
  passedTurns = () => this.page.getByTestId("turn-passed");
  async waitForStatus(status: string, timeout = 30_000) {
    await expect(this.root()).toHaveAttribute("data-status", status, { timeout });
  }
}

export class SummaryPage {
  constructor(readonly page: Page) {}
  async totals() {
    const rows = await this.page.getByTestId("purchase-total").allTextContents();
    return {
      rows: rows.map(parseMoney),
      spent: parseMoney((await this.page.getByTestId("total-spent").textContent()) ?? ""),
    };
  }
}

export class ExperimentPages {
  constructor(readonly page: Page) {}
  async openBuilder() {
    await this.page.goto("/experiments");
    await this.page.getByTestId("new-experiment").click();
    await expect(this.page.getByTestId("experiment-form")).toBeVisible();
  }
  field = (id: string) => this.page.locator(`#${id}`);
  run = () => this.page.getByTestId("run-experiment").click();
  root = () => this.page.getByTestId("experiment");
  async waitForStatus(status: string, timeout = 240_000) {
    await expect(this.root()).toHaveAttribute("data-status", status, { timeout });
  }
  metricRow = (key: string) => this.page.getByTestId(`metric-${key}`);
}
