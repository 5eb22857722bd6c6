/**
 * The strictest common subset of JSON Schema that structured-output providers accept (OpenAI's
 * strict mode being the strictest): every object lists all its properties as required and sets
 * additionalProperties to false; optional means nullable; no length, range, pattern or format
 * keywords. Violations are worded the way OpenAI words its 400s.
 */

const ALLOWED = new Set([
  "$schema",
  "type",
  "description",
  "title",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "enum",
  "const",
]);

type Node = Record<string, unknown>;

const context = (path: string[]) =>
  path.length === 0
    ? "()"
    : path.length === 1
      ? `('${path[0]}',)`
      : `(${path.map((p) => `'${p}'`).join(", ")})`;

function violations(node: Node, path: string[], out: string[]): void {
  for (const key of Object.keys(node)) {
    if (!ALLOWED.has(key)) out.push(`In context=${context(path)}, '${key}' is not permitted.`);
  }
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes("object")) {
    const properties = (node.properties ?? {}) as Record<string, Node>;
    if (node.additionalProperties !== false)
      out.push(
        `In context=${context(path)}, 'additionalProperties' is required to be supplied and to be false.`,
      );
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    const missing = Object.keys(properties).filter((key) => !required.includes(key));
    if (!Array.isArray(node.required) || missing.length) {
      out.push(
        `In context=${context(path)}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0] ?? ""}'.`,
      );
    }
    for (const [key, child] of Object.entries(properties))
      violations(child, [...path, "properties", key], out);
  }
  if (node.items && typeof node.items === "object")
    violations(node.items as Node, [...path, "items"], out);
  if (Array.isArray(node.anyOf))
    node.anyOf.forEach((child, i) => violations(child as Node, [...path, "anyOf", String(i)], out));
}

/** Every rule the schema breaks, in OpenAI's words; empty when a strict provider accepts it. */
export function strictSchemaViolations(schema: unknown): string[] {
  const out: string[] = [];
  if (!schema || typeof schema !== "object") return ["Schema must be an object."];
  if ((schema as Node).type !== "object")
    out.push(
      "In context=(), schema must be a JSON Schema of 'type: \"object\"', got 'type: \"" +
        String((schema as Node).type) +
        "\"'.",
    );
  violations(schema as Node, [], out);
  return out;
}
