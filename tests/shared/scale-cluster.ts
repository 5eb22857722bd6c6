import { execFileSync } from "node:child_process";
import { createParser } from "eventsource-parser";
import pg from "pg";
import type { RoomEvent } from "../../lib/domain/stream-events";
import { startServerProcess, type ServerProcess } from "../e2e/support/build-runner";

/**
 * A PostgreSQL database for the scale-out tests: in the one CI starts (TEST_DATABASE_URL, from
 * scripts/test-postgres.sh), or in a throw-away cluster of our own started with the same script.
 */
export async function scaleDatabase(name: string): Promise<{ url: string; stop: () => void }> {
  let base = process.env.TEST_DATABASE_URL;
  let stop = () => {};
  if (!base) {
    const state = "/tmp/mams-scale-postgres";
    const out = execFileSync("bash", ["scripts/test-postgres.sh", "start"], {
      env: { ...process.env, MAMS_TEST_PG_STATE: state },
      encoding: "utf8",
    });
    base = /TEST_DATABASE_URL=(\S+)/.exec(out)![1]!;
    stop = () =>
      execFileSync("bash", ["scripts/test-postgres.sh", "stop"], {
        env: { ...process.env, MAMS_TEST_PG_STATE: state },
      });
  }
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop };
}

export type Node = {
  name: string;
  port: number;
  base: string;
  server?: ServerProcess;
  alive: boolean;
};

export async function startNodes(
  names: string[],
  firstPort: number,
  env: Record<string, string>,
): Promise<Node[]> {
  const nodes = names.map(
    (name, i) =>
      ({
        name,
        port: firstPort + i,
        base: `http://127.0.0.1:${firstPort + i}`,
        alive: false,
      }) as Node,
  );
  await Promise.all(
    nodes.map(async (node) => {
      node.server = await startServerProcess(
        { ...env, MAMS_INSTANCE_NAME: node.name, MAMS_DATA_DIR: `tmp/e2e-data-${node.name}` },
        node.port,
      );
      node.alive = true;
    }),
  );
  return nodes;
}

export const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;

export async function postJson<T = unknown>(
  base: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/**
 * A viewer as the browser is one: SSE from some instance, and when that instance goes away, again from
 * another with Last-Event-ID. Keeps every event it received, in the order received.
 */
export function watchRoom(
  roomId: string,
  nodes: () => Node[],
  onEvent?: (event: RoomEvent, node: Node) => void,
): { received: RoomEvent[]; reconnects: number; done: Promise<void> } {
  const viewer = { received: [] as RoomEvent[], reconnects: 0, done: Promise.resolve() };
  viewer.done = (async () => {
    const deadline = Date.now() + 170_000;
    while (Date.now() < deadline) {
      const alive = nodes().filter((n) => n.alive);
      const node = pick(alive);
      const last = viewer.received.at(-1)?.seq;
      try {
        const response = await fetch(`${node.base}/api/rooms/${roomId}/stream`, {
          headers: last ? { "last-event-id": String(last) } : {},
        });
        if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
        let ended = false;
        const parser = createParser({
          onEvent: (message) => {
            if (message.event === "heartbeat") return;
            const event = JSON.parse(message.data) as RoomEvent;
            viewer.received.push(event);
            onEvent?.(event, node);
            if (event.type === "room_completed" || event.type === "room_failed") ended = true;
          },
        });
        const decoder = new TextDecoder();
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
          parser.feed(decoder.decode(chunk, { stream: true }));
        if (ended) return;
      } catch {
        // The instance died or shut down: reconnect elsewhere.
      }
      viewer.reconnects += 1;
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return viewer;
}
