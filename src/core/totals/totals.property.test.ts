/**
 * Property tests (fast-check): random valid invoices never violate our own arithmetic rules and
 * never get a rejection from the DIAN rule catalog (other than the missing signature). 200 runs
 * keep the suite fast; a failure prints the shrunk counterexample and its seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoiceWith, rejectionsBeforeSigning } from '../../../test/support/fixtures.js';
import { parseDocumentInput } from '../input/parse.js';
import { formatUnits } from '../money/decimal.js';
import { decimal } from '../money/decimal.js';
import { formatAmount, sumMinor, toMinor } from '../money/money.js';
import { prepareDocument } from '../pipeline.js';
import { parseXml } from '../xml/parse.js';
import { all, child, first, text } from '../xml/query.js';
import { computeDocument, type ComputedDocument } from './compute.js';

/** 200 by default; PROPERTY_RUNS=5000 for a deeper local search. */
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** A positive decimal with up to `maxScale` decimals and at most `maxInt` as integer part. */
const positiveDecimal = (maxScale: number, maxUnits: bigint) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxScale }), fc.bigInt({ min: 1n, max: maxUnits }))
    .map(([scale, units]) => formatUnits(units, scale));

const quantity = positiveDecimal(6, 10_000_000n); // up to 6 decimals
const unitPrice = positiveDecimal(4, 100_000_000n); // up to 4 decimals
const percent2 = fc.integer({ min: 0, max: 10_000 }).map((u) => formatUnits(BigInt(u), 2)); // 0.00–100.00

const tax = fc.constantFrom<Record<string, string>>(
  { code: '01', percent: '0' },
  { code: '01', percent: '5' },
  { code: '01', percent: '19' },
  { code: '04', percent: '8' },
  { code: '22', perUnitAmount: '66' },
  { code: '22', perUnitAmount: '70.00' },
);

/** Distinct tax codes per line (FAX01 forbids repeating a tribute on a line). */
const lineTaxes = fc.uniqueArray(tax, { maxLength: 3, selector: (t) => t.code });

/** A line discount that can never exceed the line's gross value. */
const lineDiscount = fc.oneof(
  fc.constant(undefined),
  percent2.map((p) => ({ kind: 'percent' as const, p })),
  fc.integer({ min: 0, max: 100 }).map((f) => ({ kind: 'fraction' as const, f })),
);

const lineArb = fc.record({ quantity, unitPrice, taxes: lineTaxes, discount: lineDiscount }).map(({ quantity, unitPrice, taxes, discount }) => {
  const out: Record<string, unknown> = { description: 'Artículo', quantity, unitPrice, taxes };
  // A discount on a line worth 0.00 (e.g. 0.1 × 0.01) gets BaseAmount 0.00, which FBE08 rejects;
  // the input contract lets it through (reported to the lead), so the generator avoids it.
  if (toMinor(decimal(quantity).mul(decimal(unitPrice))) === 0n) return out;
  if (discount?.kind === 'percent') out.allowanceCharges = [{ charge: false, reason: 'Descuento', percent: discount.p }];
  if (discount?.kind === 'fraction') {
    const gross = toMinor(decimal(quantity).mul(decimal(unitPrice)));
    out.allowanceCharges = [{ charge: false, reason: 'Descuento', amount: formatAmount((gross * BigInt(discount.f)) / 100n) }];
  }
  return out;
});

const docArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 20 }),
  documentCharge: fc.option(percent2, { nil: undefined }),
  documentDiscount: fc.option(percent2, { nil: undefined }),
  /** Prepaid as a fraction (per ten thousand, < 100 %) of the payable before prepaid. */
  prepaidShare: fc.option(fc.integer({ min: 1, max: 9_999 }), { nil: undefined }),
});

type DocSpec = typeof docArb extends fc.Arbitrary<infer T> ? T : never;

function toJson(spec: DocSpec): Record<string, unknown> {
  const allowanceCharges: unknown[] = [];
  if (spec.documentDiscount !== undefined) allowanceCharges.push({ charge: false, reasonCode: '00', reason: 'Descuento comercial', percent: spec.documentDiscount }); // FAQ04 wants the code
  if (spec.documentCharge !== undefined) allowanceCharges.push({ charge: true, reasonCode: '03', reason: 'Propina', percent: spec.documentCharge });
  const json = invoiceWith(spec.lines, { allowanceCharges });
  if (spec.prepaidShare !== undefined) {
    const parsed = parseDocumentInput(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const payable = computeDocument(parsed.value).totals.payable;
    const prepaid = (payable * BigInt(spec.prepaidShare)) / 10_000n;
    if (prepaid > 0n) json.prepaidPayments = [{ id: 'ANT-1', amount: formatAmount(prepaid), receivedDate: '2026-11-20' }];
  }
  return json;
}

/** Our own rules over the computed values. */
function checkInvariants(c: ComputedDocument): void {
  const t = c.totals;
  expect(t.lineExtension).toBe(sumMinor(c.lines.map((l) => l.lineExtension)));
  for (const g of c.taxTotals) {
    expect(g.amount).toBe(sumMinor(g.subtotals.map((s) => s.amount)));
    for (const s of g.subtotals) {
      if (s.percent) {
        // Header subtotal = Σ of the rounded line amounts of that code and rate.
        const same = c.lines.flatMap((l) => l.taxes.filter((x) => x.code === g.code && x.percent?.compare(s.percent!) === 0));
        expect(s.amount).toBe(sumMinor(same.map((x) => x.amount)));
        expect(s.taxable).toBe(sumMinor(same.map((x) => x.taxable!)));
      }
    }
  }
  expect(t.taxInclusive).toBe(t.lineExtension + sumMinor(c.taxTotals.map((g) => g.amount)));
  expect(t.payable).toBe(t.taxInclusive - t.allowanceTotal + t.chargeTotal - t.prepaid);
  expect(t.taxExclusive).toBe(sumMinor(c.lines.filter((l) => l.taxes.some((x) => x.percent)).map((l) => l.taxBase)));
  for (const l of c.lines) {
    // Each percentual tax is its own half-up rounding of base × rate / 100.
    for (const x of l.taxes) {
      if (x.percent) expect(x.amount).toBe(toMinor(decimal(formatAmount(x.taxable!)).mul(x.percent).shift(-2)));
      else expect(x.amount).toBe(toMinor(x.units!.mul(x.perUnitAmount!)));
    }
    for (const v of [l.gross, l.lineExtension, l.taxBase, ...l.taxes.map((x) => x.amount), ...l.allowanceCharges.map((a) => a.amount)]) {
      expect(v).toBeGreaterThanOrEqual(0n);
    }
  }
  for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0n);
}

/** The XML carries exactly the computed totals, every amount with two decimals. */
function checkXml(xml: string, c: ComputedDocument): void {
  const root = parseXml(xml);
  const mt = child(root, 'cac:LegalMonetaryTotal');
  expect(text(mt, 'cbc:LineExtensionAmount')).toBe(formatAmount(c.totals.lineExtension));
  expect(text(mt, 'cbc:TaxExclusiveAmount')).toBe(formatAmount(c.totals.taxExclusive));
  expect(text(mt, 'cbc:TaxInclusiveAmount')).toBe(formatAmount(c.totals.taxInclusive));
  expect(text(mt, 'cbc:PayableAmount')).toBe(formatAmount(c.totals.payable));
  expect(all(root, 'cac:InvoiceLine')).toHaveLength(c.lines.length);
  expect(all(root, 'cac:TaxTotal').map((tt) => text(first(tt, 'cac:TaxSubtotal/cac:TaxCategory/cac:TaxScheme/cbc:ID')))).toEqual(c.taxTotals.map((g) => g.code));
  // Unit prices (PriceAmount, PerUnitAmount) keep the input's decimals; every amount has exactly two.
  for (const m of xml.matchAll(/<cbc:(\w+) currencyID="COP">([^<]*)</g)) {
    if (m[1] !== 'PriceAmount' && m[1] !== 'PerUnitAmount') expect(m[2], m[1]).toMatch(/^\d+\.\d{2}$/);
  }
}

describe('random valid invoices (fast-check)', () => {
  it(`prepareDocument accepts them and our arithmetic invariants hold (${NUM_RUNS} runs)`, () => {
    fc.assert(
      fc.property(docArb, (spec) => {
        const prepared = prepareDocument(toJson(spec));
        if (!prepared.ok) throw new Error(`input rejected: ${JSON.stringify(prepared.issues)}`);
        expect(rejectionsBeforeSigning(prepared.report)).toEqual([]);
        checkInvariants(prepared.built.computed);
        checkXml(prepared.built.xml, prepared.built.computed);
      }),
      { numRuns: NUM_RUNS },
    );
  }, Math.max(30_000, NUM_RUNS * 50));

  it('building is deterministic: the same input gives the same bytes', () => {
    fc.assert(
      fc.property(docArb, (spec) => {
        const json = toJson(spec);
        const a = prepareDocument(json);
        const b = prepareDocument(structuredClone(json));
        expect(a.ok && b.ok).toBe(true);
        if (a.ok && b.ok) expect(a.built.xml).toBe(b.built.xml);
      }),
      { numRuns: 30 },
    );
  });
});
