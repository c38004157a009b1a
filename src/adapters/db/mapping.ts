/** Row ↔ record mapping: snake_case columns to camelCase fields and back. */

function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Converts a database row to a record (column names to camelCase; bigint IDs to strings). */
export function fromRow<T>(row: object, stringify: readonly string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = camel(k);
    out[key] = stringify.includes(key) && v !== null && v !== undefined ? String(v) : v;
  }
  return out as T;
}

/** Converts a record (or patch) to a row; `json` names the fields stored as jsonb (serialized). */
export function toRow(record: object, json: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined) continue;
    out[snake(k)] = json.includes(k) && v !== null ? JSON.stringify(v, bigintReplacer) : v;
  }
  return out;
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** True for a PostgreSQL unique-violation error (both drivers expose SQLSTATE as `code`). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
