import "server-only";
import pg from "pg";

type Handler = (payload: string) => void;

/**
 * One dedicated connection per instance for LISTEN. A dropped connection is re-opened (with a short
 * back-off) and `onReconnect` runs, so listeners can re-read from storage what they may have missed.
 */
export class PgListener {
  private client?: pg.Client;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectHooks = new Set<() => void>();
  private closed = false;
  private connecting?: Promise<void>;

  constructor(private readonly connectionString: string) {}

  async start(): Promise<void> {
    this.connecting ??= this.connect();
    await this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: "mams-listen",
    });
    client.on("notification", (message) => {
      for (const handler of this.handlers.get(message.channel) ?? [])
        handler(message.payload ?? "");
    });
    client.on("error", () => this.reconnect(client));
    client.on("end", () => this.reconnect(client));
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private reconnect(dead: pg.Client): void {
    if (this.closed || this.client !== dead) return;
    this.client = undefined;
    const retry = () => {
      if (this.closed) return;
      this.connecting = this.connect().then(
        () => this.reconnectHooks.forEach((hook) => hook()),
        () => void setTimeout(retry, 1_000).unref(),
      );
    };
    retry();
  }

  /** Channel names are fixed identifiers of this app, never user input. */
  async listen(channel: string, handler: Handler): Promise<() => void> {
    let set = this.handlers.get(channel);
    if (!set) {
      this.handlers.set(channel, (set = new Set()));
      await this.client?.query(`LISTEN ${channel}`);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  onReconnect(hook: () => void): void {
    this.reconnectHooks.add(hook);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
