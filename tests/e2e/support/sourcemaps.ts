import fs from "node:fs";
import path from "node:path";
import { SourceMapConsumer, type RawSourceMap } from "source-map-js";
import { API_STUB_URL } from "./e2e-config";
import type { SentryEvent } from "./receiver-client";

export type StubState = {
  releases: Array<{
    version: string;
    projects: string[];
    dateReleased?: string;
    deploys: Array<{ environment: string }>;
  }>;
  bundles: Array<{
    projects: string[];
    files: Array<{ url: string; type: string; debugId?: string }>;
  }>;
  unknown: string[];
};

export async function stubState(): Promise<StubState> {
  return (await fetch(`${API_STUB_URL}/_stub/state`)).json() as Promise<StubState>;
}

export async function uploadedMap(debugId: string): Promise<RawSourceMap | undefined> {
  const response = await fetch(`${API_STUB_URL}/_stub/sourcemap/${debugId}`);
  return response.ok ? ((await response.json()) as RawSourceMap) : undefined;
}

const DEBUG_ID = /_sentryDebugIds\[[^\]]+\]\s*=\s*"([0-9a-f-]{36})"|\/\/# debugId=([0-9a-f-]{36})/i;

/** Every JS chunk of the public output with the debug id the build injected (if any). */
export function publicChunks(
  distDir: string,
): Array<{ file: string; url: string; debugId?: string; content: string }> {
  const root = path.join(distDir, "static");
  const out: Array<{ file: string; url: string; debugId?: string; content: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js")) {
        const content = fs.readFileSync(full, "utf8");
        const match = DEBUG_ID.exec(content);
        out.push({
          file: full,
          url: `/_next/static/${path.relative(root, full)}`,
          debugId: (match?.[1] ?? match?.[2])?.toLowerCase(),
          content,
        });
      }
    }
  };
  walk(root);
  return out;
}

export function filesUnder(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix));
}

export type ResolvedFrame = { source: string; line: number; sourceContent?: string | null };

/** Resolves the innermost frame of an event's exception through the uploaded map its debug id names. */
export async function resolveTopFrame(
  event: SentryEvent,
  filenamePattern: RegExp,
): Promise<ResolvedFrame> {
  const frames = event.exception?.values?.[0]?.stacktrace?.frames ?? [];
  const frame = [...frames]
    .reverse()
    .find((f) => filenamePattern.test(f.abs_path ?? f.filename ?? ""));
  if (!frame?.lineno || !frame.colno)
    throw new Error(
      `no frame matching ${filenamePattern} in ${JSON.stringify(frames.map((f) => f.abs_path ?? f.filename))}`,
    );
  const images = event.debug_meta?.images ?? [];
  const file = frame.abs_path ?? frame.filename!;
  const image =
    images.find((i) => i.code_file === file) ??
    images.find((i) => file.endsWith(i.code_file.replace(/^app:\/\/\//, "")));
  if (!image)
    throw new Error(
      `no debug image for ${file} among ${JSON.stringify(images.map((i) => i.code_file))}`,
    );
  const map = await uploadedMap(image.debug_id);
  if (!map) throw new Error(`no uploaded source map for debug id ${image.debug_id}`);
  const consumer = new SourceMapConsumer(map);
  const original = consumer.originalPositionFor({ line: frame.lineno, column: frame.colno - 1 });
  if (!original.source || !original.line)
    throw new Error(`frame ${file}:${frame.lineno}:${frame.colno} did not resolve`);
  return {
    source: decodeURIComponent(original.source),
    line: original.line,
    sourceContent: consumer.sourceContentFor(original.source, true),
  };
}

/** The 1-based line of `needle` in a project file. */
export function lineOf(relativePath: string, needle: string): number {
  const lines = fs.readFileSync(relativePath, "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(needle));
  if (index === -1) throw new Error(`${needle} not in ${relativePath}`);
  return index + 1;
}
