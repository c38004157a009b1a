import { Decimal, decimal } from '../money/decimal.js';
import { sumMinor, toMinor, type Minor } from '../money/money.js';
import { taxType } from '../codelists/index.js';
import type { AllowanceChargeInput, DocumentInput, LineInput } from '../input/schema.js';

/**
 * Document arithmetic, done once, in exact decimals, with one rounding step per value.
 *
 * Rounding policy (STYLE.md "Money"): every value written to the XML is rounded half-up to
 * two decimals exactly once, at line level; header totals are exact sums of the rounded line
 * values, so DIAN's sum rules (FAU02, FAS02, FAX02…) hold by construction.
 *
 * Worked example (COP): 3 × 33 333.335 = 100 000.005 → line 100 000.01; a 10 % line discount
 * = 10 000.00 (computed on the rounded gross 100 000.01 → 10 000.001 → 10 000.00); line value
 * 90 000.01; IVA 19 % = 17 100.0019 → 17 100.00; the header IVA is the sum of line IVAs.
 */

/** A line discount or charge, resolved to an amount. */
export interface ComputedAllowanceCharge {
  charge: boolean;
  reasonCode?: string;
  reason: string;
  percent?: Decimal;
  amount: Minor;
  base: Minor;
}

/** Whether a tax is per unit (nominal) and how its amount is derived from the units. */
export interface ComputedTax {
  code: string;
  percent?: Decimal;
  perUnitAmount?: Decimal;
  units?: Decimal;
  unitCode?: string;
  /** Taxable base (percentual taxes and withholdings). */
  taxable?: Minor;
  amount: Minor;
}

/** One computed line. */
export interface ComputedLine {
  /** 1-based line number. */
  id: number;
  input: LineInput;
  quantity: Decimal;
  unitPrice: Decimal;
  /** quantity × unit price, rounded. */
  gross: Minor;
  allowanceCharges: ComputedAllowanceCharge[];
  /** Line value (LineExtensionAmount): gross − discounts + charges; 0 for free samples. */
  lineExtension: Minor;
  /** Base for the line's percentual taxes (the commercial value for free samples). */
  taxBase: Minor;
  /** Taxes, percentual first (DIAN's FAU04 sums each line's first TaxTotal base). */
  taxes: ComputedTax[];
  withholdings: ComputedTax[];
}

/** A document-level tax group (one per tax code) with one subtotal per rate/per-unit value. */
export interface TaxGroup {
  code: string;
  amount: Minor;
  subtotals: ComputedTax[];
}

/** LegalMonetaryTotal / RequestedMonetaryTotal values. */
export interface MonetaryTotals {
  lineExtension: Minor;
  taxExclusive: Minor;
  taxInclusive: Minor;
  allowanceTotal: Minor;
  chargeTotal: Minor;
  prepaid: Minor;
  payable: Minor;
}

/** Everything the UBL builder needs besides the input. */
export interface ComputedDocument {
  lines: ComputedLine[];
  documentAllowanceCharges: ComputedAllowanceCharge[];
  taxTotals: TaxGroup[];
  withholdingTotals: TaxGroup[];
  totals: MonetaryTotals;
}

/**
 * TaxAmount = TaxableAmount × Percent / divisor (100; 1000 for the per-mil ICA 03 and ReteICA 07)
 * or BaseUnitMeasure × PerUnitAmount / divisor (1; 100 for IBUA 34, priced per 100 mL), from
 * DIAN's table 13.2.2 notes as carried by the code list.
 */
function divide(value: Decimal, code: string, perUnit: boolean): Decimal {
  const divisor = taxType(code)?.amountDivisor ?? (perUnit ? 1 : 100);
  if (divisor === 1) return value;
  if (divisor === 100) return value.shift(-2);
  if (divisor === 1000) return value.shift(-3);
  throw new RangeError(`Unsupported tax divisor ${divisor} for tax ${code}`);
}

function resolveAllowanceCharge(a: AllowanceChargeInput, lineBase: Minor | undefined): ComputedAllowanceCharge {
  const base = a.baseAmount !== undefined ? toMinor(decimal(a.baseAmount)) : (lineBase ?? 0n);
  let amount: Minor;
  let percent: Decimal | undefined;
  if (a.percent !== undefined) {
    percent = decimal(a.percent);
    amount = toMinor(new Decimal(base, 2).mul(percent).shift(-2));
  } else {
    amount = toMinor(decimal(a.amount!));
  }
  const out: ComputedAllowanceCharge = { charge: a.charge, reason: a.reason, amount, base };
  if (a.reasonCode !== undefined) out.reasonCode = a.reasonCode;
  if (percent !== undefined) out.percent = percent;
  return out;
}

function computeLine(line: LineInput, id: number): ComputedLine {
  const quantity = decimal(line.quantity);
  const unitPrice = decimal(line.unitPrice);
  const gross = toMinor(quantity.mul(unitPrice));
  const allowanceCharges = line.allowanceCharges.map((a) => resolveAllowanceCharge(a, gross));
  let lineExtension = gross;
  for (const ac of allowanceCharges) lineExtension += ac.charge ? ac.amount : -ac.amount;
  let taxBase = lineExtension;
  if (line.freeOfCharge) {
    taxBase = toMinor(quantity.mul(decimal(line.freeOfCharge.referencePrice)));
    lineExtension = 0n;
  }
  const percentual: ComputedTax[] = [];
  const perUnit: ComputedTax[] = [];
  for (const t of line.taxes) {
    if (t.percent !== undefined) {
      const percent = decimal(t.percent);
      percentual.push({ code: t.code, percent, taxable: taxBase, amount: toMinor(divide(new Decimal(taxBase, 2).mul(percent), t.code, false)) });
    } else {
      const perUnitAmount = decimal(t.perUnitAmount!);
      const units = t.units !== undefined ? decimal(t.units) : quantity;
      const value = divide(units.mul(perUnitAmount), t.code, true);
      perUnit.push({ code: t.code, perUnitAmount, units, unitCode: t.unitCode ?? line.unitCode, amount: toMinor(value) });
    }
  }
  const taxes = [...percentual, ...perUnit];
  const withholdings = line.withholdings.map((w): ComputedTax => {
    const percent = decimal(w.percent);
    let taxable: Minor;
    if (w.baseAmount !== undefined) taxable = toMinor(decimal(w.baseAmount));
    else if (w.code === '05') taxable = taxes.find((t) => t.code === '01')?.amount ?? 0n;
    else taxable = taxBase;
    return { code: w.code, percent, taxable, amount: toMinor(divide(new Decimal(taxable, 2).mul(percent), w.code, false)) };
  });
  return { id, input: line, quantity, unitPrice, gross, allowanceCharges, lineExtension, taxBase, taxes, withholdings };
}

/** Groups line taxes by code, then by rate (percentual) or per-unit value. */
function groupTaxes(lines: ComputedLine[], pick: (l: ComputedLine) => ComputedTax[]): TaxGroup[] {
  const groups = new Map<string, Map<string, ComputedTax>>();
  for (const line of lines) {
    for (const t of pick(line)) {
      let byRate = groups.get(t.code);
      if (!byRate) groups.set(t.code, (byRate = new Map()));
      // One subtotal per rate (FAS04): per-unit taxes group by their value per unit.
      const key = t.percent ? `p${t.percent.toFixed(2)}` : `u${t.perUnitAmount!.toFixed(2)}`;
      const sub = byRate.get(key);
      if (!sub) {
        byRate.set(key, { ...t });
      } else {
        sub.amount += t.amount;
        if (t.taxable !== undefined) sub.taxable = (sub.taxable ?? 0n) + t.taxable;
        if (t.units !== undefined) sub.units = (sub.units ?? Decimal.ZERO).add(t.units);
      }
    }
  }
  return [...groups.entries()].map(([code, byRate]) => {
    const subtotals = [...byRate.values()];
    return { code, amount: sumMinor(subtotals.map((s) => s.amount)), subtotals };
  });
}

/**
 * Computes lines, tax groups and monetary totals of a validated input.
 *
 * - TaxExclusiveAmount: each line with a percentual tax counts its taxable base once
 *   (the base of its first TaxTotal, which is how DIAN's Schematron reads FAU04).
 * - TaxInclusiveAmount = LineExtensionAmount + Σ header TaxTotal amounts (FAU06).
 * - PayableAmount = TaxInclusive − AllowanceTotal + ChargeTotal − PrepaidAmount. DIAN's own
 *   signed sample GenericaPagoAnticipado.xml subtracts the prepaid amount; see docs/decisions.md.
 */
export function computeDocument(input: DocumentInput): ComputedDocument {
  const lines = input.lines.map((l, i) => computeLine(l, i + 1));
  const taxTotals = groupTaxes(lines, (l) => l.taxes);
  const withholdingTotals = input.kind === 'invoice' ? groupTaxes(lines, (l) => l.withholdings) : [];
  const lineExtension = sumMinor(lines.map((l) => l.lineExtension));
  const documentAllowanceCharges = input.allowanceCharges.map((a) => resolveAllowanceCharge(a, lineExtension));
  const taxExclusive = sumMinor(lines.filter((l) => l.taxes.some((t) => t.percent !== undefined)).map((l) => l.taxBase));
  const taxInclusive = lineExtension + sumMinor(taxTotals.map((g) => g.amount));
  const allowanceTotal = sumMinor(documentAllowanceCharges.filter((a) => !a.charge).map((a) => a.amount));
  const chargeTotal = sumMinor(documentAllowanceCharges.filter((a) => a.charge).map((a) => a.amount));
  const prepaid =
    input.kind === 'credit-note' ? 0n : sumMinor(input.prepaidPayments.map((p) => toMinor(decimal(p.amount))));
  const payable = taxInclusive - allowanceTotal + chargeTotal - prepaid;
  return {
    lines,
    documentAllowanceCharges,
    taxTotals,
    withholdingTotals,
    totals: { lineExtension, taxExclusive, taxInclusive, allowanceTotal, chargeTotal, prepaid, payable },
  };
}
