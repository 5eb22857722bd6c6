export type FieldChange = { path: string; from: unknown; to: unknown };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isPrimitive = (value: unknown) =>
  value === null || value === undefined || typeof value !== "object";

function samePrimitive(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  // Sentry answers some ids and numbers as strings ("123", 5.0): compare what they say, not their type.
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return String(a) === String(b);
}

/**
 * Field-by-field difference between what we want and what Sentry has, looking only at the fields
 * we set: Sentry adds its own (ids, labels, dates) and those are not drift. Lists of plain values
 * are compared as sets, lists of objects position by position.
 */
export function diffFields(desired: unknown, actual: unknown, path = ""): FieldChange[] {
  if (Array.isArray(desired)) {
    const actualList = Array.isArray(actual) ? actual : [];
    if (desired.every(isPrimitive) && actualList.every(isPrimitive)) {
      const want = desired.map(String).sort();
      const have = actualList.map(String).sort();
      return want.join("\u0000") === have.join("\u0000")
        ? []
        : [{ path, from: actual, to: desired }];
    }
    const changes: FieldChange[] = [];
    for (let i = 0; i < Math.max(desired.length, actualList.length); i++) {
      if (i >= desired.length)
        changes.push({ path: `${path}[${i}]`, from: actualList[i], to: undefined });
      else changes.push(...diffFields(desired[i], actualList[i], `${path}[${i}]`));
    }
    return changes;
  }
  if (isPlainObject(desired)) {
    const actualObject = isPlainObject(actual) ? actual : {};
    return Object.entries(desired).flatMap(([key, value]) =>
      diffFields(value, actualObject[key], path ? `${path}.${key}` : key),
    );
  }
  return samePrimitive(desired, actual) ? [] : [{ path, from: actual, to: desired }];
}

export function formatValue(value: unknown): string {
  const text = value === undefined ? "(unset)" : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
