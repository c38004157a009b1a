import { Decimal, parseDecimal } from '../money/decimal.js';
import type { XmlElement } from '../xml/parse.js';
import { all, child, first, locate, text } from '../xml/query.js';
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
  return child(ctx.root, MONETARY_TOTAL_NAME[ctx.kind]);
}

/** Memoizes a value for the duration of one validation run. */
export function cached<T>(ctx: RuleContext, key: string, make: () => T): T {
  if (ctx.cache.has(key)) return ctx.cache.get(key) as T;
  const v = make();
  ctx.cache.set(key, v);
  return v;
}

/** Numeric content of an element as an exact Decimal (undefined if absent or not a number). */
export function num(el: XmlElement | undefined, path?: string): Decimal | undefined {
  const t = text(el, path);
  return t === undefined ? undefined : parseDecimal(t);
}

/** Sum of the numeric contents of elements (non-numeric ones count as zero). */
export function sum(elements: XmlElement[]): Decimal {
  let total = Decimal.ZERO;
  for (const e of elements) {
    const d = parseDecimal(e.text.trim());
    if (d) total = total.add(d);
  }
  return total;
}

/** Arithmetic tolerance of the run as a Decimal (DIAN's holgura; default 2.00 — see docs/decisions.md). */
export function tolerance(ctx: RuleContext): Decimal {
  // Memoized per run: `within` is called for every arithmetic check.
  return cached(ctx, 'tolerance', () => parseDecimal(String(ctx.tolerance ?? 2))!);
}

/** True when |a − b| ≤ tolerance. */
export function within(ctx: RuleContext, a: Decimal, b: Decimal): boolean {
  return a.sub(b).abs().compare(tolerance(ctx)) <= 0;
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
