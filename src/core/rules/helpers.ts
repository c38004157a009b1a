import { Decimal, parseDecimal } from '../money/decimal.js';
import type { XmlElement } from '../xml/parse.js';
import { all, child, first, text } from '../xml/query.js';
import { docIndex } from './document-index.js';
import { fastDecimal } from './read.js';
import type { DocumentKind, Finding, RuleContext } from './types.js';

export { LINE_NAME, MONETARY_TOTAL_NAME, QUANTITY_NAME } from './document-index.js';
export { fastDecimal, num } from './read.js';

/** Root element name per document kind. */
export const ROOT_NAME: Record<DocumentKind, string> = {
  invoice: 'Invoice',
  'credit-note': 'CreditNote',
  'debit-note': 'DebitNote',
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

/** The document's lines (direct children of the root with the kind's line name). */
export function lines(ctx: RuleContext): readonly XmlElement[] {
  return docIndex(ctx).lineElements;
}

/** The document's monetary totals element. */
export function monetaryTotal(ctx: RuleContext): XmlElement | undefined {
  return docIndex(ctx).monetary?.el;
}

/** First direct child of the root with the canonical name (same as `child(ctx.root, qname)`, from the run's index). */
export function rootChild(ctx: RuleContext, qname: string): XmlElement | undefined {
  return docIndex(ctx).rootFirst.get(qname);
}

/**
 * The shared "no finding" result: rules that pass return this frozen empty array instead of
 * allocating one (callers only read findings).
 */
export const NONE: Finding[] = Object.freeze([]) as unknown as Finding[];

/** Memoizes a value for the duration of one validation run. */
export function cached<T>(ctx: RuleContext, key: string, make: () => T): T {
  const hit = ctx.cache.get(key);
  if (hit !== undefined || ctx.cache.has(key)) return hit as T;
  const v = make();
  ctx.cache.set(key, v);
  return v;
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

/**
 * Findings of `check` for every item of `list`, in order (`flatMap` without the intermediate
 * arrays; the shared empty result when there are none).
 */
export function each<T>(list: readonly T[], ctx: RuleContext, check: (item: T, ctx: RuleContext) => readonly Finding[]): Finding[] {
  let out: Finding[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const found = check(list[i]!, ctx);
    if (found.length === 0) continue;
    out ??= [];
    for (const f of found) out.push(f);
  }
  return out ?? NONE;
}
