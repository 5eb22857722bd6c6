import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as episodeRoute from "@/app/api/episodes/[id]/route";
import * as decisionRoute from "@/app/api/rooms/[roomId]/decision/route";
import * as messagesRoute from "@/app/api/rooms/[roomId]/messages/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import {
  episodeConfigSchema,
  forceDecisionSchema,
  postMessageSchema,
  startRoomSchema,
} from "@/lib/domain/schemas";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

// Generated bad bodies per endpoint: never a 5xx, never a write. 300 in every run (new random seeds
// each time); `npm run test:fuzz` (FUZZ_RUNS=5000) is the deep run, a separate step of .ci/run.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let services: Awaited<ReturnType<typeof apiServices>>;
let roomId: string;
let episodeId: string;

const snapshot = async () => ({
  episodes: (await services.repo.listEpisodes()).length,
  events: (await services.repo.listEvents(roomId)).length,
  room: (await services.repo.getRoom(roomId))?.status,
});

beforeAll(async () => {
  services = await apiServices();
  const { json } = await call(episodesRoute.POST, {}, { body: configWith() });
  episodeId = json.episode.id;
  roomId = json.episode.rooms[0].id;
});
afterAll(async () => {
  provideServices(undefined);
  await services.handle.close();
});

/** Any code unit, lone surrogates and NUL included. */
const anyText = fc.string({ unit: "binary", maxLength: 40 });
const FIELDS = ["buyer", "sellers", "llm", "text", "action", "offerId", "mode", "reason", "name"];

/**
 * JSON-ish values over full Unicode, valid bodies with one field set to any value or any string,
 * text that is not JSON, and raw bytes (invalid UTF-8 included).
 */
const badBody = (valid: unknown) =>
  fc.oneof(
    fc
      .jsonValue({ maxDepth: 3 })
      .map((value) => ({ raw: JSON.stringify(value) as string | Uint8Array })),
    anyText.map((raw) => ({ raw: raw as string | Uint8Array })),
    fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.anything(), anyText)).map(([key, value]) => ({
      raw: JSON.stringify({ ...(valid as object), [key]: value }) as string | Uint8Array,
    })),
    fc.tuple(fc.constantFrom(...FIELDS), anyText).map(([key, text]) => ({
      raw: JSON.stringify({ ...(valid as object), [key + text]: text }) as string | Uint8Array,
    })),
    fc.uint8Array({ maxLength: 200 }).map((raw) => ({ raw: raw as string | Uint8Array })),
    fc.constantFrom<{ raw: string | Uint8Array }>(
      { raw: "{" },
      { raw: "[]" },
      { raw: "null" },
      { raw: '"x"' },
      { raw: "x".repeat(300_000) },
    ),
  );

/** JSON.stringify writes NUL and lone surrogates (only those) as escapes: such a body must be refused too. */
const unstorable = (value: unknown) =>
  /\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(value));

const parses = (raw: string | Uint8Array): unknown => {
  const text =
    typeof raw === "string" ? raw : new TextDecoder("utf-8", { fatal: true }).decode(raw);
  return text.trim() === "" ? {} : JSON.parse(text);
};

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

async function fuzz(
  handler: Handler,
  params: object,
  valid: unknown,
  isValid: (body: unknown) => boolean,
) {
  const before = await snapshot();
  await fc.assert(
    fc.asyncProperty(badBody(valid), async ({ raw }) => {
      let parsed: unknown;
      try {
        // The API reads an empty body as {} (start takes no body).
        parsed = parses(raw);
      } catch {
        parsed = undefined;
      }
      fc.pre(parsed === undefined || !isValid(parsed) || unstorable(parsed));
      const { status, json } = await call(handler, params as never, { raw });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(["VALIDATION_ERROR", "PAYLOAD_TOO_LARGE"]).toContain(json.error.code);
    }),
    { numRuns: RUNS },
  );
  expect(await snapshot()).toEqual(before);
}

describe("every endpoint answers bad bodies with a 4xx and writes nothing", () => {
  it(
    "POST /api/episodes",
    () =>
      fuzz(
        episodesRoute.POST as Handler,
        {},
        configWith(),
        (b) => episodeConfigSchema.safeParse(b).success,
      ),
    120_000,
  );
  it(
    "POST /api/rooms/:id/start",
    () =>
      fuzz(
        startRoute.POST as Handler,
        { roomId },
        { mode: "start" },
        (b) => startRoomSchema.safeParse(b).success,
      ),
    120_000,
  );
  it(
    "POST /api/rooms/:id/messages",
    () =>
      fuzz(
        messagesRoute.POST as Handler,
        { roomId },
        { text: "hi" },
        (b) => postMessageSchema.safeParse(b).success,
      ),
    120_000,
  );
  it(
    "POST /api/rooms/:id/decision",
    () =>
      fuzz(
        decisionRoute.POST as Handler,
        { roomId },
        { action: "no_deal" },
        (b) => forceDecisionSchema.safeParse(b).success,
      ),
    120_000,
  );

  it("unknown or malformed ids get a 404, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 200 }), async (id) => {
        fc.pre(id !== episodeId && id !== roomId);
        const episode = await call(episodeRoute.GET as Handler, { id } as never);
        expect(episode.status).toBe(404);
        const start = await call(startRoute.POST as Handler, { roomId: id } as never, { body: {} });
        expect(start.status).toBe(404);
      }),
      { numRuns: Math.min(RUNS, 1_000) },
    );
  }, 120_000);
});
