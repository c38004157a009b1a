/**
 * DIAN rules of the monetary totals (group FAU: `cac:LegalMonetaryTotal`, on debit notes
 * `cac:RequestedMonetaryTotal`) with their credit/debit twins (CAU, DAU).
 *
 * Worked example (DIAN's `Ejemplificacion_Propina.xml`, COP): lines 1 000 000.00 → LineExtension
 * 1000000.00; IVA 19 % 190000.00 → TaxInclusive 1190000.00; a document charge (tip) of 100000.00
 * → ChargeTotal 100000.00; Payable = 1190000.00 − 0.00 + 100000.00 = 1290000.00.
 *
 * Where DIAN's own material admits two readings, both are accepted (each documented at the rule):
 * TaxExclusiveAmount (FAU04), TaxInclusiveAmount (FAU06) and PayableAmount with or without the
 * prepaid amount (FAU14). All comparisons use the run's tolerance (`within`).
 */
import { Decimal } from '../../money/decimal.js';
import { docIndex } from '../document-index.js';
import type { MonetaryTotals } from '../document-index.js';
import { at, cached, child, missing, monetaryTotal, MONETARY_TOTAL_NAME, num, text, within, NONE } from '../helpers.js';
import type { Finding, RuleContext, RuleDefinition } from '../types.js';
import { taxModel } from './taxes.js';

export type { MonetaryTotals } from '../document-index.js';

/** The monetary totals, parsed once per run (undefined when the group is absent). */
export function monetaryTotals(ctx: RuleContext): MonetaryTotals | undefined {
  return docIndex(ctx).monetary;
}

/** Sums of the document-level AllowanceCharge amounts (discounts and charges), parsed once. */
export function documentAllowanceSums(ctx: RuleContext): { allowances: Decimal; charges: Decimal; allowanceCount: number; chargeCount: number } {
  return cached(ctx, 'totals:docAllowances', () => {
    let allowances = Decimal.ZERO;
    let charges = Decimal.ZERO;
    let allowanceCount = 0;
    let chargeCount = 0;
    for (const ac of ctx.root.children) {
      if (ac.qname !== 'cac:AllowanceCharge') continue;
      const indicator = text(child(ac, 'cbc:ChargeIndicator'));
      const amount = num(child(ac, 'cbc:Amount')) ?? Decimal.ZERO;
      if (indicator === 'true') {
        charges = charges.add(amount);
        chargeCount++;
      } else if (indicator === 'false') {
        allowances = allowances.add(amount);
        allowanceCount++;
      }
    }
    return { allowances, charges, allowanceCount, chargeCount };
  });
}

/** Σ of the lines' LineExtensionAmount (exact), parsed once. */
export function linesExtensionSum(ctx: RuleContext): Decimal {
  return cached(ctx, 'totals:linesExtension', () => {
    let sum = Decimal.ZERO;
    for (const l of taxModel(ctx).lines) if (l.extension) sum = sum.add(l.extension);
    return sum;
  });
}

/** A finding comparing a reported total with the accepted values (the first one is shown as expected). */
function compareTotal(ctx: RuleContext, mt: MonetaryTotals, qname: string, actual: Decimal | undefined, accepted: readonly Decimal[], explain: string): Finding[] {
  const el = child(mt.el, qname);
  const expected = accepted[0]!;
  if (actual === undefined) {
    if (el) return [at(el, ctx, `valor no numérico: "${text(el)}"; esperado ${expected.toFixed(2)}`, expected.toFixed(2), text(el))];
    return [missing(mt.el, ctx, qname, `no informado; esperado ${expected.toFixed(2)} (${explain})`)];
  }
  if (accepted.some((a) => within(ctx, a, actual))) return NONE;
  const alternatives = accepted.length > 1 ? ` (otra lectura aceptada: ${accepted.slice(1).map((a) => a.toFixed(2)).join(', ')})` : '';
  return [at(el, ctx, `${explain}: esperado ${expected.toFixed(2)}, informado ${actual.toString()}${alternatives}`, expected.toFixed(2), actual.toString())];
}

/** An optional total: absent counts as zero, and it must not be given without the groups it sums. */
function compareOptionalTotal(ctx: RuleContext, mt: MonetaryTotals, qname: string, actual: Decimal | undefined, expected: Decimal, explain: string): Finding[] {
  const el = child(mt.el, qname);
  if (!el) return expected.isZero() ? NONE : [missing(mt.el, ctx, qname, `no informado; esperado ${expected.toFixed(2)} (${explain})`)];
  return compareTotal(ctx, mt, qname, actual, [expected], explain);
}

/**
 * The two readings of TaxExclusiveAmount (FAU04):
 * (a) DIAN's compiled Schematron: Σ over lines of `cac:TaxTotal[1]/cac:TaxSubtotal/cbc:TaxableAmount`
 *     (`Ejemplicacion_Impuestos_Saludables.xml` needs it: 310000.00);
 * (b) each taxed line's base counted once (its first TaxableAmount in any TaxTotal; spec 01 §11.2).
 */
function taxExclusiveReadings(ctx: RuleContext): Decimal[] {
  let firstTotal = Decimal.ZERO;
  let oncePerLine = Decimal.ZERO;
  for (const l of taxModel(ctx).lines) {
    const first = l.taxTotals[0];
    if (first) for (const s of first.subtotals) if (s.taxable) firstTotal = firstTotal.add(s.taxable);
    search: for (const t of l.taxTotals) {
      for (const s of t.subtotals) {
        if (s.taxable) {
          oncePerLine = oncePerLine.add(s.taxable);
          break search;
        }
      }
    }
  }
  return firstTotal.compare(oncePerLine) === 0 ? [firstTotal] : [firstTotal, oncePerLine];
}

/** Σ TaxAmount of the document's TaxTotal blocks (a block without a numeric total counts its subtotals). */
function headerTaxSum(ctx: RuleContext): Decimal {
  let sum = Decimal.ZERO;
  for (const t of taxModel(ctx).header) {
    if (t.amount) sum = sum.add(t.amount);
    else for (const s of t.subtotals) if (s.amount) sum = sum.add(s.amount);
  }
  return sum;
}

/** Σ TaxAmount of the lines' TaxTotal blocks. */
function lineTaxSum(ctx: RuleContext): Decimal {
  let sum = Decimal.ZERO;
  for (const l of taxModel(ctx).lines) for (const t of l.taxTotals) if (t.amount) sum = sum.add(t.amount);
  return sum;
}

/** Σ PrepaidPayment/PaidAmount. */
function prepaidSum(ctx: RuleContext): { sum: Decimal; count: number } {
  let sum = Decimal.ZERO;
  let count = 0;
  for (const p of ctx.root.children) {
    if (p.qname !== 'cac:PrepaidPayment') continue;
    count++;
    const v = num(child(p, 'cbc:PaidAmount'));
    if (v) sum = sum.add(v);
  }
  return { sum, count };
}

/** DIAN rules of this group (see docs/rules.md). */
export const totalsRules: RuleDefinition[] = [
  {
    ids: { invoice: 'FAU01' },
    description: 'The document totals group (cac:LegalMonetaryTotal) must be present.',
    check: (ctx) => (monetaryTotal(ctx) ? NONE : [missing(ctx.root, ctx, MONETARY_TOTAL_NAME[ctx.kind], 'grupo de totales no informado')]),
  },
  {
    ids: { invoice: 'FAU02', 'credit-note': 'CAU02', 'debit-note': 'DAU02' },
    description: 'LineExtensionAmount = Σ of the lines\' LineExtensionAmount.',
    check(ctx) {
      const mt = monetaryTotals(ctx);
      if (!mt) return NONE;
      return compareTotal(ctx, mt, 'cbc:LineExtensionAmount', mt.lineExtension, [linesExtensionSum(ctx)], 'suma de las líneas');
    },
  },
  {
    ids: { invoice: 'FAU04', 'credit-note': 'CAU04', 'debit-note': 'DAU04' },
    description:
      'TaxExclusiveAmount = Σ of the lines\' taxable bases: either Σ TaxableAmount of each line\'s first TaxTotal (DIAN Schematron) ' +
      'or each taxed line\'s base counted once; both readings occur in DIAN\'s samples.',
    check(ctx) {
      const mt = monetaryTotals(ctx);
      if (!mt) return NONE;
      return compareTotal(ctx, mt, 'cbc:TaxExclusiveAmount', mt.taxExclusive, cached(ctx, 'totals:taxExclusive', () => taxExclusiveReadings(ctx)), 'suma de las bases gravables de las líneas');
    },
  },
  {
    ids: { invoice: 'FAU06', 'credit-note': 'CAU06', 'debit-note': 'DAU06' },
    description:
      'TaxInclusiveAmount = LineExtensionAmount + Σ document TaxTotal/TaxAmount (withholdings excluded); DIAN\'s message speaks of ' +
      'the lines\' taxes, so LineExtensionAmount + Σ line TaxTotal/TaxAmount is accepted too.',
    check(ctx) {
      const mt = monetaryTotals(ctx);
      if (!mt || mt.lineExtension === undefined) return NONE;
      const byHeader = mt.lineExtension.add(headerTaxSum(ctx));
      const byLines = mt.lineExtension.add(lineTaxSum(ctx));
      const accepted = byHeader.compare(byLines) === 0 ? [byHeader] : [byHeader, byLines];
      return compareTotal(ctx, mt, 'cbc:TaxInclusiveAmount', mt.taxInclusive, accepted, 'valor bruto más tributos');
    },
  },
  {
    ids: { invoice: 'FAU08', 'credit-note': 'CAU08', 'debit-note': 'DAU08' },
    description: 'AllowanceTotalAmount = Σ document-level AllowanceCharge/Amount with ChargeIndicator false (absent counts as 0).',
    check(ctx) {
      const mt = monetaryTotals(ctx);
      if (!mt) return NONE;
      return compareOptionalTotal(ctx, mt, 'cbc:AllowanceTotalAmount', mt.allowanceTotal, documentAllowanceSums(ctx).allowances, 'suma de los descuentos globales');
    },
  },
  {
    ids: { invoice: 'FAU10' },
    description: 'ChargeTotalAmount = Σ document-level AllowanceCharge/Amount with ChargeIndicator true (absent counts as 0).',
    check(ctx) {
      const mt = monetaryTotals(ctx);
      if (!mt) return NONE;
      return compareOptionalTotal(ctx, mt, 'cbc:ChargeTotalAmount', mt.chargeTotal, documentAllowanceSums(ctx).charges, 'suma de los cargos globales');
    },
  },
  {
    ids: { invoice: 'FAU12' },
    description: 'When present, PrepaidAmount = Σ PrepaidPayment/PaidAmount.',
    check(ctx) {
      const mt = monetaryTotals(ctx);
      if (!mt || !child(mt.el, 'cbc:PrepaidAmount')) return NONE;
      return compareTotal(ctx, mt, 'cbc:PrepaidAmount', mt.prepaid, [prepaidSum(ctx).sum], 'suma de los anticipos');
    },
  },
  {
    ids: { invoice: 'FAU14', 'credit-note': 'CAU14', 'debit-note': 'DAU14' },
    description:
      'PayableAmount = TaxInclusiveAmount − AllowanceTotalAmount + ChargeTotalAmount + PayableRoundingAmount, with or without ' +
      'PrepaidAmount subtracted (DIAN\'s GenericaPagoAnticipado subtracts it, Generica does not).',
    check(ctx) {
      const mt = monetaryTotals(ctx);
      if (!mt || mt.taxInclusive === undefined) return NONE;
      const base = mt.taxInclusive
        .sub(mt.allowanceTotal ?? Decimal.ZERO)
        .add(mt.chargeTotal ?? Decimal.ZERO)
        .add(mt.rounding ?? Decimal.ZERO);
      const accepted = mt.prepaid && !mt.prepaid.isZero() ? [base, base.sub(mt.prepaid)] : [base];
      return compareTotal(ctx, mt, 'cbc:PayableAmount', mt.payable, accepted, 'valor bruto más tributos − descuentos + cargos');
    },
  },
];

/** Totals-group rules DIAN defines that are not checked here, with the reason. */
export const notImplementedTotals: Record<string, string> = {};
