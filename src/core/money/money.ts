import { Decimal, formatUnits, parseDecimal } from './decimal.js';

/**
 * Money in integer minor units (hundredths): COP 1.234,50 is `123450n`.
 * DIAN documents carry every amount with two decimals, whatever the currency, so
 * the minor unit is always 1/100 here.
 */
export type Minor = bigint;

/** Decimal places of every amount written to a DIAN document. */
export const AMOUNT_PLACES = 2;

/** The one way from an exact decimal to an amount: half-up to two decimals. */
export function toMinor(value: Decimal): Minor {
  return value.roundToUnits(AMOUNT_PLACES);
}

/** Amount as DIAN writes it: dot separator, exactly two decimals (`1785000.00`). */
export function formatAmount(minor: Minor): string {
  return formatUnits(minor, AMOUNT_PLACES);
}

/** Amount as a Decimal (scale 2). */
export function minorToDecimal(minor: Minor): Decimal {
  return new Decimal(minor, AMOUNT_PLACES);
}

/**
 * Parses an amount as written in a document ("1500000.00"). Returns undefined for anything
 * that is not a plain decimal. Values with more than two decimals are kept exact as Decimal;
 * use `toMinor` to round them.
 */
export function parseAmount(text: string): Decimal | undefined {
  return parseDecimal(text);
}

/** Sum of amounts. */
export function sumMinor(values: Iterable<Minor>): Minor {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * Colombian display format: thousands with dots, decimal comma (`$ 1.234.567,50`).
 * For people only (PDF, UI); documents use `formatAmount`.
 */
export function formatCop(minor: Minor, symbol = '$'): string {
  const neg = minor < 0n;
  const text = formatUnits(neg ? -minor : minor, AMOUNT_PLACES);
  const [int, frac] = text.split('.') as [string, string];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${symbol ? symbol + ' ' : ''}${grouped},${frac}`;
}
