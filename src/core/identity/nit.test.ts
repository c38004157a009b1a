import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeNitDv, isValidNitDv } from './nit.js';

describe('computeNitDv', () => {
  it.each([
    // spec/01-documents.md §13.1 worked examples
    ['800197268', '4'],
    ['900108281', '3'],
    ['213123432', '1'],
    ['1018464851', '9'],
    ['900374637', '0'],
    // more from spec/vectors.json
    ['860003456', '9'], // DIAN's v1.9 credit-note example wrongly prints 2
    ['90010828', '1'],
    ['1018419008', '5'],
  ])('%s → %s', (nit, dv) => {
    expect(computeNitDv(nit)).toBe(dv);
    expect(isValidNitDv(nit, dv)).toBe(true);
  });

  it('ignores leading zeros', () => {
    expect(computeNitDv('0800197268')).toBe('4');
    expect(computeNitDv('0')).toBe('0');
  });

  it.each(['', ' 800197268', '800.197.268', '800197268-4', '８００', 'abc', '1234567890123456'])(
    'throws RangeError with a Spanish message for %j',
    (nit) => {
      expect(() => computeNitDv(nit)).toThrow(RangeError);
      expect(() => computeNitDv(nit)).toThrow(/NIT/);
    },
  );

  it('accepts up to 15 digits', () => {
    expect(computeNitDv('123456789012345')).toMatch(/^[0-9]$/);
  });
});

describe('isValidNitDv', () => {
  it('rejects wrong digits and malformed input without throwing', () => {
    expect(isValidNitDv('800197268', '5')).toBe(false);
    expect(isValidNitDv('800197268', '44')).toBe(false);
    expect(isValidNitDv('800197268', '')).toBe(false);
    expect(isValidNitDv('800.197.268', '4')).toBe(false);
    expect(isValidNitDv('', '0')).toBe(false);
  });
});

/** NITs as fast-check strings of 1..15 ASCII digits. */
const nitArb = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 15 });

describe('computeNitDv properties', () => {
  it('always yields exactly one digit, and exactly one digit validates', () => {
    fc.assert(
      fc.property(nitArb, (nit) => {
        const dv = computeNitDv(nit);
        expect(dv).toMatch(/^[0-9]$/);
        const valid = [...'0123456789'].filter((d) => isValidNitDv(nit, d));
        expect(valid).toEqual([dv]);
      }),
    );
  });

  /*
   * Why this property is sound: every weight is coprime with 11, so replacing one digit by another
   * (a change of 1..9 times a weight) always changes s mod 11. The map r → DV is one-to-one except
   * that r = 1 and r = 10 both give DV 1. Hence a single-digit change always changes the DV,
   * unless both DVs are "1".
   */
  it('detects every single-digit substitution (DV changes, or both DVs are 1)', () => {
    fc.assert(
      fc.property(nitArb, fc.nat(), fc.integer({ min: 1, max: 9 }), (nit, at, delta) => {
        const i = at % nit.length;
        const replaced = String((Number(nit[i]) + delta) % 10);
        const mutated = nit.slice(0, i) + replaced + nit.slice(i + 1);
        const before = computeNitDv(nit);
        const after = computeNitDv(mutated);
        expect(before !== after || (before === '1' && after === '1')).toBe(true);
      }),
    );
  });

  /* Consecutive weights never differ by a multiple of 11, so swapping two different adjacent digits is caught the same way. */
  it('detects adjacent transpositions of different digits (same exception as above)', () => {
    fc.assert(
      fc.property(nitArb.filter((n) => n.length >= 2), fc.nat(), (nit, at) => {
        const i = at % (nit.length - 1);
        fc.pre(nit[i] !== nit[i + 1]);
        const swapped = nit.slice(0, i) + nit[i + 1] + nit[i] + nit.slice(i + 2);
        const before = computeNitDv(nit);
        const after = computeNitDv(swapped);
        expect(before !== after || (before === '1' && after === '1')).toBe(true);
      }),
    );
  });

  it('is unchanged by left zero-padding', () => {
    fc.assert(
      fc.property(nitArb.filter((n) => n.length < 15), (nit) => {
        expect(computeNitDv(`0${nit}`)).toBe(computeNitDv(nit));
      }),
    );
  });
});
