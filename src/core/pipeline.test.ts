/**
 * prepareDocument: JSON → input checks → UBL → DIAN rule report over the exact XML. Bad input is
 * a value (stage "input"), never an exception; the report is the catalog run over the bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleNames, loadExample, rejectionIds, rejectionsBeforeSigning, ruleIds, UNSIGNED_RULES } from '../../test/support/fixtures.js';
import { prepareDocument } from './pipeline.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function prepared(json: unknown, options = {}) {
  const r = prepareDocument(json, options);
  if (!r.ok) throw new Error(`input issues: ${JSON.stringify(r.issues)}`);
  return r;
}

describe('examples', () => {
  it.each(['invoice', 'invoice-export', 'invoice-final-consumer'])('%s: no rejection (report.ok)', (name) => {
    const r = prepared(loadExample(name));
    expect(rejectionIds(r.report)).toEqual([]);
    expect(r.report.ok).toBe(true);
    expect(r.report.kind).toBe('invoice');
    expect(r.built.xml).toContain(r.built.uuid);
  });

  it.each(['credit-note', 'debit-note'])('%s: the only rejection is the missing signature (unsigned document)', (name) => {
    const r = prepared(loadExample(name));
    expect(rejectionsBeforeSigning(r.report)).toEqual([]);
    // Observation for the lead: CAA02/DAA02 are rejections in DIAN's table (FAA02 is a notification),
    // so an unsigned note never has report.ok — callers must sign before judging notes by report.ok.
    expect(rejectionIds(r.report).every((id) => UNSIGNED_RULES.has(id))).toBe(true);
  });

  it('invoice-contingency (type 03): no rejection', () => {
    const r = prepared(loadExample('invoice-contingency'));
    expect(rejectionIds(r.report)).toEqual([]);
  });

  it('rules that need the reception date are skipped without it and run with it', () => {
    const without = prepared(loadExample('invoice'));
    expect(without.report.skipped).toEqual(expect.arrayContaining(['FAD09c', 'FAD09d']));
    const onTime = prepared(loadExample('invoice'), { receptionDate: '2026-11-27' });
    expect(onTime.report.skipped).not.toContain('FAD09c');
    expect(ruleIds(onTime.report)).not.toContain('FAD09c');
    const late = prepared(loadExample('invoice'), { receptionDate: '2026-12-20' }); // 23 days after issue
    expect(ruleIds(late.report)).toContain('FAD09c');
    expect(late.report.ok).toBe(false);
  });

  it('the technical key and PIN of the input enable FAD06 and FAB27b (not skipped)', () => {
    const r = prepared(loadExample('invoice'));
    expect(r.report.skipped).not.toContain('FAD06');
    expect(r.report.skipped).not.toContain('FAB27b');
  });
});

describe('input problems are values at stage "input"', () => {
  it('schema errors', () => {
    const json = loadExample('invoice') as Json;
    json.lines[1].taxes[0].percent = 'diecinueve';
    const r = prepareDocument(json);
    expect(r).toEqual({ ok: false, stage: 'input', issues: [{ path: 'lines[1].taxes[0].percent', message: expect.stringMatching(/número decimal/) }] });
  });

  it('semantic errors carry the DIAN rule', () => {
    const json = loadExample('invoice') as Json;
    json.customer.dv = '9';
    const r = prepareDocument(json);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([{ path: 'customer.dv', message: expect.stringMatching(/dígito de verificación/), ruleId: 'FAK24' }]);
  });

  it('a missing technical key is reported on its field, not thrown', () => {
    const json = loadExample('invoice') as Json;
    delete json.numberingRange.technicalKey;
    const r = prepareDocument(json);
    expect(r).toEqual({ ok: false, stage: 'input', issues: [{ path: 'numberingRange.technicalKey', message: expect.stringMatching(/clave técnica/) }] });
  });

  it('neither number nor consecutive is reported on "number"', () => {
    const json = loadExample('credit-note') as Json;
    delete json.number;
    const r = prepareDocument(json);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['number']);
  });
});

describe('never throws', () => {
  it('for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = prepareDocument(value);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('for an example with one field (at any depth) replaced by any JSON value', () => {
    const names = exampleNames();
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), (name, picks, value) => {
        const json = loadExample(name) as Json;
        // Walk down by the picked indexes (modulo the keys at each level), then replace.
        let parent: Json = json;
        let key: string | number = '';
        for (const p of picks) {
          const keys = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
          if (keys.length === 0) break;
          key = keys[p % keys.length]!;
          const next = parent[key as keyof typeof parent];
          if (next === null || typeof next !== 'object') break;
          parent = next as Json;
        }
        if (key !== '') parent[key as keyof typeof parent] = value;
        expect(() => prepareDocument(json)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('what the catalog catches that the input contract lets through', () => {
  it('a document-level discount without reasonCode is reported on the input field (FAQ04)', () => {
    const json = loadExample('invoice') as Json;
    json.allowanceCharges = [{ charge: false, reason: 'Descuento comercial', amount: '1000' }];
    const r = prepareDocument(json);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([expect.objectContaining({ path: 'allowanceCharges[0].reasonCode', ruleId: 'FAQ04' })]);
  });

  // Gap (not a crash): a discount on a line whose value rounds to 0.00 is written with
  // BaseAmount 0.00, which FBE08 rejects; the input contract accepts it.
  it('a discount on a zero-value line is rejected by FBE08 in the report', () => {
    const json = loadExample('invoice') as Json;
    json.lines = [{ description: 'Tornillo', quantity: '0.1', unitPrice: '0.01', allowanceCharges: [{ charge: false, reason: 'Descuento', amount: '0' }] }];
    const r = prepared(json);
    expect(rejectionIds(r.report)).toContain('FBE08');
  });
});
