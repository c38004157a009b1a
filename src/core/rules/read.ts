/**
 * Number readers shared by the rule index and the rules: exact decimals from element text,
 * without the regular expression of `parseDecimal` for the usual short amounts.
 */
import { Decimal, parseDecimal } from '../money/decimal.js';
import type { XmlElement } from '../xml/parse.js';
import { first } from '../xml/query.js';

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
