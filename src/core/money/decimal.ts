/**
 * Exact decimal numbers for quantities, unit prices and rates: an integer coefficient
 * (`bigint`) and a scale (number of decimal places). `12.50` is `{ units: 1250n, scale: 2 }`.
 *
 * No floating point is ever involved, so `0.1 + 0.2` is exactly `0.3`.
 */
export class Decimal {
  /** Integer coefficient. */
  readonly units: bigint;
  /** Number of decimal places (>= 0). */
  readonly scale: number;

  constructor(units: bigint, scale: number) {
    if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`Invalid scale ${scale}`);
    this.units = units;
    this.scale = scale;
  }

  /** Zero. */
  static readonly ZERO = new Decimal(0n, 0);

  /** Integer value as a Decimal. */
  static of(value: bigint | number): Decimal {
    return new Decimal(BigInt(value), 0);
  }

  /** Adds two decimals exactly. */
  add(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(rescale(this, s) + rescale(other, s), s);
  }

  /** Subtracts exactly. */
  sub(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(rescale(this, s) - rescale(other, s), s);
  }

  /** Multiplies exactly (scales add up). */
  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  /** Divides by a power of ten exactly (`x.shift(-2)` = x / 100). */
  shift(places: number): Decimal {
    if (places >= 0) return new Decimal(this.units * pow10(places), this.scale);
    return new Decimal(this.units, this.scale - places);
  }

  /** -1, 0 or 1. */
  compare(other: Decimal): number {
    const s = Math.max(this.scale, other.scale);
    const a = rescale(this, s);
    const b = rescale(other, s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** True when the value is zero. */
  isZero(): boolean {
    return this.units === 0n;
  }

  /** True when the value is below zero. */
  isNegative(): boolean {
    return this.units < 0n;
  }

  /** Absolute value. */
  abs(): Decimal {
    return this.units < 0n ? new Decimal(-this.units, this.scale) : this;
  }

  /**
   * Rounds half away from zero ("half-up" on magnitudes) to `places` decimals and returns the
   * integer coefficient at that scale. This is the only rounding in Previa.
   *
   * Worked examples (COP, 2 places): 481.275 → 48128 (481.28); 10398.826 → 1039883;
   * 1190.004 → 119000; 0.005 → 1 (0.01).
   */
  roundToUnits(places: number): bigint {
    if (places >= this.scale) return this.units * pow10(places - this.scale);
    const div = pow10(this.scale - places);
    const neg = this.units < 0n;
    const mag = neg ? -this.units : this.units;
    let q = mag / div;
    if ((mag % div) * 2n >= div) q += 1n;
    return neg ? -q : q;
  }

  /** Rounded to `places` decimals (half-up) as a Decimal. */
  round(places: number): Decimal {
    return new Decimal(this.roundToUnits(places), places);
  }

  /** Plain decimal text with exactly `places` decimals, rounding half-up when needed. */
  toFixed(places: number): string {
    return formatUnits(this.roundToUnits(places), places);
  }

  /** Plain decimal text keeping the scale (`1.50`). */
  toString(): string {
    return formatUnits(this.units, this.scale);
  }

  /** Number approximation, for display and tolerances only. */
  toNumber(): number {
    return Number(this.toString());
  }
}

function rescale(d: Decimal, scale: number): bigint {
  return d.scale === scale ? d.units : d.units * pow10(scale - d.scale);
}

/** 10ⁿ for the exponents decimals actually use, computed once. */
const POW10: readonly bigint[] = Array.from({ length: 40 }, (_, n) => 10n ** BigInt(n));

/** 10ⁿ as a bigint (anything outside the table, including invalid n, takes the original path). */
function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal string (`"1234.5"`, `"-0.25"`, `"19"`). No exponents, no thousands
 * separators, dot as decimal separator. Returns undefined when the text is not such a number.
 */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const units = BigInt(m[2]! + frac);
  return new Decimal(m[1] === '-' ? -units : units, frac.length);
}

/** Like parseDecimal but throws a RangeError naming the value. */
export function decimal(text: string | number): Decimal {
  const d = parseDecimal(typeof text === 'number' ? numberToPlain(text) : text);
  if (!d) throw new RangeError(`Not a decimal number: ${String(text)}`);
  return d;
}

/** Renders a JS number without exponent notation (for inputs given as JSON numbers). */
export function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Exponent form: huge integers via BigInt (toFixed switches to exponents from 1e21), tiny values via toFixed.
  if (Number.isInteger(n)) return BigInt(n).toString();
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** Formats an integer coefficient with `places` decimals: (123456n, 2) → "1234.56". */
export function formatUnits(units: bigint, places: number): string {
  const neg = units < 0n;
  let digits = (neg ? -units : units).toString();
  if (places === 0) return (neg ? '-' : '') + digits;
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${neg ? '-' : ''}${int}.${frac}`;
}
