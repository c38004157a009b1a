/**
 * Shared helpers for the core's tests: the examples, the golden files, the optional external
 * checkers (../shared schemas, xmllint) and small builders of valid JSON inputs.
 *
 * Test-only code: never imported by src/ outside *.test.ts files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { DocumentInput } from '../../src/core/input/schema.js';
import { parseDocumentInput } from '../../src/core/input/parse.js';
import type { ValidateOptions } from '../../src/core/rules/run.js';
import { CATALOG } from '../../src/core/rules/catalog/index.js';
import type { ValidationReport } from '../../src/core/rules/types.js';

/** Repository root (/work/main in the team's layout). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLES_DIR = join(ROOT, 'examples');
export const GOLDEN_DIR = join(ROOT, 'test', 'golden');

/** The read-only reference checkout next to the repository (absent in a user's clone). */
export const SHARED_DIR = join(ROOT, '..', 'shared');
export const XSD_PATH = join(SHARED_DIR, 'schemas', 'ubl21-dian', 'DIAN-UBL-2.1-relaxed.xsd');
export const HAVE_XSD = existsSync(XSD_PATH);

/** True when `xmllint` is on the PATH. */
export const HAVE_XMLLINT = (() => {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  return r.error === undefined && r.status === 0;
})();

/** The placeholder of the signature extension, empty before signing (not XSD-valid as is). */
export const SIGNATURE_PLACEHOLDER = '<ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension>';

/** Names (without .json) of every example, sorted. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** An example's JSON (a fresh copy each call, safe to mutate). */
export function loadExample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** An example parsed and normalized (defaults applied); fails the test when it does not parse. */
export function parsedExample(name: string): DocumentInput {
  const r = parseDocumentInput(loadExample(name));
  if (!r.ok) throw new Error(`example ${name} does not parse: ${JSON.stringify(r.issues)}`);
  return r.value;
}

export function goldenPath(name: string): string {
  return join(GOLDEN_DIR, `${name}.xml`);
}

/** The options prepareDocument gives runRules for an input (technical key, PIN, declared range). */
export function pipelineOptions(input: DocumentInput): ValidateOptions {
  const opts: ValidateOptions = { softwarePin: input.software.pin, unsigned: true };
  const r = input.numberingRange;
  if (r?.technicalKey) opts.technicalKey = r.technicalKey;
  if (r) {
    opts.authorizedRanges = [
      { resolution: r.resolution, prefix: r.prefix, from: r.from, to: r.to, startDate: r.startDate, endDate: r.endDate, ...(r.technicalKey && { technicalKey: r.technicalKey }) },
    ];
  }
  return opts;
}

/** Replaces exactly one occurrence of `search`; fails the test when it is absent or repeated. */
export function replaceOnce(xml: string, search: string, replacement: string): string {
  const first = xml.indexOf(search);
  expect(first, `"${search}" not found`).toBeGreaterThanOrEqual(0);
  expect(xml.indexOf(search, first + 1), `"${search}" found more than once`).toBe(-1);
  return xml.slice(0, first) + replacement + xml.slice(first + search.length);
}

/** Sorted distinct rule IDs of a report. */
export function ruleIds(report: ValidationReport): string[] {
  return [...new Set(report.issues.map((i) => i.ruleId))].sort();
}

/** Sorted distinct rule IDs of the rejections of a report. */
export function rejectionIds(report: ValidationReport): string[] {
  return [...new Set(report.issues.filter((i) => i.severity === 'rejection').map((i) => i.ruleId))].sort();
}

/** True when the rule catalog implements a rule with this DIAN ID (for any document kind). */
export function inCatalog(id: string): boolean {
  return CATALOG.some((r) => Object.values(r.ids).includes(id));
}

/**
 * Rules that always fire on an unsigned document: the signature extension is still empty
 * (FAA02/CAA02/DAA02 "no se encuentra ds:Signature"). Signing is tested in src/signing.
 */
export const UNSIGNED_RULES = new Set(['FAA02', 'CAA02', 'DAA02']);

/** Rejections of a report other than the expected "not signed yet" ones. */
export function rejectionsBeforeSigning(report: ValidationReport): string[] {
  return rejectionIds(report).filter((id) => !UNSIGNED_RULES.has(id));
}

/** A minimal valid invoice (JSON input) around the given lines, based on examples/invoice.json. */
export function invoiceWith(lines: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = loadExample('invoice');
  return { ...base, payment: { form: '1', means: '10' }, dueDate: undefined, allowanceCharges: [], prepaidPayments: [], lines, ...extra };
}

/** One simple line: quantity × price with the given taxes. */
export function line(quantity: string, unitPrice: string, taxes: unknown[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { description: 'Artículo de prueba', quantity, unitPrice, taxes, ...extra };
}
