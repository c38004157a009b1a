import { Decimal, parseDecimal } from '../money/decimal.js';
import type { XmlElement } from '../xml/parse.js';
import { all, child, first, text } from '../xml/query.js';
import type { DocumentKind, Finding, RuleContext } from './types.js';

/** Root element name per document kind. */
export const ROOT_NAME: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  'credit-note': 'CreditNote',
  'debit-note': 'DebitNote',
};

/** Line element per document kind. */
export const LINE_NAME: Record<DocumentKind, string> = {
  invoice: 'cac:InvoiceLine',
  'credit-note': 'cac:CreditNoteLine',
  'debit-note': 'cac:DebitNoteLine',
};

/** Quantity element of a line per document kind. */
export const QUANTITY_NAME: Record<DocumentKind, string> = {
  invoice: 'cbc:InvoicedQuantity',
  'credit-note': 'cbc:CreditedQuantity',
  'debit-note': 'cbc:DebitedQuantity',
};

/** Monetary totals group per document kind (debit notes use RequestedMonetaryTotal). */
export const MONETARY_TOTAL_NAME: Record<DocumentKind, string> = {
  invoice: 'cac:LegalMonetaryTotal',
  'credit-note': 'cac:LegalMonetaryTotal',
  'debit-note': 'cac:RequestedMonetaryTotal',
};

/** Document kind from the root element name, or undefined for other roots. */
export function kindOfRoot(root: XmlElement): DocumentKind | undefined {
  switch (root.qname) {
    case 'Invoice':
      return 'invoice';
    case 'CreditNote':
      return 'credit-note';
    case 'DebitNote':
      return 'debit-note';
    default:
      return undefined;
  }
}

/** The document's lines. */
export function lines(ctx: RuleContext): XmlElement[] {
  return cached(ctx, 'lines', () => all(ctx.root, LINE_NAME[ctx.kind]));
}

/** The document's monetary totals element. */
export function monetaryTotal(ctx: RuleContext): XmlElement | undefined {
  return rootChild(ctx, MONETARY_TOTAL_NAME[ctx.kind]);
}

/** First direct child of the root with the canonical name (same as `child(ctx.root, qname)`, indexed once per run). */
export function rootChild(ctx: RuleContext, qname: string): XmlElement | undefined {
  let index = ctx.cache.get(ROOT_INDEX) as Map<string, XmlElement> | undefined;
  if (index === undefined) {
    index = new Map();
    for (const c of ctx.root.children) if (!index.has(c.qname)) index.set(c.qname, c);
    ctx.cache.set(ROOT_INDEX, index);
  }
  return index.get(qname);
}
const ROOT_INDEX = 'helpers:rootIndex';

/** Memoizes a value for the duration of one validation run. */
export function cached<T>(ctx: RuleContext, key: string, make: () => T): T {
  const hit = ctx.cache.get(key);
  if (hit !== undefined || ctx.cache.has(key)) return hit as T;
  const v = make();
  ctx.cache.set(key, v);
  return v;
}

/** Numeric content of an element as an exact Decimal (undefined if absent or not a number). */
export function num(el: XmlElement | undefined, path?: string): Decimal | undefined {
  const t = path === undefined ? el?.text : first(el, path)?.text;
  return t === undefined ? undefined : fastDecimal(t);
}

/**
 * `parseDecimal` without the regular expression and the string-to-bigint conversion for the
 * usual short amounts (≤ 15 digits, exact in a double): same accepted syntax
 * (`^[+-]?\d+(\.\d+)?$` after trimming), same `Decimal` (units, scale). Longer numbers
 * take `parseDecimal` itself.
 */
export function fastDecimal(raw: string): Decimal | undefined {
  const s = raw.trim();
  const n = s.length;
  if (n === 0) return undefined;
  let i = 0;
  let c = s.charCodeAt(0);
  const neg = c === 45; /* - */
  if (neg || c === 43 /* + */) i = 1;
  let acc = 0;
  let intDigits = 0;
  let fracDigits = 0;
  let dot = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      acc = acc * 10 + (c - 48);
      if (dot) fracDigits++;
      else intDigits++;
    } else if (c === 46 /* . */ && !dot && intDigits > 0) {
      dot = true;
    } else {
      return undefined;
    }
  }
  if (intDigits === 0 || (dot && fracDigits === 0)) return undefined;
  if (intDigits + fracDigits > 15) return parseDecimal(s);
  const units = BigInt(acc);
  return new Decimal(neg ? -units : units, fracDigits);
}

/** Sum of the numeric contents of elements (non-numeric ones count as zero). */
export function sum(elements: XmlElement[]): Decimal {
  let total = Decimal.ZERO;
  for (const e of elements) {
    const d = fastDecimal(e.text);
    if (d) total = total.add(d);
  }
  return total;
}

/** Arithmetic tolerance of the run as a Decimal (DIAN's holgura; default 2.00 — see docs/decisions.md). */
export function tolerance(ctx: RuleContext): Decimal {
  // Memoized by value across runs (almost always the default): `within` is called for every arithmetic check.
  const v = ctx.tolerance ?? 2;
  if (v !== lastTolerance || lastToleranceDecimal === undefined) {
    lastToleranceDecimal = parseDecimal(String(v))!;
    lastTolerance = v;
  }
  return lastToleranceDecimal;
}
let lastTolerance: number | undefined;
let lastToleranceDecimal: Decimal | undefined;

/** True when |a − b| ≤ tolerance. */
export function within(ctx: RuleContext, a: Decimal, b: Decimal): boolean {
  // Exact |a − b| ≤ tolerance on bigint coefficients at a common scale, without intermediate Decimals.
  const t = tolerance(ctx);
  const s = Math.max(a.scale, b.scale, t.scale);
  let d = (a.scale === s ? a.units : a.units * pow10(s - a.scale)) - (b.scale === s ? b.units : b.units * pow10(s - b.scale));
  if (d < 0n) d = -d;
  return d <= (t.scale === s ? t.units : t.units * pow10(s - t.scale));
}

const POW10: readonly bigint[] = Array.from({ length: 40 }, (_, n) => 10n ** BigInt(n));
function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/**
 * An XPath-like location of the element for reports, e.g. `/Invoice/cac:InvoiceLine[2]/cbc:ID`
 * (the same text as `locate` of xml/query, without the per-level sibling arrays).
 */
export function locate(el: XmlElement): string {
  let path = '';
  for (let cur: XmlElement | undefined = el; cur; cur = cur.parent) {
    const p: XmlElement | undefined = cur.parent;
    if (!p) return '/' + cur.qname + path;
    let count = 0;
    let index = 0;
    for (const c of p.children as readonly XmlElement[]) {
      if (c.qname !== cur.qname) continue;
      count++;
      if (c === cur) index = count;
    }
    path = '/' + (count > 1 ? `${cur.qname}[${index}]` : cur.qname) + path;
  }
  return path;
}

/** A finding at an element (or at the root when absent). */
export function at(el: XmlElement | undefined, ctx: RuleContext, detail?: string, expected?: string, actual?: string): Finding {
  const f: Finding = { path: el ? locate(el) : `/${ctx.root.qname}` };
  if (detail !== undefined) f.detail = detail;
  if (expected !== undefined) f.expected = expected;
  if (actual !== undefined) f.actual = actual;
  return f;
}

/** A finding at a path that does not exist in the document (a missing element). */
export function missing(parent: XmlElement | undefined, ctx: RuleContext, qname: string, detail?: string): Finding {
  const base = parent ? locate(parent) : `/${ctx.root.qname}`;
  const f: Finding = { path: `${base}/${qname}` };
  if (detail !== undefined) f.detail = detail;
  return f;
}

export { all, child, first, text };
