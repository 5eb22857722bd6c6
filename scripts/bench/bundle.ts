import { gzipSync } from "node:zlib";

/** First-load JavaScript of a page: every script the initial HTML loads, gzip-compressed (the noModule
 * polyfill, which modern browsers skip, is left out). */
export async function firstLoadJs(
  origin: string,
  path: string,
): Promise<{ files: number; gzipBytes: number }> {
  const html = await (await fetch(`${origin}${path}`)).text();
  const tags = [...html.matchAll(/<script([^>]+)>/g)]
    .map((m) => m[1]!)
    .filter((attributes) => !/noModule/i.test(attributes));
  const sources = new Set(
    tags.flatMap((attributes) => /src="([^"]+\.js[^"]*)"/.exec(attributes)?.[1] ?? []),
  );
  let gzipBytes = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, origin))).arrayBuffer());
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: sources.size, gzipBytes };
}
