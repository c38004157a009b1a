import { describe, expect, it } from 'vitest';
import { decimal } from './decimal.js';
import { AMOUNT_PLACES, formatAmount, formatCop, minorToDecimal, parseAmount, sumMinor, toMinor } from './money.js';

describe('toMinor: the one way from a decimal to an amount (half-up, 2 places)', () => {
  it.each([
    ['481.275', 48128n],
    ['10398.826', 1039883n],
    ['1190.004', 119000n],
    ['0.005', 1n],
    ['1785000', 178500000n],
    ['-481.275', -48128n],
    ['-10398.826', -1039883n],
  ])('%s → %s minor units', (value, minor) => {
    expect(toMinor(decimal(value))).toBe(minor);
  });

  it('line IVA: 19 % of 2 232 500.00 = 424 175.00', () => {
    expect(toMinor(decimal('2232500.00').mul(decimal('19')).shift(-2))).toBe(42417500n);
  });

  it('ICA per mil: 9.66 ‰ of 150 000.00 = 1 449.00', () => {
    expect(toMinor(decimal('150000.00').mul(decimal('9.66')).shift(-3))).toBe(144900n);
  });

  it('amounts have two decimals whatever the currency', () => {
    expect(AMOUNT_PLACES).toBe(2);
  });
});

describe('formatAmount (DIAN text: dot, two decimals, no grouping)', () => {
  it.each([
    [178500000n, '1785000.00'],
    [1n, '0.01'],
    [0n, '0.00'],
    [-48128n, '-481.28'],
    [123456789012n, '1234567890.12'],
  ])('%s → %s', (minor, text) => {
    expect(formatAmount(minor)).toBe(text);
  });

  it('round-trips with parseAmount/toMinor', () => {
    for (const m of [0n, 1n, 99n, 100n, 4242424242n, -7n]) {
      expect(toMinor(parseAmount(formatAmount(m))!)).toBe(m);
    }
  });
});

describe('parseAmount', () => {
  it('keeps more than two decimals exactly (rounding is toMinor’s job)', () => {
    expect(parseAmount('1190.005')?.toString()).toBe('1190.005');
    expect(toMinor(parseAmount('1190.005')!)).toBe(119001n);
  });

  it.each(['1.234,50', '$ 100', '1e3', '', '12,5'])('rejects %j', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });
});

describe('minorToDecimal / sumMinor', () => {
  it('minorToDecimal has scale 2', () => {
    const d = minorToDecimal(123450n);
    expect(d.scale).toBe(2);
    expect(d.toString()).toBe('1234.50');
  });

  it('sumMinor sums exactly, 0 for nothing', () => {
    expect(sumMinor([10n, 20n, -5n])).toBe(25n);
    expect(sumMinor([])).toBe(0n);
    expect(sumMinor(new Set([1n, 2n]))).toBe(3n);
  });
});

describe('formatCop (Colombian display: dot thousands, decimal comma)', () => {
  it.each([
    [123456750n, '$ 1.234.567,50'],
    [0n, '$ 0,00'],
    [5n, '$ 0,05'],
    [99999n, '$ 999,99'],
    [100000n, '$ 1.000,00'],
    [178500000n, '$ 1.785.000,00'],
    [100000000000n, '$ 1.000.000.000,00'],
    [-123450n, '-$ 1.234,50'],
  ])('%s → %s', (minor, text) => {
    expect(formatCop(minor)).toBe(text);
  });

  it('takes another symbol, or none', () => {
    expect(formatCop(123450n, 'COP')).toBe('COP 1.234,50');
    expect(formatCop(123450n, '')).toBe('1.234,50');
  });
});
