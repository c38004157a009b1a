/**
 * DIAN rules of the tax groups: header taxes (FAS), header withholdings (FAT), line taxes (FAX)
 * and line withholdings (FAY), with their credit/debit twins (CAS/DAS, CAT/DAT, CAX/DAX,
 * CAY/DAY).
 *
 * The parsed tax structure (every TaxTotal/WithholdingTaxTotal of the header and of each line,
 * with its amounts as exact Decimals) is part of the run's document index ({@link taxModel}),
 * shared with the totals and lines rules.
 *
 * How a TaxSubtotal is computed (Anexo 1.9 table 13.2.2 and DIAN's v1.9 toolkit samples):
 *
 * - Percentual taxes: TaxAmount = TaxableAmount × Percent / 100. Worked example (COP): base
 *   12600.06 at 19.00 % → 2394.0114 → 2394.01. For ICA (03) and ReteICA (07) the table note says
 *   the Percent is a per-mil rate (÷ 1000); both divisors are accepted because implementations
 *   differ.
 * - Per-unit ("nominal") taxes (22 INC Bolsas, 32 ICL, 33 INPP, 34 IBUA, …): TaxAmount =
 *   BaseUnitMeasure × PerUnitAmount ÷ divisor, the divisor being 100 for IBUA (rate per 100 mL:
 *   25000 mL × 18.00 / 100 = 4500.00) and 1 otherwise (ICL 37 × 295.00 = 10915.00; INPP 50 g ×
 *   2.12 = 106.00). DIAN's bag-tax samples write BaseUnitMeasure 1 (one bag) and multiply by the
 *   line quantity (2 bags × 30.00 = 60.00), so on lines "quantity × PerUnitAmount" is accepted
 *   too for bags (and any nominal tax with BaseUnitMeasure 1); a header subtotal may instead add
 *   up the lines it aggregates.
 *
 * Every comparison uses the run's tolerance (DIAN's "holgura", `within`).
 */
import { taxRates, taxType } from '../../codelists/index.js';
import { Decimal, parseDecimal } from '../../money/decimal.js';
import type { XmlElement } from '../../xml/parse.js';
import { docIndex } from '../document-index.js';
import type { LineItem, TaxModel, TaxSubtotalView, TaxTotalView } from '../document-index.js';
import { at, cached, missing, NONE, text, within } from '../helpers.js';
import type { Finding, RuleContext, RuleDefinition, Severity } from '../types.js';

// --- Parsed model -----------------------------------------------------------------------------

export type { LineItem, LineTaxView, TaxModel, TaxSubtotalView, TaxTotalView } from '../document-index.js';
export { canonical } from '../document-index.js';

/** The document's parsed tax structure (from the run's index). */
export function taxModel(ctx: RuleContext): TaxModel {
  return docIndex(ctx).taxes;
}

// --- Arithmetic -------------------------------------------------------------------------------

const ONE = Decimal.of(1);
/** INC Bolsas, the nominal tax charged per bag. */
const BAG_TAX = '22';
const NOTIFICATION: Severity = 'notification';

/** 2-decimal text of a value for messages. */
function show(d: Decimal | undefined): string {
  return d === undefined ? '(no informado)' : d.toFixed(2);
}

function divide(d: Decimal, divisor: number): Decimal {
  return divisor === 100 ? d.shift(-2) : divisor === 1000 ? d.shift(-3) : d;
}

/** Divisor of a nominal tax: IBUA's rate is per 100 mL (table 13.2.2 note ****), the others per unit. */
function perUnitDivisor(schemeId: string | undefined): number {
  const t = schemeId === undefined ? undefined : taxType(schemeId);
  return t && t.rateType === 'per-unit' ? t.amountDivisor : 1;
}

/** True for the per-mil taxes (ICA 03, ReteICA 07), whose amount may also be base × Percent / 1000. */
function perMil(schemeId: string | undefined): boolean {
  const t = schemeId === undefined ? undefined : taxType(schemeId);
  return t !== undefined && t.rateType === 'percent' && t.amountDivisor === 1000;
}

/**
 * Checks "TaxAmount = base × rate" for one subtotal (several readings, see the module comment);
 * `aggregated` are extra accepted values (a header subtotal may add up its lines).
 */
function checkSubtotalAmount(ctx: RuleContext, sub: TaxSubtotalView, lineQuantity: Decimal | undefined, out: Finding[], aggregated?: readonly Decimal[]): void {
  const actual = sub.amount;
  if (actual === undefined) {
    out.push(sub.amountEl ? at(sub.amountEl, ctx, `valor no numérico: "${text(sub.amountEl)}"`) : missing(sub.el, ctx, 'cbc:TaxAmount', 'valor del tributo no informado'));
    return;
  }
  let first: Decimal;
  if (sub.isPerUnit) {
    if (sub.perUnit === undefined) return;
    const div = perUnitDivisor(sub.schemeId);
    let candidate: Decimal | undefined;
    if (sub.baseUnit !== undefined) {
      candidate = divide(sub.baseUnit.mul(sub.perUnit), div);
      if (within(ctx, candidate, actual)) return;
    }
    // Quantity × rate: the bag tax (22) as DIAN's Consumidor_Final (BaseUnitMeasure 1, 2 bags) and
    // Odoo (BaseUnitMeasure = value per bag) write it, or any nominal tax whose BaseUnitMeasure is 1.
    if (lineQuantity !== undefined && (sub.schemeId === BAG_TAX || sub.baseUnit === undefined || sub.baseUnit.compare(ONE) === 0)) {
      const byQuantity = divide(lineQuantity.mul(sub.perUnit), div);
      if (within(ctx, byQuantity, actual)) return;
      candidate ??= byQuantity;
    }
    if (aggregated) for (const a of aggregated) if (within(ctx, a, actual)) return;
    if (candidate === undefined) return;
    first = candidate;
  } else {
    if (sub.taxable === undefined || sub.percent === undefined) return;
    const product = sub.taxable.mul(sub.percent);
    first = product.shift(-2);
    if (within(ctx, first, actual)) return;
    if (perMil(sub.schemeId) && within(ctx, product.shift(-3), actual)) return;
  }
  const how = sub.isPerUnit
    ? `${show(sub.baseUnit)} × ${show(sub.perUnit)}${perUnitDivisor(sub.schemeId) === 100 ? ' / 100' : ''}`
    : `${show(sub.taxable)} × ${sub.percent!.toString()} %`;
  out.push(at(sub.amountEl, ctx, `tributo ${sub.schemeId ?? '?'}: ${how}; esperado ${first.toFixed(2)}, informado ${actual.toString()}`, first.toFixed(2), actual.toString()));
}

/** Checks "TaxTotal/TaxAmount = Σ TaxSubtotal/TaxAmount" for one block. */
function checkTotalSum(ctx: RuleContext, total: TaxTotalView, out: Finding[]): void {
  let sum = Decimal.ZERO;
  for (const s of total.subtotals) if (s.amount) sum = sum.add(s.amount);
  if (total.amount === undefined) {
    out.push(total.amountEl ? at(total.amountEl, ctx, `valor no numérico: "${text(total.amountEl)}"`) : missing(total.el, ctx, 'cbc:TaxAmount', `valor total no informado; suma de subtotales ${sum.toFixed(2)}`));
  } else if (!within(ctx, sum, total.amount)) {
    out.push(at(total.amountEl, ctx, `tributo ${total.schemeId ?? '?'}: suma de subtotales ${sum.toFixed(2)}, informado ${total.amount.toString()}`, sum.toFixed(2), total.amount.toString()));
  }
}

// --- Structure --------------------------------------------------------------------------------

/** TaxCategory and TaxScheme presence of a header subtotal (one rule for both groups). */
function requireScheme(ctx: RuleContext, sub: TaxSubtotalView, out: Finding[]): void {
  if (!sub.categoryEl) out.push(missing(sub.el, ctx, 'cac:TaxCategory/cac:TaxScheme', 'grupo cac:TaxCategory no informado'));
  else if (!sub.schemeEl) out.push(missing(sub.categoryEl, ctx, 'cac:TaxScheme', 'grupo cac:TaxScheme no informado'));
}

/** Tax code of a subtotal against table 13.2.2; `withholding` restricts to 05/06/07 (or the others). */
function checkSchemeCode(ctx: RuleContext, sub: TaxSubtotalView, withholding: boolean, out: Finding[]): void {
  if (!sub.schemeEl) return;
  const id = sub.schemeId;
  const t = id === undefined ? undefined : taxType(id);
  if (t && t.withholding === withholding) return;
  const what = withholding ? 'retención' : 'tributo';
  if (id === undefined) {
    out.push(sub.schemeIdEl ? at(sub.schemeIdEl, ctx, `identificador de ${what} vacío`) : missing(sub.schemeEl, ctx, 'cbc:ID', `identificador de ${what} no informado`));
    return;
  }
  out.push(at(sub.schemeIdEl, ctx, t ? `"${id}" (${t.name}) no es un ${what}` : `"${id}" no está en la tabla 13.2.2`, undefined, id));
}

/** A block without TaxSubtotal, or subtotals that repeat a rate already given in that block. */
function checkRates(ctx: RuleContext, total: TaxTotalView, out: Finding[]): void {
  if (total.subtotals.length === 0) {
    out.push(missing(total.el, ctx, 'cac:TaxSubtotal', 'grupo cac:TaxSubtotal no informado'));
    return;
  }
  if (total.subtotals.length === 1) return;
  const seen = new Set<string>();
  for (const s of total.subtotals) {
    if (s.key === undefined) continue;
    if (seen.has(s.key)) out.push(at(s.el, ctx, `tributo ${s.schemeId}: ${rateText(s)} repetida en otro cac:TaxSubtotal del mismo grupo`));
    seen.add(s.key);
  }
}

/** Blocks that repeat a tax code already given in a previous block of the same parent. */
function duplicateCodes(ctx: RuleContext, totals: readonly TaxTotalView[], what: string, out: Finding[]): void {
  if (totals.length < 2) return;
  const seen = new Set<string>();
  for (const t of totals) {
    const codes = new Set<string>();
    for (const s of t.subtotals) if (s.schemeId !== undefined) codes.add(s.schemeId);
    for (const code of codes) {
      if (seen.has(code)) out.push(at(t.el, ctx, `${what} ${code} informado en más de un grupo`));
      seen.add(code);
    }
  }
}

/** Base presence (or non-numeric base) of a withholding subtotal. */
function checkWithholdingBase(ctx: RuleContext, s: TaxSubtotalView, out: Finding[]): void {
  if (!s.taxableEl) {
    if (!s.baseUnitEl) out.push(missing(s.el, ctx, 'cbc:TaxableAmount', `retención ${s.schemeId ?? '?'}: base no informada`));
  } else if (s.taxable === undefined) out.push(at(s.taxableEl, ctx, `base no numérica: "${text(s.taxableEl)}"`));
}

/** Line subtotals grouped by "tax|rate" key: summed TaxableAmount, TaxAmount and line quantity. */
interface LineAggregate {
  taxable: Decimal;
  amount: Decimal;
  quantity: Decimal;
}

function lineAggregates(ctx: RuleContext): Map<string, LineAggregate> {
  return cached(ctx, 'taxes:lineAgg', () => {
    const out = new Map<string, LineAggregate>();
    for (const { line, item: s } of taxModel(ctx).lineSubtotals) {
      if (s.key === undefined) continue;
      let a = out.get(s.key);
      if (!a) out.set(s.key, (a = { taxable: Decimal.ZERO, amount: Decimal.ZERO, quantity: Decimal.ZERO }));
      if (s.taxable) a.taxable = a.taxable.add(s.taxable);
      if (s.amount) a.amount = a.amount.add(s.amount);
      if (line.quantity) a.quantity = a.quantity.add(line.quantity);
    }
    return out;
  });
}

/** Tax codes used by line subtotals, in first-seen order, with the block that first uses each. */
function lineCodes(totals: readonly LineItem<TaxTotalView>[]): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  for (const { item: t } of totals) for (const s of t.subtotals) if (s.schemeId !== undefined && !out.has(s.schemeId)) out.set(s.schemeId, t.el);
  return out;
}

function codesOf(subtotals: readonly TaxSubtotalView[]): Set<string> {
  const out = new Set<string>();
  for (const s of subtotals) if (s.schemeId !== undefined) out.add(s.schemeId);
  return out;
}

function rateText(s: TaxSubtotalView): string {
  return s.isPerUnit ? `valor por unidad ${s.perUnit?.toString() ?? '?'}` : `tarifa ${s.percent?.toString() ?? '?'} %`;
}

/** Per-unit aggregates a header subtotal may equal: the sum of the lines' amounts, or lines' quantity × rate. */
function headerAggregated(ctx: RuleContext, sub: TaxSubtotalView): Decimal[] | undefined {
  if (!sub.isPerUnit || sub.key === undefined || sub.perUnit === undefined) return undefined;
  const agg = lineAggregates(ctx).get(sub.key);
  if (!agg) return undefined;
  return [agg.amount, divide(agg.quantity.mul(sub.perUnit), perUnitDivisor(sub.schemeId))];
}

/** Percentages listed in table 13.3.11 for a tax code (empty when the table lists none). */
const percentCache = new Map<string, readonly Decimal[]>();
function listedPercents(code: string): readonly Decimal[] {
  let out = percentCache.get(code);
  if (!out) {
    out = taxRates(code)
      .map((r) => (r.percent === null ? undefined : parseDecimal(r.percent)))
      .filter((d): d is Decimal => d !== undefined);
    percentCache.set(code, out);
  }
  return out;
}

/** A Percent outside table 13.3.11 for a tax the table lists percentages for. */
function checkListedPercent(ctx: RuleContext, s: TaxSubtotalView, what: string, out: Finding[]): void {
  if (s.isPerUnit || s.schemeId === undefined || !s.percentEl) return;
  const listed = listedPercents(s.schemeId);
  if (listed.length === 0) return;
  if (s.percent !== undefined) for (const p of listed) if (p.compare(s.percent) === 0) return;
  const v = text(s.percentEl);
  out.push(at(s.percentEl, ctx, `${what} ${s.schemeId}: tarifa "${v}"; tarifas de la tabla: ${listed.map((p) => p.toString()).join(', ')}`, undefined, v));
}

/** Findings of the running `collect` body; copied out only when the rule fails. */
const scratch: Finding[] = [];

/**
 * A rule body that fills `out` (the usual shape here: loop over a flat list, push failures).
 * A passing rule returns the shared empty result.
 */
function collect(body: (ctx: RuleContext, out: Finding[]) => void): (ctx: RuleContext) => Finding[] {
  return (ctx) => {
    scratch.length = 0;
    body(ctx, scratch);
    if (scratch.length === 0) return NONE;
    const out = scratch.slice();
    scratch.length = 0;
    return out;
  };
}

// --- Rules ------------------------------------------------------------------------------------

/** DIAN rules of this group (see docs/rules.md). */
export const taxesRules: RuleDefinition[] = [
  // ---- FAS: header TaxTotal ----
  {
    ids: { invoice: 'FAS01a' },
    description:
      'Header taxes must correspond to the lines: one header TaxTotal per tax, and each header TaxSubtotal (tax, rate) must be ' +
      'reported by some line with the same tax and rate and add up to the lines\' bases and amounts; every (tax, rate) of the ' +
      'lines must have its header subtotal. Zero-amount header subtotals without lines are tolerated (DIAN samples).',
    check: collect((ctx, out) => {
      const m = taxModel(ctx);
      duplicateCodes(ctx, m.header, 'tributo', out);
      const agg = lineAggregates(ctx);
      const headerKeys = new Set<string>();
      for (const s of m.headerSubtotals) {
        if (s.key === undefined) continue;
        headerKeys.add(s.key);
        const a = agg.get(s.key);
        if (!a) {
          // DIAN's own Generica.xml lists ICA and INC at 0.00 with no line carrying them.
          if (s.amount === undefined || !s.amount.isZero()) out.push(at(s.el, ctx, `tributo ${s.schemeId} con ${rateText(s)} en la cabecera, pero ninguna línea lo informa`));
        } else if (s.amount !== undefined && !within(ctx, s.amount, a.amount)) {
          out.push(at(s.amountEl, ctx, `tributo ${s.schemeId} (${rateText(s)}): suma de las líneas ${a.amount.toFixed(2)}, cabecera ${s.amount.toString()}`, a.amount.toFixed(2), s.amount.toString()));
        } else if (!s.isPerUnit && s.taxable !== undefined && !within(ctx, s.taxable, a.taxable)) {
          out.push(at(s.taxableEl, ctx, `tributo ${s.schemeId} (${rateText(s)}): base de las líneas ${a.taxable.toFixed(2)}, cabecera ${s.taxable.toString()}`, a.taxable.toFixed(2), s.taxable.toString()));
        }
      }
      if (agg.size === 0) return;
      const atHeader = codesOf(m.headerSubtotals);
      for (const { item: s } of m.lineSubtotals) {
        // A tax missing from the header altogether is FAS01b.
        if (s.key === undefined || headerKeys.has(s.key) || !atHeader.has(s.schemeId!)) continue;
        headerKeys.add(s.key);
        out.push(at(s.el, ctx, `tributo ${s.schemeId} con ${rateText(s)} en una línea, sin cac:TaxSubtotal correspondiente en la cabecera`));
      }
    }),
  },
  {
    ids: { invoice: 'FAS01b', 'credit-note': 'CAS01b', 'debit-note': 'DAS01b' },
    description: 'Every tax reported on a line must have a TaxTotal at document level.',
    // CAS01b/DAS01b: DIAN's text was not captured; the invoice twin's wording is used.
    message: 'Debe existir un TaxTotal a nivel de la cabecera por cada tipo de impuesto que se informa a nivel de línea',
    check: collect((ctx, out) => {
      const m = taxModel(ctx);
      if (m.lineSubtotals.length === 0) return;
      const atHeader = codesOf(m.headerSubtotals);
      for (const [code, el] of lineCodes(m.lineTotals)) {
        if (!atHeader.has(code)) out.push(at(el, ctx, `tributo ${code} informado en líneas y ausente en la cabecera`));
      }
    }),
  },
  {
    ids: { invoice: 'FAS02', 'credit-note': 'CAS02', 'debit-note': 'DAS02' },
    description: 'Header TaxTotal/TaxAmount must equal the sum of its TaxSubtotal/TaxAmount.',
    check: collect((ctx, out) => {
      for (const t of taxModel(ctx).header) checkTotalSum(ctx, t, out);
    }),
  },
  {
    ids: { invoice: 'FAS04', 'credit-note': 'CAS04', 'debit-note': 'DAS04' },
    description: 'A header TaxTotal must have a TaxSubtotal, and one TaxSubtotal per rate (no rate repeated within a TaxTotal).',
    check: collect((ctx, out) => {
      for (const t of taxModel(ctx).header) checkRates(ctx, t, out);
    }),
  },
  {
    ids: { invoice: 'FAS05' },
    description: 'A header TaxSubtotal must give its taxable base (TaxableAmount), or for per-unit taxes its BaseUnitMeasure.',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) {
        if (s.taxableEl) {
          if (s.taxable === undefined) out.push(at(s.taxableEl, ctx, `base gravable no numérica: "${text(s.taxableEl)}"`));
        } else if (!s.baseUnitEl && !s.perUnitEl) {
          out.push(missing(s.el, ctx, 'cbc:TaxableAmount', `tributo ${s.schemeId ?? '?'}: base gravable no informada`));
        }
      }
    }),
  },
  {
    ids: { invoice: 'FAS07', 'credit-note': 'CAS07', 'debit-note': 'DAS07' },
    description: 'Header TaxSubtotal/TaxAmount = TaxableAmount × Percent / 100 (per-unit taxes: BaseUnitMeasure × PerUnitAmount, IBUA / 100; or the lines it aggregates).',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) checkSubtotalAmount(ctx, s, undefined, out, headerAggregated(ctx, s));
    }),
  },
  {
    ids: { invoice: 'FAS09' },
    description: 'A header TaxSubtotal with PerUnitAmount must give BaseUnitMeasure.',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) {
        if (s.perUnitEl && !s.baseUnitEl) out.push(missing(s.el, ctx, 'cbc:BaseUnitMeasure', `tributo ${s.schemeId ?? '?'}: PerUnitAmount informado sin BaseUnitMeasure`));
      }
    }),
  },
  {
    ids: { invoice: 'FAS10' },
    description: 'Header BaseUnitMeasure must carry @unitCode.',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) {
        if (s.baseUnitEl && (s.baseUnitEl.attrs.unitCode ?? '').trim() === '') out.push({ path: `${at(s.baseUnitEl, ctx).path}/@unitCode`, detail: 'atributo unitCode no informado' });
      }
    }),
  },
  {
    ids: { invoice: 'FAS11' },
    description: 'A header TaxSubtotal with BaseUnitMeasure must give PerUnitAmount (the XPath of this rule is PerUnitAmount).',
    // DIAN's transcribed text repeats FAS09's ("BaseUnitMeasure NO es informado") although the rule's
    // XPath is PerUnitAmount; we check the element the XPath names and say so in our own words.
    message: 'Elemento cbc:BaseUnitMeasure es informado y cbc:PerUnitAmount no es informado',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) {
        if (s.baseUnitEl && !s.perUnitEl) out.push(missing(s.el, ctx, 'cbc:PerUnitAmount', `tributo ${s.schemeId ?? '?'}: BaseUnitMeasure informado sin PerUnitAmount`));
      }
    }),
  },
  {
    ids: { invoice: 'FAS14' },
    description: 'Header Percent should be one of the rates of table 13.3.11 for that tax (only for taxes the table lists percentages for).',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) {
        // 0.00 % with 0.00 tax is the placeholder DIAN's samples write for INC/ICA (Generica.xml).
        if (s.percent?.isZero() && s.amount?.isZero()) continue;
        checkListedPercent(ctx, s, 'tributo', out);
      }
    }),
  },
  {
    ids: { invoice: 'FAS15' },
    description: 'Header TaxSubtotal must contain TaxCategory/TaxScheme.',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) requireScheme(ctx, s, out);
    }),
  },
  {
    ids: { invoice: 'FAS16' },
    description: 'Header TaxScheme/ID must be a tax (not a withholding) of table 13.2.2.',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerSubtotals) checkSchemeCode(ctx, s, false, out);
    }),
  },

  // ---- FAT: header WithholdingTaxTotal ----
  {
    ids: { invoice: 'FAT01' },
    description: 'One header WithholdingTaxTotal per withholding code, and every withholding reported on a line must have its header group.',
    check: collect((ctx, out) => {
      const m = taxModel(ctx);
      duplicateCodes(ctx, m.headerWithholdings, 'retención', out);
      if (m.lineWithholdings.length === 0) return;
      const atHeader = codesOf(m.headerWithholdingSubtotals);
      for (const [code, el] of lineCodes(m.lineWithholdings)) {
        if (!atHeader.has(code)) out.push(at(el, ctx, `retención ${code} informada en líneas y ausente en la cabecera`));
      }
    }),
  },
  {
    ids: { invoice: 'FAT02', 'credit-note': 'CAT02', 'debit-note': 'DAT02' },
    description: 'Header WithholdingTaxTotal/TaxAmount must equal the sum of its TaxSubtotal/TaxAmount.',
    check: collect((ctx, out) => {
      for (const t of taxModel(ctx).headerWithholdings) checkTotalSum(ctx, t, out);
    }),
  },
  {
    ids: { invoice: 'FAT04' },
    description: 'A header WithholdingTaxTotal must have a TaxSubtotal, and one per rate.',
    check: collect((ctx, out) => {
      for (const t of taxModel(ctx).headerWithholdings) checkRates(ctx, t, out);
    }),
  },
  {
    ids: { invoice: 'FAT05' },
    description: 'A header withholding TaxSubtotal must give its taxable base.',
    message: 'No fue informada la base gravable de la retención (cbc:TaxableAmount)',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerWithholdingSubtotals) checkWithholdingBase(ctx, s, out);
    }),
  },
  {
    ids: { invoice: 'FAT07', 'credit-note': 'CAT07', 'debit-note': 'DAT07' },
    description: 'Header withholding TaxAmount = TaxableAmount × Percent / 100 (ReteICA per mil accepted).',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerWithholdingSubtotals) checkSubtotalAmount(ctx, s, undefined, out);
    }),
  },
  {
    ids: { invoice: 'FAT10' },
    description: 'Withholding Percent should be one of the rates of table 13.3.11 for that withholding (ReteIVA, ReteRenta).',
    // Table 13.3.11 is informative (its ReteRenta rows are common concepts, not an exhaustive list) and
    // DIAN's text for this rule is unknown, so a rate outside it is reported without blocking.
    severity: NOTIFICATION,
    message: 'La tarifa de la retención no corresponde a una de las tarifas de la tabla 13.3.11 para este tributo',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerWithholdingSubtotals) checkListedPercent(ctx, s, 'retención', out);
    }),
  },
  {
    ids: { invoice: 'FAT11' },
    description: 'Header withholding TaxSubtotal must contain TaxCategory/TaxScheme.',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerWithholdingSubtotals) requireScheme(ctx, s, out);
    }),
  },
  {
    ids: { invoice: 'FAT12' },
    description: 'Header withholding TaxScheme/ID must be a withholding of table 13.2.2 (05 ReteIVA, 06 ReteRenta, 07 ReteICA).',
    check: collect((ctx, out) => {
      for (const s of taxModel(ctx).headerWithholdingSubtotals) checkSchemeCode(ctx, s, true, out);
    }),
  },

  // ---- FAX: line TaxTotal ----
  {
    ids: { invoice: 'FAX01', 'credit-note': 'CAX01' },
    description: 'A line may have only one TaxTotal per tax.',
    // CAX01: DIAN's text was not captured; the invoice twin's wording is used.
    message: 'Existe más de un grupo con información de totales para un mismo tributo en una línea de la factura',
    check: collect((ctx, out) => {
      for (const l of taxModel(ctx).lines) duplicateCodes(ctx, l.taxTotals, 'tributo', out);
    }),
  },
  {
    ids: { invoice: 'FAX02', 'credit-note': 'CAX02', 'debit-note': 'DAX02' },
    description: 'Line TaxTotal/TaxAmount must equal the sum of its TaxSubtotal/TaxAmount.',
    check: collect((ctx, out) => {
      for (const { item } of taxModel(ctx).lineTotals) checkTotalSum(ctx, item, out);
    }),
  },
  {
    ids: { invoice: 'FAX04' },
    description: 'A line TaxTotal must have a TaxSubtotal, and one per rate.',
    message: 'Debe ser informado un grupo cac:TaxSubtotal para cada tarifa del tributo en la línea',
    check: collect((ctx, out) => {
      for (const { item } of taxModel(ctx).lineTotals) checkRates(ctx, item, out);
    }),
  },
  {
    ids: { invoice: 'FAX07', 'credit-note': 'CAX07', 'debit-note': 'DAX07' },
    description: 'Line TaxSubtotal/TaxAmount = TaxableAmount × Percent / 100 (per-unit taxes: BaseUnitMeasure × PerUnitAmount, IBUA / 100; bags: quantity × PerUnitAmount).',
    check: collect((ctx, out) => {
      for (const { line, item } of taxModel(ctx).lineSubtotals) checkSubtotalAmount(ctx, item, line.quantity, out);
    }),
  },
  {
    ids: { invoice: 'FAX09' },
    description: 'A per-unit line TaxSubtotal (PerUnitAmount given, or a nominal tax without Percent) must give BaseUnitMeasure with @unitCode.',
    check: collect((ctx, out) => {
      for (const { item: s } of taxModel(ctx).lineSubtotals) {
        const nominal = s.perUnitEl !== undefined || (!s.taxableEl && !s.percentEl && s.schemeId !== undefined && taxType(s.schemeId)?.rateType === 'per-unit');
        if (!nominal) continue;
        if (!s.baseUnitEl) out.push(missing(s.el, ctx, 'cbc:BaseUnitMeasure', `tributo ${s.schemeId ?? '?'}: BaseUnitMeasure no informado`));
        else if ((s.baseUnitEl.attrs.unitCode ?? '').trim() === '') out.push({ path: `${at(s.baseUnitEl, ctx).path}/@unitCode`, detail: 'atributo unitCode no informado' });
      }
    }),
  },
  {
    ids: { invoice: 'FAX13' },
    description: 'Line TaxSubtotal must contain TaxCategory.',
    check: collect((ctx, out) => {
      for (const { item: s } of taxModel(ctx).lineSubtotals) if (!s.categoryEl) out.push(missing(s.el, ctx, 'cac:TaxCategory', 'grupo cac:TaxCategory no informado'));
    }),
  },
  {
    ids: { invoice: 'FAX15' },
    description: 'Line TaxCategory must contain TaxScheme.',
    check: collect((ctx, out) => {
      for (const { item: s } of taxModel(ctx).lineSubtotals) if (s.categoryEl && !s.schemeEl) out.push(missing(s.categoryEl, ctx, 'cac:TaxScheme', 'grupo cac:TaxScheme no informado'));
    }),
  },
  {
    ids: { invoice: 'FAX16' },
    description: 'Line TaxScheme/ID must be a tax (not a withholding) of table 13.2.2.',
    check: collect((ctx, out) => {
      for (const { item } of taxModel(ctx).lineSubtotals) checkSchemeCode(ctx, item, false, out);
    }),
  },

  // ---- FAY: line WithholdingTaxTotal ----
  {
    ids: { invoice: 'FAY02', 'credit-note': 'CAY02', 'debit-note': 'DAY02' },
    description: 'Line WithholdingTaxTotal/TaxAmount must equal the sum of its TaxSubtotal/TaxAmount.',
    check: collect((ctx, out) => {
      for (const { item } of taxModel(ctx).lineWithholdings) checkTotalSum(ctx, item, out);
    }),
  },
  {
    ids: { invoice: 'FAY04' },
    description: 'A line WithholdingTaxTotal must have a TaxSubtotal.',
    check: collect((ctx, out) => {
      for (const { item: t } of taxModel(ctx).lineWithholdings) if (t.subtotals.length === 0) out.push(missing(t.el, ctx, 'cac:TaxSubtotal', 'grupo cac:TaxSubtotal no informado'));
    }),
  },
  {
    ids: { invoice: 'FAY05' },
    description: 'A line withholding TaxSubtotal must give its taxable base (for ReteIVA, the IVA amount).',
    check: collect((ctx, out) => {
      for (const { item } of taxModel(ctx).lineWithholdingSubtotals) checkWithholdingBase(ctx, item, out);
    }),
  },
  {
    ids: { invoice: 'FAY07', 'credit-note': 'CAY07', 'debit-note': 'DAY07' },
    description:
      'Line withholding TaxAmount = TaxableAmount × Percent / 100; a ReteIVA base different from the line\'s IVA amount is reported as a notification.',
    check: collect((ctx, out) => {
      for (const { line, item: s } of taxModel(ctx).lineWithholdingSubtotals) {
        checkSubtotalAmount(ctx, s, line.quantity, out);
        // ReteIVA is withheld on the IVA of the line (CAY07/DAY07 note; DS rule DSAY05).
        if (s.schemeId !== '05' || s.taxable === undefined) continue;
        let iva: Decimal | undefined;
        for (const t of line.taxTotals) if (t.schemeId === '01' && t.amount !== undefined) iva = (iva ?? Decimal.ZERO).add(t.amount);
        if (iva !== undefined && !within(ctx, s.taxable, iva)) {
          out.push({ ...at(s.taxableEl, ctx, `base de ReteIVA ${s.taxable.toString()} distinta del IVA de la línea ${iva.toFixed(2)}`, iva.toFixed(2), s.taxable.toString()), severity: NOTIFICATION });
        }
      }
    }),
  },
  {
    ids: { invoice: 'FAY09' },
    description: 'Line withholding TaxSubtotal must contain TaxCategory.',
    check: collect((ctx, out) => {
      for (const { item: s } of taxModel(ctx).lineWithholdingSubtotals) if (!s.categoryEl) out.push(missing(s.el, ctx, 'cac:TaxCategory', 'grupo cac:TaxCategory no informado'));
    }),
  },
  {
    ids: { invoice: 'FAY11' },
    description: 'Line withholding TaxCategory must contain TaxScheme.',
    check: collect((ctx, out) => {
      for (const { item: s } of taxModel(ctx).lineWithholdingSubtotals) if (s.categoryEl && !s.schemeEl) out.push(missing(s.categoryEl, ctx, 'cac:TaxScheme', 'grupo cac:TaxScheme no informado'));
    }),
  },
  {
    ids: { invoice: 'FAY12' },
    description: 'Line withholding TaxScheme/ID must be a withholding of table 13.2.2 (05, 06, 07).',
    check: collect((ctx, out) => {
      for (const { item } of taxModel(ctx).lineWithholdingSubtotals) checkSchemeCode(ctx, item, true, out);
    }),
  },
];

/** Tax-group rules DIAN defines that are not checked here, with the reason. */
export const notImplementedTaxes: Record<string, string> = {};
