import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseXml } from '../../xml/parse.js';
import { kindOfRoot } from '../helpers.js';
import { runRules, type ValidateOptions } from '../run.js';
import type { RuleDefinition, ValidationReport } from '../types.js';

/** DIAN toolkit 1.9 samples folder (absent in a user's clone without ../shared). */
export const SAMPLES_DIR = join(import.meta.dirname, '../../../../../shared/samples/dian-toolkit-1.9');
/** Older toolkit samples folder. */
export const OLD_SAMPLES_DIR = join(import.meta.dirname, '../../../../../shared/samples/dian-toolkit');
/** True when ../shared is present. */
export const HAVE_SHARED = existsSync(SAMPLES_DIR);

/** Reads a toolkit 1.9 sample by file name. */
export function sample(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), 'utf8');
}

/** Replaces exactly one occurrence of `search` (fails the test if it is not found exactly once). */
export function mutate(xml: string, search: string | RegExp, replacement: string): string {
  if (typeof search === 'string') {
    const first = xml.indexOf(search);
    expect(first, `"${search}" not found`).toBeGreaterThanOrEqual(0);
    return xml.slice(0, first) + replacement + xml.slice(first + search.length);
  }
  expect(search.test(xml), `${search} not found`).toBe(true);
  return xml.replace(search, replacement);
}

/** Runs the given rules (default: all) over an XML string. */
export function check(xml: string, rules?: readonly RuleDefinition[], options: ValidateOptions = {}): ValidationReport {
  const root = parseXml(xml);
  const kind = kindOfRoot(root);
  if (!kind) throw new Error(`unexpected root ${root.qname}`);
  return runRules(root, kind, rules ? { ...options, rules } : options);
}

/** Sorted distinct rule IDs raised in a report. */
export function ids(report: ValidationReport): string[] {
  return [...new Set(report.issues.map((i) => i.ruleId))].sort();
}
