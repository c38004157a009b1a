import { z } from 'zod';
import { documentInputSchema, type DocumentInput } from './schema.js';

/** One problem in a JSON input: where, what (Spanish, for people) and the DIAN rule when one applies. */
export interface InputIssue {
  /** Field path in the JSON, e.g. `lines[1].taxes[0].percent`. */
  path: string;
  message: string;
  /** DIAN rule ID this maps to, when one applies (e.g. FAJ24 for a wrong NIT check digit). */
  ruleId?: string;
}

/** Result of parsing an input: the normalized document or the issues found. */
export type InputResult = { ok: true; value: DocumentInput } | { ok: false; issues: InputIssue[] };

const spanish = z.locales.es();

/** Renders a zod path as `a.b[2].c`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '(documento)';
}

/**
 * Parses and normalizes a JSON document input (already JSON-decoded). Never throws for bad
 * input: returns every issue with its field path and a Spanish message.
 */
export function parseDocumentInput(json: unknown): InputResult {
  const result = documentInputSchema.safeParse(json, { error: spanish.localeError });
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  return { ok: true, value: result.data };
}

/** Parses JSON text then the document; a syntax error is reported as an issue, not thrown. */
export function parseDocumentJson(text: string): InputResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(documento)', message: `JSON inválido: ${(e as Error).message}` }] };
  }
  return parseDocumentInput(json);
}
