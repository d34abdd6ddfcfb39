/**
 * Before and after of an audit entry as a reader sees them: one line per field that
 * changed ("size: 100 → 120"), values as text rather than JSON.
 */
export interface Change {
  field: string;
  before: string | null;
  after: string | null;
}

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null || json === '') return null;
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    return { value };
  } catch {
    return { value: json };
  }
}

/** A value as text: lists joined by commas, objects as "key: value; …", nothing as null. */
export function readableValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => readableValue(x) ?? '—').join(', ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null && x !== '')
      .map(([k, x]) => `${k}: ${readableValue(x) ?? '—'}`)
      .join('; ');
  }
  return JSON.stringify(v) ?? null;
}

/** The fields that differ between before and after (all of after when there was no before). */
export function readableChanges(before: string | null, after: string | null): Change[] {
  const a = parse(before) ?? {};
  const b = parse(after) ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .map((field) => ({ field, before: readableValue(a[field]), after: readableValue(b[field]) }))
    .filter((c) => c.before !== c.after);
}
