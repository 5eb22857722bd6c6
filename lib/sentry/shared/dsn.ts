/** A DSN's parts and its envelope endpoint: used by the tunnel and by `npm run sentry:doctor`. */
export type ParsedDsn = {
  protocol: string;
  publicKey: string;
  host: string;
  path: string;
  projectId: string;
};

export function parseDsn(dsn: string): ParsedDsn | undefined {
  try {
    const url = new URL(dsn);
    const segments = url.pathname.split("/").filter(Boolean);
    const projectId = segments.pop();
    if (!url.username || !projectId || !/^\d+$/.test(projectId)) return undefined;
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    return {
      protocol: url.protocol.slice(0, -1),
      publicKey: url.username,
      host: url.host,
      path: segments.length ? `/${segments.join("/")}` : "",
      projectId,
    };
  } catch {
    return undefined;
  }
}

export function envelopeUrl(dsn: ParsedDsn): string {
  return `${dsn.protocol}://${dsn.host}${dsn.path}/api/${dsn.projectId}/envelope/`;
}
