import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBody, parseEnvelope } from "../shared/envelope";

describe("test receiver envelope parsing", () => {
  it("reads several items, with and without explicit lengths, from gzip or plain bodies", () => {
    const payload = JSON.stringify({ message: "héllo" });
    const text =
      `{"dsn":"http://k@h/1"}\n` +
      `{"type":"event","length":${Buffer.byteLength(payload)}}\n${payload}\n` +
      `{"type":"span","item_count":1}\n{"items":[{"name":"GET /"}]}\n`;
    for (const body of [Buffer.from(text), gzipSync(Buffer.from(text))]) {
      const envelope = parseEnvelope(decodeBody(body, undefined));
      expect(envelope.header.dsn).toBe("http://k@h/1");
      expect(envelope.items.map((i) => i.header.type)).toEqual(["event", "span"]);
      expect(envelope.items[0]!.payload).toEqual({ message: "héllo" });
    }
  });
});
