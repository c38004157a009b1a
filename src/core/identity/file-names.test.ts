import { describe, expect, it } from 'vitest';
import { dianFileName, dianZipName } from './file-names.js';

describe('dianFileName', () => {
  it('writes the consecutive as 8 upper-case hex digits (spec/vectors.json FileName #1)', () => {
    expect(dianFileName({ prefix: 'fv', nit: '800197268', providerCode: '000', year: 2019, sequence: 11 })).toBe(
      'fv0800197268000190000000B.xml',
    );
  });

  it('defaults the software code to 000 and pads NIT and year', () => {
    const name = dianFileName({ prefix: 'nc', nit: '900108281', year: 2024, sequence: 1 });
    expect(name).toBe('nc09001082810002400000001.xml');
    expect(name.length - '.xml'.length).toBe(25);
  });

  it('handles the largest consecutive and every prefix', () => {
    for (const prefix of ['fv', 'nc', 'nd', 'ar', 'ad', 'ds', 'na'] as const) {
      expect(dianFileName({ prefix, nit: '1018419008', providerCode: '123', year: 2100, sequence: 0xffffffff })).toBe(
        `${prefix}101841900812300FFFFFFFF.xml`,
      );
    }
  });

  it.each([
    [{ nit: '800197268-4' }, /NIT/],
    [{ nit: '12345678901' }, /NIT/],
    [{ nit: '' }, /NIT/],
    [{ providerCode: '1' }, /3 dígitos/],
    [{ year: 24 }, /año/],
    [{ year: 2024.5 }, /año/],
    [{ sequence: 0 }, /consecutivo/],
    [{ sequence: 0x100000000 }, /consecutivo/],
    [{ sequence: 1.5 }, /consecutivo/],
    [{ prefix: 'xx' }, /prefijo/],
  ])('rejects %j with a RangeError', (override, message) => {
    const p = { prefix: 'fv', nit: '800197268', year: 2024, sequence: 1, ...override } as Parameters<typeof dianFileName>[0];
    expect(() => dianFileName(p)).toThrow(RangeError);
    expect(() => dianFileName(p)).toThrow(message);
  });
});

describe('dianZipName', () => {
  it('matches the Anexo literal example for hex 0x11 (spec/vectors.json FileName #2)', () => {
    expect(dianZipName({ nit: '800197268', providerCode: '000', year: 2019, sequence: 0x11 })).toBe('z08001972680001900000011.zip');
  });

  it('has a 24-character stem', () => {
    const name = dianZipName({ nit: '1', year: 2025, sequence: 255 });
    expect(name).toBe('z000000000100025000000FF.zip');
    expect(name.length - '.zip'.length).toBe(24);
  });
});
