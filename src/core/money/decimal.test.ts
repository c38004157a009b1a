import { describe, expect, it } from 'vitest';
import { Decimal, decimal, formatUnits, numberToPlain, parseDecimal } from './decimal.js';

describe('Decimal arithmetic is exact', () => {
  it('0.1 + 0.2 is exactly 0.3 (no floating point)', () => {
    const r = decimal('0.1').add(decimal('0.2'));
    expect(r.compare(decimal('0.3'))).toBe(0);
    expect(r.toString()).toBe('0.3');
  });

  it('adds and subtracts across scales', () => {
    expect(decimal('1190.5').add(decimal('0.125')).toString()).toBe('1190.625');
    expect(decimal('100').sub(decimal('0.01')).toString()).toBe('99.99');
    expect(decimal('0.01').sub(decimal('100')).toString()).toBe('-99.99');
  });

  it('multiplies with the scales added: 3 × 33333.335 = 100000.005', () => {
    const r = decimal('3').mul(decimal('33333.335'));
    expect(r.units).toBe(100000005n);
    expect(r.scale).toBe(3);
    expect(r.toString()).toBe('100000.005');
  });

  it('multiplies a 6-decimal quantity by a 4-decimal price without loss', () => {
    const r = decimal('1.123456').mul(decimal('9999.9999'));
    expect(r.toString()).toBe('11234.5598876544'); // 11234.56 − 0.0001123456
    expect(r.scale).toBe(10);
  });

  it('shift(-2) divides by 100, shift(2) multiplies by 100', () => {
    expect(decimal('19').shift(-2).toString()).toBe('0.19');
    expect(decimal('1.5').shift(2).compare(decimal('150'))).toBe(0);
    expect(decimal('9.66').shift(-3).toString()).toBe('0.00966');
  });

  it('compares by value, not by scale', () => {
    expect(decimal('1.50').compare(decimal('1.5'))).toBe(0);
    expect(decimal('1.49').compare(decimal('1.5'))).toBe(-1);
    expect(decimal('-1').compare(decimal('-2'))).toBe(1);
  });

  it('isZero, isNegative, abs', () => {
    expect(decimal('0.000').isZero()).toBe(true);
    expect(decimal('0.001').isZero()).toBe(false);
    expect(decimal('-0.01').isNegative()).toBe(true);
    expect(decimal('-0.01').abs().toString()).toBe('0.01');
    expect(decimal('0').isNegative()).toBe(false);
  });

  it('rejects a negative or fractional scale', () => {
    expect(() => new Decimal(1n, -1)).toThrow(RangeError);
    expect(() => new Decimal(1n, 1.5)).toThrow(RangeError);
  });

  it('Decimal.of and ZERO', () => {
    expect(Decimal.of(42).toString()).toBe('42');
    expect(Decimal.of(7n).add(Decimal.ZERO).toString()).toBe('7');
  });
});

describe('half-up rounding (the only rounding in Previa), worked COP examples', () => {
  // [value, places, expected text]
  const cases: Array<[string, number, string]> = [
    ['481.275', 2, '481.28'], // half-up (the Anexo's "5 then look at the next digit" reading would give 481.27)
    ['10398.826', 2, '10398.83'],
    ['1190.004', 2, '1190.00'],
    ['1190.005', 2, '1190.01'],
    ['0.005', 2, '0.01'],
    ['0.0049999', 2, '0.00'],
    ['100000.005', 2, '100000.01'], // 3 × 33 333.335
    ['17100.0019', 2, '17100.00'], // IVA 19 % of 90 000.01
    ['2.5', 0, '3'],
    ['1.45', 1, '1.5'],
    ['12', 2, '12.00'], // fewer decimals than asked: padded, never rounded
    ['-481.275', 2, '-481.28'], // away from zero on negatives
    ['-10398.826', 2, '-10398.83'],
    ['-0.005', 2, '-0.01'],
    ['-0.004', 2, '0.00'],
  ];
  it.each(cases)('%s rounded to %i places → %s', (value, places, expected) => {
    expect(decimal(value).toFixed(places)).toBe(expected);
    expect(decimal(value).round(places).toString()).toBe(expected);
  });

  it('roundToUnits gives the integer coefficient at the target scale', () => {
    expect(decimal('481.275').roundToUnits(2)).toBe(48128n);
    expect(decimal('10398.826').roundToUnits(2)).toBe(1039883n);
    expect(decimal('-481.275').roundToUnits(2)).toBe(-48128n);
    expect(decimal('7').roundToUnits(2)).toBe(700n);
  });

  it('-0.004 rounds to zero without a negative zero', () => {
    expect(decimal('-0.004').roundToUnits(2)).toBe(0n);
  });
});

describe('parseDecimal / decimal', () => {
  it.each([
    ['1234.5', 12345n, 1],
    ['-0.25', -25n, 2],
    ['+19', 19n, 0],
    ['19', 19n, 0],
    ['0.000001', 1n, 6],
    [' 12.50 ', 1250n, 2],
    ['007.10', 710n, 2],
  ])('parses %j', (text, units, scale) => {
    const d = parseDecimal(text);
    expect(d?.units).toBe(units);
    expect(d?.scale).toBe(scale);
  });

  it.each(['', '.5', '1.', '1,5', '1.234,50', '1e3', 'abc', '1.2.3', '--1', '١٢'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
    expect(() => decimal(text)).toThrow(RangeError);
  });

  it('accepts JSON numbers via their plain text form', () => {
    expect(decimal(1190.5).toString()).toBe('1190.5');
    expect(decimal(0).toString()).toBe('0');
    expect(decimal(1e-7).toString()).toBe('0.0000001');
    expect(decimal(1.23e-7).toString()).toBe('0.000000123');
  });

  it('keeps trailing zeros as scale (1.50 has scale 2)', () => {
    expect(decimal('1.50').toString()).toBe('1.50');
  });
});

describe('numberToPlain', () => {
  it('leaves ordinary numbers alone and expands exponents', () => {
    expect(numberToPlain(12.5)).toBe('12.5');
    expect(numberToPlain(-3)).toBe('-3');
    expect(numberToPlain(2.5e-10)).toBe('0.00000000025');
    expect(numberToPlain(-1e-7)).toBe('-0.0000001');
  });

  it('expands 1e21 to digits', () => {
    expect(numberToPlain(1e21)).toBe('1000000000000000000000');
  });
});

describe('formatUnits', () => {
  it.each([
    [123456n, 2, '1234.56'],
    [5n, 2, '0.05'],
    [0n, 2, '0.00'],
    [-5n, 2, '-0.05'],
    [-123456n, 2, '-1234.56'],
    [42n, 0, '42'],
    [-42n, 0, '-42'],
    [1n, 6, '0.000001'],
  ])('(%s, %i) → %s', (units, places, text) => {
    expect(formatUnits(units, places)).toBe(text);
  });
});
