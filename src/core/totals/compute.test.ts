/**
 * Worked examples of the document arithmetic, one per kind of line and document value.
 * Every expected number is computed by hand in the test name or comment (COP, 2 decimals,
 * half-up once per value).
 */
import { describe, expect, it } from 'vitest';
import { invoiceWith, line, loadExample } from '../../../test/support/fixtures.js';
import { parseDocumentInput } from '../input/parse.js';
import { formatAmount, sumMinor } from '../money/money.js';
import { computeDocument, type ComputedDocument } from './compute.js';

function compute(json: unknown): ComputedDocument {
  const r = parseDocumentInput(json);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return computeDocument(r.value);
}

function computeLines(lines: unknown[], extra: Record<string, unknown> = {}): ComputedDocument {
  return compute(invoiceWith(lines, extra));
}

const fmt = formatAmount;

/** The invariants every computed document must satisfy (header = exact sums of line values). */
function expectConsistent(doc: ComputedDocument): void {
  const t = doc.totals;
  expect(t.lineExtension).toBe(sumMinor(doc.lines.map((l) => l.lineExtension)));
  for (const g of doc.taxTotals) {
    expect(g.amount).toBe(sumMinor(g.subtotals.map((s) => s.amount)));
    const lineAmounts = doc.lines.flatMap((l) => l.taxes.filter((x) => x.code === g.code).map((x) => x.amount));
    expect(g.amount).toBe(sumMinor(lineAmounts));
  }
  expect(t.taxInclusive).toBe(t.lineExtension + sumMinor(doc.taxTotals.map((g) => g.amount)));
  expect(t.payable).toBe(t.taxInclusive - t.allowanceTotal + t.chargeTotal - t.prepaid);
}

describe('percentual taxes per line', () => {
  it('IVA 19 %: 1 × 150 000.00 → IVA 28 500.00', () => {
    const d = computeLines([line('1', '150000.00', [{ code: '01', percent: '19' }])]);
    const l = d.lines[0]!;
    expect(fmt(l.gross)).toBe('150000.00');
    expect(fmt(l.lineExtension)).toBe('150000.00');
    expect(l.taxes).toHaveLength(1);
    expect(fmt(l.taxes[0]!.taxable!)).toBe('150000.00');
    expect(fmt(l.taxes[0]!.amount)).toBe('28500.00');
    expect(fmt(d.totals.taxExclusive)).toBe('150000.00');
    expect(fmt(d.totals.taxInclusive)).toBe('178500.00');
    expect(fmt(d.totals.payable)).toBe('178500.00');
    expectConsistent(d);
  });

  it('IVA 5 %: 24 × 4 200.00 = 100 800.00 → IVA 5 040.00', () => {
    const d = computeLines([line('24', '4200.00', [{ code: '01', percent: '5' }])]);
    expect(fmt(d.lines[0]!.lineExtension)).toBe('100800.00');
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('5040.00');
    expect(fmt(d.totals.taxInclusive)).toBe('105840.00');
    expectConsistent(d);
  });

  it('IVA 0 % (exento): tax 0.00, the base still counts in TaxExclusiveAmount', () => {
    const d = computeLines([line('10', '350.00', [{ code: '01', percent: '0' }])]);
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('0.00');
    expect(fmt(d.totals.taxExclusive)).toBe('3500.00');
    expect(d.taxTotals.map((g) => g.code)).toEqual(['01']);
    expect(fmt(d.totals.taxInclusive)).toBe('3500.00');
    expectConsistent(d);
  });

  it('excluido (no tax): no TaxTotal and no TaxExclusive contribution', () => {
    const d = computeLines([line('1', '45000.00')]);
    expect(d.taxTotals).toEqual([]);
    expect(fmt(d.totals.taxExclusive)).toBe('0.00');
    expect(fmt(d.totals.payable)).toBe('45000.00');
  });

  it('INC 8 %: 2 × 18 000.00 = 36 000.00 → INC 2 880.00', () => {
    const d = computeLines([line('2', '18000.00', [{ code: '04', percent: '8' }])]);
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('2880.00');
    expect(d.taxTotals.map((g) => [g.code, fmt(g.amount)])).toEqual([['04', '2880.00']]);
    expectConsistent(d);
  });

  it('ICA 03 is per mil (divisor 1000 from the code list): 9.66 ‰ of 150 000.00 = 1 449.00', () => {
    const d = computeLines([line('1', '150000.00', [{ code: '03', percent: '9.66' }])]);
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('1449.00');
    expect(d.lines[0]!.taxes[0]!.percent!.toString()).toBe('9.66');
    expectConsistent(d);
  });

  it('IVA and INC on the same line both use the line value as base', () => {
    const d = computeLines([line('1', '10000.00', [{ code: '01', percent: '19' }, { code: '04', percent: '8' }])]);
    expect(d.lines[0]!.taxes.map((t) => fmt(t.amount))).toEqual(['1900.00', '800.00']);
    expect(fmt(d.totals.taxExclusive)).toBe('10000.00'); // the line counts once
    expect(fmt(d.totals.taxInclusive)).toBe('12700.00');
    expectConsistent(d);
  });
});

describe('per-unit (nominal) taxes', () => {
  it('INC bolsas 22: 3 bags × 66.00 = 198.00; units default to the quantity', () => {
    const d = computeLines([line('3', '100.00', [{ code: '22', perUnitAmount: '66.00' }])]);
    const t = d.lines[0]!.taxes[0]!;
    expect(t.units!.toString()).toBe('3');
    expect(t.unitCode).toBe('94');
    expect(fmt(t.amount)).toBe('198.00');
    expect(t.taxable).toBeUndefined();
    expect(t.percent).toBeUndefined();
    // Per-unit taxes are not part of TaxExclusiveAmount (no taxable base), but are in TaxInclusive.
    expect(fmt(d.totals.taxExclusive)).toBe('0.00');
    expect(fmt(d.totals.taxInclusive)).toBe('498.00');
    expectConsistent(d);
  });

  it('INC bolsas with explicit units and unit code: 5 NIU × 66.00 = 330.00', () => {
    const d = computeLines([line('1', '1000.00', [{ code: '22', perUnitAmount: '66', units: '5', unitCode: 'NIU' }])]);
    const t = d.lines[0]!.taxes[0]!;
    expect(fmt(t.amount)).toBe('330.00');
    expect(t.unitCode).toBe('NIU');
  });

  it('IBUA 34 is priced per 100 mL (divisor 100): 1 500 mL × 35.00 / 100 = 525.00', () => {
    const d = computeLines([line('1', '4000.00', [{ code: '34', perUnitAmount: '35.00', units: '1500', unitCode: 'MLT' }])]);
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('525.00');
    expectConsistent(d);
  });

  it('ICL 32 per litre (divisor 1): 2.25 L × 396.00 = 891.00', () => {
    const d = computeLines([line('3', '50000.00', [{ code: '32', perUnitAmount: '396.00', units: '2.25', unitCode: 'LTR' }])]);
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('891.00');
    expectConsistent(d);
  });

  it('percentual taxes come before per-unit ones on a line (FAU04 reads the first TaxTotal)', () => {
    const d = computeLines([line('2', '1000.00', [{ code: '22', perUnitAmount: '66' }, { code: '01', percent: '19' }])]);
    expect(d.lines[0]!.taxes.map((t) => t.code)).toEqual(['01', '22']);
    expect(fmt(d.totals.taxExclusive)).toBe('2000.00');
  });
});

describe('special lines', () => {
  it('free sample: LineExtension 0.00, taxes on the reference price (1 × 6 000.00, INC 8 % = 480.00)', () => {
    const d = computeLines([
      line('1', '0.00', [{ code: '04', percent: '8' }], { freeOfCharge: { referencePrice: '6000.00' } }),
    ]);
    const l = d.lines[0]!;
    expect(fmt(l.lineExtension)).toBe('0.00');
    expect(fmt(l.taxBase)).toBe('6000.00');
    expect(fmt(l.taxes[0]!.taxable!)).toBe('6000.00');
    expect(fmt(l.taxes[0]!.amount)).toBe('480.00');
    expect(fmt(d.totals.lineExtension)).toBe('0.00');
    expect(fmt(d.totals.taxExclusive)).toBe('6000.00'); // like DIAN's "Muestras Gratis" sample
    expect(fmt(d.totals.taxInclusive)).toBe('480.00');
    expectConsistent(d);
  });

  it('free sample: reference value is quantity × reference price (3 × 1 999.995 = 5 999.985 → 5 999.99)', () => {
    const d = computeLines([line('3', '0', [{ code: '01', percent: '19' }], { freeOfCharge: { referencePrice: '1999.995' } })]);
    expect(fmt(d.lines[0]!.taxBase)).toBe('5999.99');
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('1140.00'); // 1 139.9981 → 1 140.00
  });

  it('line discount by percent, on the rounded gross (the module’s worked example)', () => {
    // 3 × 33 333.335 = 100 000.005 → 100 000.01; 10 % = 10 000.001 → 10 000.00;
    // line 90 000.01; IVA 19 % = 17 100.0019 → 17 100.00.
    const d = computeLines([
      line('3', '33333.335', [{ code: '01', percent: '19' }], { allowanceCharges: [{ charge: false, reason: 'Descuento', percent: '10' }] }),
    ]);
    const l = d.lines[0]!;
    expect(fmt(l.gross)).toBe('100000.01');
    expect(fmt(l.allowanceCharges[0]!.amount)).toBe('10000.00');
    expect(fmt(l.allowanceCharges[0]!.base)).toBe('100000.01');
    expect(fmt(l.lineExtension)).toBe('90000.01');
    expect(fmt(l.taxes[0]!.amount)).toBe('17100.00');
    expectConsistent(d);
  });

  it('line discount 5 % on 2 × 2 350 000.00 = 4 700 000.00 → 235 000.00; IVA 19 % = 848 350.00', () => {
    const d = computeLines([
      line('2', '2350000.00', [{ code: '01', percent: '19' }], { allowanceCharges: [{ charge: false, reasonCode: '01', reason: 'Volumen', percent: '5' }] }),
    ]);
    expect(fmt(d.lines[0]!.lineExtension)).toBe('4465000.00');
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('848350.00');
    expect(d.lines[0]!.allowanceCharges[0]!.reasonCode).toBe('01');
  });

  it('line discount by amount: 10 × 1 000.00 − 1 500.00 = 8 500.00', () => {
    const d = computeLines([
      line('10', '1000.00', [{ code: '01', percent: '19' }], { allowanceCharges: [{ charge: false, reason: 'Promo', amount: '1500' }] }),
    ]);
    const l = d.lines[0]!;
    expect(fmt(l.allowanceCharges[0]!.amount)).toBe('1500.00');
    expect(l.allowanceCharges[0]!.percent).toBeUndefined();
    expect(fmt(l.lineExtension)).toBe('8500.00');
    expect(fmt(l.taxes[0]!.amount)).toBe('1615.00');
  });

  it('line charge adds to the line value: 1 × 1 000.00 + 2 % = 1 020.00', () => {
    const d = computeLines([line('1', '1000.00', [], { allowanceCharges: [{ charge: true, reason: 'Flete', percent: '2' }] })]);
    expect(fmt(d.lines[0]!.lineExtension)).toBe('1020.00');
  });

  it('quantity with 6 decimals × price with 4 decimals is rounded once: 1.123456 × 9 999.9999 = 11 234.5598… → 11 234.56', () => {
    const d = computeLines([line('1.123456', '9999.9999', [{ code: '01', percent: '19' }])]);
    expect(fmt(d.lines[0]!.gross)).toBe('11234.56');
    expect(fmt(d.lines[0]!.taxes[0]!.amount)).toBe('2134.57'); // 2 134.5664
  });
});

describe('header totals are exact sums of rounded line values', () => {
  it('three lines of 0.335 with IVA 19 %: header IVA 0.18 (Σ of 0.06), not 19 % of 1.02 = 0.19', () => {
    const d = computeLines([1, 2, 3].map(() => line('1', '0.335', [{ code: '01', percent: '19' }])));
    expect(d.lines.map((l) => fmt(l.lineExtension))).toEqual(['0.34', '0.34', '0.34']);
    expect(d.lines.map((l) => fmt(l.taxes[0]!.amount))).toEqual(['0.06', '0.06', '0.06']);
    expect(fmt(d.taxTotals[0]!.amount)).toBe('0.18');
    expect(fmt(d.taxTotals[0]!.subtotals[0]!.taxable!)).toBe('1.02');
    expectConsistent(d);
  });

  it('groups by tax code, then by rate: IVA 19 + IVA 5 + IVA 19 → one 01 group with two subtotals', () => {
    const d = computeLines([
      line('1', '1000.00', [{ code: '01', percent: '19' }]),
      line('1', '2000.00', [{ code: '01', percent: '5' }]),
      line('1', '3000.00', [{ code: '01', percent: '19.00' }]),
      line('1', '500.00', [{ code: '04', percent: '8' }]),
    ]);
    expect(d.taxTotals.map((g) => g.code)).toEqual(['01', '04']);
    const iva = d.taxTotals[0]!;
    expect(iva.subtotals.map((s) => [s.percent!.toFixed(2), fmt(s.taxable!), fmt(s.amount)])).toEqual([
      ['19.00', '4000.00', '760.00'],
      ['5.00', '2000.00', '100.00'],
    ]);
    expect(fmt(iva.amount)).toBe('860.00');
    expect(fmt(d.totals.taxExclusive)).toBe('6500.00');
    expect(fmt(d.totals.taxInclusive)).toBe('7400.00');
    expectConsistent(d);
  });

  it('per-unit subtotals group by value and unit, adding the units', () => {
    const d = computeLines([
      line('3', '100', [{ code: '22', perUnitAmount: '66' }]),
      line('2', '100', [{ code: '22', perUnitAmount: '66' }]),
    ]);
    const g = d.taxTotals[0]!;
    expect(g.subtotals).toHaveLength(1);
    expect(g.subtotals[0]!.units!.toString()).toBe('5');
    expect(fmt(g.amount)).toBe('330.00');
  });
});

describe('document-level charges, discounts and prepaid', () => {
  it('propina (document charge 03) is added to the payable and is not a tax base (DIAN "Propina" sample)', () => {
    // 1 000 000.00 + IVA 19 % = 1 190 000.00; tip 100 000.00 → payable 1 290 000.00
    const d = computeLines([line('1', '1000000.00', [{ code: '01', percent: '19' }])], {
      allowanceCharges: [{ charge: true, reasonCode: '03', reason: 'Propina', amount: '100000' }],
    });
    expect(fmt(d.totals.taxInclusive)).toBe('1190000.00');
    expect(fmt(d.totals.chargeTotal)).toBe('100000.00');
    expect(fmt(d.totals.allowanceTotal)).toBe('0.00');
    expect(fmt(d.totals.payable)).toBe('1290000.00');
    expect(fmt(d.taxTotals[0]!.amount)).toBe('190000.00'); // the tip does not change the IVA
    expectConsistent(d);
  });

  it('document discount by percent is computed on LineExtensionAmount: 10 % of 36 000.00 = 3 600.00', () => {
    const d = computeLines([line('2', '18000.00', [{ code: '04', percent: '8' }])], {
      allowanceCharges: [{ charge: false, reason: 'Descuento general', percent: '10' }],
    });
    const ac = d.documentAllowanceCharges[0]!;
    expect(fmt(ac.base)).toBe('36000.00');
    expect(fmt(ac.amount)).toBe('3600.00');
    expect(fmt(d.totals.allowanceTotal)).toBe('3600.00');
    expect(fmt(d.totals.payable)).toBe('35280.00'); // 38 880.00 − 3 600.00
    expectConsistent(d);
  });

  it('document percent with an explicit base: 10 % of 12 345.67 = 1 234.567 → 1 234.57', () => {
    const d = computeLines([line('1', '50000')], {
      allowanceCharges: [{ charge: true, reason: 'Servicio', percent: '10', baseAmount: '12345.67' }],
    });
    expect(fmt(d.documentAllowanceCharges[0]!.base)).toBe('12345.67');
    expect(fmt(d.totals.chargeTotal)).toBe('1234.57');
  });

  it('charge and discount together: payable = inclusive − allowances + charges', () => {
    const d = computeLines([line('1', '10000.00', [{ code: '01', percent: '19' }])], {
      allowanceCharges: [
        { charge: false, reason: 'Descuento', amount: '500' },
        { charge: true, reason: 'Propina', amount: '1000' },
        { charge: false, reason: 'Otro', amount: '250.50' },
      ],
    });
    expect(fmt(d.totals.allowanceTotal)).toBe('750.50');
    expect(fmt(d.totals.chargeTotal)).toBe('1000.00');
    expect(fmt(d.totals.payable)).toBe('12149.50'); // 11 900.00 − 750.50 + 1 000.00
    expectConsistent(d);
  });

  it('prepaid payments are summed and subtracted from the payable (GenericaPagoAnticipado)', () => {
    const d = computeLines([line('1', '100000.00', [{ code: '01', percent: '19' }])], {
      prepaidPayments: [
        { id: 'ANT-1', amount: '50000', receivedDate: '2026-11-01' },
        { id: 'ANT-2', amount: '9000.005', receivedDate: '2026-11-02' },
      ],
    });
    expect(fmt(d.totals.prepaid)).toBe('59000.01'); // 50 000.00 + 9 000.01
    expect(fmt(d.totals.payable)).toBe('59999.99'); // 119 000.00 − 59 000.01
    expectConsistent(d);
  });
});

describe('withholdings are informative (never change the monetary totals)', () => {
  it('ReteIVA 15 % on the line IVA, ReteICA 9.66 ‰ and ReteRenta 2.5 % on the line value', () => {
    const d = computeLines([
      line('1', '150000.00', [{ code: '01', percent: '19' }], {
        withholdings: [
          { code: '05', percent: '15' },
          { code: '07', percent: '9.66' },
          { code: '06', percent: '2.5' },
        ],
      }),
    ]);
    const w = d.lines[0]!.withholdings;
    expect(w.map((x) => [x.code, fmt(x.taxable!), fmt(x.amount)])).toEqual([
      ['05', '28500.00', '4275.00'], // base = IVA 28 500.00
      ['07', '150000.00', '1449.00'], // per mil
      ['06', '150000.00', '3750.00'],
    ]);
    expect(d.withholdingTotals.map((g) => [g.code, fmt(g.amount)])).toEqual([
      ['05', '4275.00'],
      ['07', '1449.00'],
      ['06', '3750.00'],
    ]);
    expect(fmt(d.totals.payable)).toBe('178500.00');
    expectConsistent(d);
  });

  it('ReteIVA on a line without IVA has base 0.00', () => {
    const d = computeLines([line('1', '1000', [], { withholdings: [{ code: '05', percent: '15' }] })]);
    expect(fmt(d.lines[0]!.withholdings[0]!.taxable!)).toBe('0.00');
    expect(fmt(d.lines[0]!.withholdings[0]!.amount)).toBe('0.00');
  });

  it('a withholding with an explicit base uses it: ReteRenta 4 % of 2 000 000.00 = 80 000.00', () => {
    const d = computeLines([line('1', '5000000', [], { withholdings: [{ code: '06', percent: '4', baseAmount: '2000000' }] })]);
    expect(fmt(d.lines[0]!.withholdings[0]!.amount)).toBe('80000.00');
  });
});

describe('examples', () => {
  it('examples/invoice.json: the full arithmetic by hand', () => {
    const d = compute(loadExample('invoice'));
    // L1 24 × 4 200 = 100 800.00, IVA 5 % 5 040.00
    // L2 2 × 2 350 000 = 4 700 000.00 − 5 % 235 000.00 = 4 465 000.00, IVA 19 % 848 350.00
    // L3 3 × 100 = 300.00, bolsas 3 × 66 = 198.00
    // L4 150 000.00, IVA 19 % 28 500.00
    // L5 45 000.00 excluido
    expect(d.lines.map((l) => fmt(l.lineExtension))).toEqual(['100800.00', '4465000.00', '300.00', '150000.00', '45000.00']);
    expect(d.taxTotals.map((g) => [g.code, fmt(g.amount)])).toEqual([
      ['01', '881890.00'],
      ['22', '198.00'],
    ]);
    expect(fmt(d.totals.lineExtension)).toBe('4761100.00');
    expect(fmt(d.totals.taxExclusive)).toBe('4715800.00'); // lines 1, 2 and 4
    expect(fmt(d.totals.taxInclusive)).toBe('5643188.00');
    expect(fmt(d.totals.payable)).toBe('5643188.00');
    expectConsistent(d);
  });

  it('credit notes carry no prepaid amount and no withholding totals', () => {
    const d = compute(loadExample('credit-note'));
    expect(d.totals.prepaid).toBe(0n);
    expect(d.withholdingTotals).toEqual([]);
    expectConsistent(d);
  });

  it('debit notes carry no withholding totals', () => {
    const json = loadExample('debit-note');
    const lines = json.lines as Array<Record<string, unknown>>;
    lines[0]!.withholdings = [{ code: '06', percent: '2.5' }];
    const d = compute(json);
    expect(d.withholdingTotals).toEqual([]);
  });
});
