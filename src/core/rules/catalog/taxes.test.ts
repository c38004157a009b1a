import { describe, expect, it } from 'vitest';
import { check, HAVE_SHARED, ids, mutate, sample } from '../test-support/fixtures.js';
import { linesRules } from './lines.js';
import { canonical, taxesRules } from './taxes.js';
import { totalsRules } from './totals.js';
import { parseDecimal } from '../../money/decimal.js';

/** All the rules of the tax, totals and lines groups: a mutation must raise exactly the expected IDs among them. */
const RULES = [...taxesRules, ...totalsRules, ...linesRules];

/** Replaces the n-th (1-based) occurrence of `search`. */
function nth(xml: string, search: string, n: number, replacement: string): string {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = xml.indexOf(search, at + 1);
    expect(at, `occurrence ${n} of "${search}"`).toBeGreaterThanOrEqual(0);
  }
  return xml.slice(0, at) + replacement + xml.slice(at + search.length);
}

/** Applies an edit to the n-th (1-based) document line only. */
function inLine(xml: string, n: number, edit: (line: string) => string): string {
  let start = -1;
  for (let i = 0; i < n; i++) start = xml.indexOf('<cac:InvoiceLine>', start + 1);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = xml.indexOf('</cac:InvoiceLine>', start);
  return xml.slice(0, start) + edit(xml.slice(start, end)) + xml.slice(end);
}

/** Applies an edit to the document header only (everything before the first line). */
function inHeader(xml: string, edit: (header: string) => string): string {
  const end = xml.indexOf('<cac:InvoiceLine>');
  return edit(xml.slice(0, end)) + xml.slice(end);
}

const amount = (v: string) => `<cbc:TaxAmount currencyID="COP">${v}</cbc:TaxAmount>`;
const zeroIvaSubtotal =
  '<cac:TaxSubtotal><cbc:TaxableAmount currencyID="COP">0.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="COP">0.00</cbc:TaxAmount>' +
  '<cac:TaxCategory><cbc:Percent>19.00</cbc:Percent><cac:TaxScheme><cbc:ID>01</cbc:ID><cbc:Name>IVA</cbc:Name></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>';
const zeroIvaTotal = `<cac:TaxTotal><cbc:TaxAmount currencyID="COP">0.00</cbc:TaxAmount>${zeroIvaSubtotal}</cac:TaxTotal>`;

interface Case {
  /** Rule(s) the case is about. */
  name: string;
  base: string;
  edit: (xml: string) => string;
  /** Exact set of rule IDs (any severity) raised on top of the base document's own. */
  expected: string[];
}

/** IDs the untouched bases raise (notifications only, or the sample's documented inconsistency). */
const BASELINE: Record<string, string[]> = {
  'Generica.xml': ['FAZ09', 'FAZ12'],
  'ejemplificacionINPP.xml': [],
  'EmisorAutoretenedor.xml': ['FAY07', 'FAZ09', 'FAZ12'],
  'EmisorAutoretenedor.xml#fixed': ['FAZ09', 'FAZ12'],
  'Ejemplicacion_Impuestos_Saludables.xml': [],
  'Consumidor_Final.xml': ['FAZ12', 'FBE01', 'FBE06'],
  'CreditNote.xml': [],
  'Ejemplificacion_nota_debito_sin_referencia_a_factura.xml': [],
  'ejemplificacionIBUA-3.xml': [],
  'Ejemplificacion_Licores-ICL.xml': ['FAZ09'],
};

/** EmisorAutoretenedor with its line-2 withholding base fixed (0.00 → 1000.00), so FAY07 no longer fires. */
const fixEmisor = (xml: string) => mutate(xml, /(<cbc:TaxableAmount currencyID="COP">)0\.00(<\/cbc:TaxableAmount>\s*<cbc:TaxAmount currencyID="COP">25\.00)/, '$11000.00$2');
const EMISOR_FIXED = 'EmisorAutoretenedor.xml#fixed';

/** A base document by name ('#fixed' marks the corrected EmisorAutoretenedor). */
function load(base: string): string {
  return base === EMISOR_FIXED ? fixEmisor(sample('EmisorAutoretenedor.xml')) : sample(base);
}

const cases: Case[] = [
  // FAS: header taxes (Generica: header IVA 19 % 12600.06/2394.01 + 16 % 187.50/30.00, ICA and INC at 0.00)
  { name: 'FAS02 header total ≠ Σ subtotals', base: 'Generica.xml', edit: (x) => mutate(x, amount('2424.01'), amount('2430.01')), expected: ['FAS02'] },
  { name: 'FAS07 header base × rate', base: 'Generica.xml', edit: (x) => nth(x, '12600.06</cbc:TaxableAmount>', 1, '12700.06</cbc:TaxableAmount>'), expected: ['FAS01a', 'FAS07'] },
  { name: 'FAS01b tax of the lines missing at header', base: 'Generica.xml', edit: (x) => mutate(x, /<cac:TaxTotal>[\s\S]*?<\/cac:TaxTotal>/, ''), expected: ['FAS01b'] },
  { name: 'FAS01a tax repeated in two header TaxTotals', base: 'Generica.xml', edit: (x) => mutate(x, '<cac:LegalMonetaryTotal>', `${zeroIvaTotal}<cac:LegalMonetaryTotal>`), expected: ['FAS01a'] },
  {
    name: 'FAS01a header rate no line reports',
    base: 'Generica.xml',
    // header 16 % → 5 % (600.00 × 5 % = 30.00): no line has 5 %, and line 2's 16 % has no header subtotal
    edit: (x) => inHeader(x, (h) => mutate(mutate(h, '<cbc:Percent>16.00</cbc:Percent>', '<cbc:Percent>5.00</cbc:Percent>'), '187.50</cbc:TaxableAmount>', '600.00</cbc:TaxableAmount>')),
    expected: ['FAS01a'],
  },
  { name: 'FAS04 rate repeated in a header TaxTotal', base: 'Generica.xml', edit: (x) => nth(x, '</cac:TaxTotal>', 1, `${zeroIvaSubtotal}</cac:TaxTotal>`), expected: ['FAS01a', 'FAS04'] },
  { name: 'FAS05 header taxable base missing', base: 'Generica.xml', edit: (x) => nth(x, '<cbc:TaxableAmount currencyID="COP">187.50</cbc:TaxableAmount>', 1, ''), expected: ['FAS05'] },
  { name: 'FAS05 header taxable base not a number', base: 'Generica.xml', edit: (x) => nth(x, '>187.50</cbc:TaxableAmount>', 1, '>ciento</cbc:TaxableAmount>'), expected: ['FAS05'] },
  { name: 'FAS09 per-unit header without BaseUnitMeasure', base: 'ejemplificacionINPP.xml', edit: (x) => mutate(x, '<cbc:BaseUnitMeasure unitCode="GRS">50.00</cbc:BaseUnitMeasure>', ''), expected: ['FAS09'] },
  { name: 'FAS10 BaseUnitMeasure without unitCode', base: 'ejemplificacionINPP.xml', edit: (x) => mutate(x, 'unitCode="GRS">50.00', 'unitCode="">50.00'), expected: ['FAS10'] },
  { name: 'FAS11 per-unit header without PerUnitAmount', base: 'ejemplificacionINPP.xml', edit: (x) => mutate(x, '<cbc:PerUnitAmount currencyID="COP">2.12</cbc:PerUnitAmount>', ''), expected: ['FAS01a', 'FAS11'] },
  { name: 'FAS07 per-unit header (INPP 50 g × 2.12)', base: 'ejemplificacionINPP.xml', edit: (x) => nth(x, amount('106.00'), 2, amount('116.00')), expected: ['FAS01a', 'FAS02', 'FAS07'] },
  {
    name: 'FAS14 rate outside table 13.3.11 (notification)',
    base: 'Generica.xml',
    edit: (x) => mutate(x, /<cbc:Percent>0\.00<\/cbc:Percent>(\s*<cac:TaxScheme>\s*<cbc:ID>04<\/cbc:ID>)/, '<cbc:Percent>3.00</cbc:Percent>$1'),
    expected: ['FAS14'],
  },
  { name: 'FAS15 header TaxScheme missing', base: 'Generica.xml', edit: (x) => mutate(x, /<cac:TaxScheme>\s*<cbc:ID>03<\/cbc:ID>\s*<cbc:Name>ICA<\/cbc:Name>\s*<\/cac:TaxScheme>/, ''), expected: ['FAS15'] },
  { name: 'FAS16 header tax code not in table 13.2.2', base: 'Generica.xml', edit: (x) => mutate(x, '<cbc:ID>03</cbc:ID>', '<cbc:ID>99</cbc:ID>'), expected: ['FAS16'] },
  { name: 'FAS16 header tax code is a withholding', base: 'Generica.xml', edit: (x) => mutate(x, '<cbc:ID>03</cbc:ID>', '<cbc:ID>07</cbc:ID>'), expected: ['FAS16'] },
  // IBUA: 35000 mL × 18.00 / 100 = 6300.00 (÷ 100 per table 13.2.2 note)
  { name: 'FAX07 IBUA per 100 mL', base: 'ejemplificacionIBUA-3.xml', edit: (x) => inLine(x, 2, (l) => nth(l, amount('6300.00'), 2, amount('63000.00'))), expected: ['FAS01a', 'FAX02', 'FAX07'] },
  // ICL: 37 × 295.00 = 10915.00
  { name: 'FAX07 ICL per unit', base: 'Ejemplificacion_Licores-ICL.xml', edit: (x) => nth(x, amount('10915.00'), 4, amount('10920.00')), expected: ['FAS01a', 'FAX02', 'FAX07'] },

  // FAX: line taxes (line 1: IVA 19 % 12600.06 → 2394.01)
  { name: 'FAX01 tax repeated in a line', base: 'Generica.xml', edit: (x) => nth(x, '</cac:TaxTotal>', 4, `</cac:TaxTotal>${zeroIvaTotal}`), expected: ['FAX01'] },
  { name: 'FAX02 line total ≠ Σ subtotals', base: 'Generica.xml', edit: (x) => nth(x, amount('2394.01'), 2, amount('2400.01')), expected: ['FAX02'] },
  { name: 'FAX04 rate repeated in a line TaxTotal', base: 'Generica.xml', edit: (x) => nth(x, '</cac:TaxTotal>', 4, `${zeroIvaSubtotal}</cac:TaxTotal>`), expected: ['FAX04'] },
  { name: 'FAX07 line base × rate', base: 'Generica.xml', edit: (x) => nth(x, amount('2394.01'), 3, amount('2400.01')), expected: ['FAS01a', 'FAX02', 'FAX07'] },
  { name: 'FAX09 per-unit line without BaseUnitMeasure', base: 'ejemplificacionINPP.xml', edit: (x) => mutate(x, '<cbc:BaseUnitMeasure unitCode="GRS">25.00</cbc:BaseUnitMeasure>', ''), expected: ['FAX07', 'FAX09'] },
  { name: 'FAX09 line BaseUnitMeasure without unitCode', base: 'ejemplificacionINPP.xml', edit: (x) => mutate(x, 'unitCode="GRS">25.00', 'unitCode="">25.00'), expected: ['FAX09'] },
  { name: 'FAX13 line TaxCategory missing', base: 'Generica.xml', edit: (x) => inLine(x, 2, (l) => mutate(l, /<cac:TaxCategory>[\s\S]*<\/cac:TaxCategory>/, '')), expected: ['FAS01a', 'FAX13'] },
  { name: 'FAX15 line TaxScheme missing', base: 'Generica.xml', edit: (x) => inLine(x, 2, (l) => mutate(l, /<cac:TaxScheme>[\s\S]*<\/cac:TaxScheme>/, '')), expected: ['FAS01a', 'FAX15'] },
  { name: 'FAX16 line tax code not in table 13.2.2', base: 'Generica.xml', edit: (x) => inLine(x, 1, (l) => mutate(l, '<cbc:ID>01</cbc:ID>', '<cbc:ID>99</cbc:ID>')), expected: ['FAS01a', 'FAS01b', 'FAX16'] },

  // FAT / FAY: withholdings ('#fixed' = EmisorAutoretenedor with its line-2 base fixed: ReteRenta 2.50 % on 1000.00 = 25.00, header and line 2)
  { name: 'FAY07 as published (line 2: base 0.00 at 2.50 % → 25.00)', base: 'EmisorAutoretenedor.xml', edit: (x) => x, expected: [] },
  { name: 'fixed EmisorAutoretenedor passes', base: EMISOR_FIXED, edit: (x) => x, expected: [] },
  { name: 'FAT01 withholding of a line missing at header', base: EMISOR_FIXED, edit: (x) => inHeader(x, (h) => mutate(h, /<cac:WithholdingTaxTotal>[\s\S]*<\/cac:WithholdingTaxTotal>/, '')), expected: ['FAT01'] },
  {
    name: 'FAT01 withholding repeated at header',
    base: EMISOR_FIXED,
    edit: (x) => {
      const block = /<cac:WithholdingTaxTotal>[\s\S]*?<\/cac:WithholdingTaxTotal>/.exec(x)![0];
      return mutate(x, '<cac:LegalMonetaryTotal>', `${block.replace(/25\.00/g, '0.00').replace('1000.00', '0.00')}<cac:LegalMonetaryTotal>`);
    },
    expected: ['FAT01'],
  },
  { name: 'FAT02 header withholding total ≠ Σ subtotals', base: EMISOR_FIXED, edit: (x) => inHeader(x, (h) => nth(h, amount('25.00'), 1, amount('35.00'))), expected: ['FAT02'] },
  { name: 'FAT04 header withholding TaxSubtotal missing', base: EMISOR_FIXED, edit: (x) => inHeader(x, (h) => mutate(h, /(<cac:WithholdingTaxTotal>\s*<cbc:TaxAmount currencyID="COP">25\.00<\/cbc:TaxAmount>)\s*<cac:TaxSubtotal>[\s\S]*<\/cac:TaxSubtotal>/, '$1')), expected: ['FAT01', 'FAT02', 'FAT04'] },
  { name: 'FAT05 header withholding base missing', base: EMISOR_FIXED, edit: (x) => inHeader(x, (h) => mutate(h, '<cbc:TaxableAmount currencyID="COP">1000.00</cbc:TaxableAmount>', '')), expected: ['FAT05'] },
  { name: 'FAT07 header withholding = base × rate', base: EMISOR_FIXED, edit: (x) => inHeader(x, (h) => mutate(h, '>1000.00</cbc:TaxableAmount>', '>2000.00</cbc:TaxableAmount>')), expected: ['FAT07'] },
  {
    name: 'FAT10 withholding rate outside table 13.3.11 (notification)',
    base: EMISOR_FIXED,
    edit: (x) => inHeader(x, (h) => mutate(mutate(h, '<cbc:Percent>2.50</cbc:Percent>', '<cbc:Percent>2.70</cbc:Percent>'), '>1000.00</cbc:TaxableAmount>', '>925.93</cbc:TaxableAmount>')),
    expected: ['FAT10'],
  },
  { name: 'FAT11 header withholding TaxScheme missing', base: EMISOR_FIXED, edit: (x) => inHeader(x, (h) => mutate(h, /(<cbc:Percent>2\.50<\/cbc:Percent>)\s*<cac:TaxScheme>[\s\S]*?<\/cac:TaxScheme>/, '$1')), expected: ['FAT01', 'FAT11'] },
  { name: 'FAT12 header withholding code is not a withholding', base: EMISOR_FIXED, edit: (x) => inHeader(x, (h) => mutate(h, /(<cbc:Percent>2\.50<\/cbc:Percent>\s*<cac:TaxScheme>\s*)<cbc:ID>06<\/cbc:ID>/, '$1<cbc:ID>01</cbc:ID>')), expected: ['FAT01', 'FAT10', 'FAT12'] },
  { name: 'FAY02 line withholding total ≠ Σ subtotals', base: EMISOR_FIXED, edit: (x) => inLine(x, 2, (l) => nth(l, amount('25.00'), 1, amount('35.00'))), expected: ['FAY02'] },
  { name: 'FAY04 line withholding TaxSubtotal missing', base: EMISOR_FIXED, edit: (x) => inLine(x, 2, (l) => mutate(l, /(<cac:WithholdingTaxTotal>\s*<cbc:TaxAmount currencyID="COP">25\.00<\/cbc:TaxAmount>)\s*<cac:TaxSubtotal>[\s\S]*<\/cac:TaxSubtotal>/, '$1')), expected: ['FAY02', 'FAY04'] },
  { name: 'FAY05 line withholding base missing', base: EMISOR_FIXED, edit: (x) => inLine(x, 2, (l) => mutate(l, '<cbc:TaxableAmount currencyID="COP">1000.00</cbc:TaxableAmount>', '')), expected: ['FAY05'] },
  { name: 'FAY07 line withholding = base × rate', base: EMISOR_FIXED, edit: (x) => inLine(x, 2, (l) => mutate(l, '>1000.00</cbc:TaxableAmount>', '>1100.00</cbc:TaxableAmount>')), expected: ['FAY07'] },
  { name: 'FAY09 line withholding TaxCategory missing', base: EMISOR_FIXED, edit: (x) => inLine(x, 2, (l) => mutate(l, /(<cac:WithholdingTaxTotal>[\s\S]*)<cac:TaxCategory>[\s\S]*<\/cac:TaxCategory>/, '$1')), expected: ['FAY09'] },
  { name: 'FAY11 line withholding TaxScheme missing', base: EMISOR_FIXED, edit: (x) => inLine(x, 2, (l) => mutate(l, /(<cac:WithholdingTaxTotal>[\s\S]*)<cac:TaxScheme>[\s\S]*<\/cac:TaxScheme>/, '$1')), expected: ['FAY11'] },
  { name: 'FAY12 line withholding code not a withholding', base: EMISOR_FIXED, edit: (x) => inLine(x, 2, (l) => mutate(l, '<cbc:ID>06</cbc:ID>', '<cbc:ID>04</cbc:ID>')), expected: ['FAT01', 'FAY12'] },
];

describe.skipIf(!HAVE_SHARED)('tax rules on mutated DIAN samples', () => {
  it.each(cases)('$name', ({ base, edit, expected }) => {
    const xml = edit(load(base));
    expect(ids(check(xml, RULES))).toEqual([...new Set([...BASELINE[base]!, ...expected])].sort());
  });

  it('FAY07 adds a ReteIVA notification when its base is not the line IVA', () => {
    const x = fixEmisor(sample('EmisorAutoretenedor.xml'));
    // ReteIVA 15 % on line 1, base 100.00 while the line's IVA is 2394.01.
    const rete =
      '<cac:WithholdingTaxTotal><cbc:TaxAmount currencyID="COP">15.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="COP">100.00</cbc:TaxableAmount>' +
      '<cbc:TaxAmount currencyID="COP">15.00</cbc:TaxAmount><cac:TaxCategory><cbc:Percent>15.00</cbc:Percent><cac:TaxScheme><cbc:ID>05</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:WithholdingTaxTotal>';
    const withLine = mutate(x, /(<\/cac:TaxTotal>)(\s*<cac:Item>)/, `$1${rete}$2`);
    const withHeader = mutate(withLine, '<cac:LegalMonetaryTotal>', `${rete}<cac:LegalMonetaryTotal>`);
    const report = check(withHeader, RULES);
    const fay07 = report.issues.filter((i) => i.ruleId === 'FAY07');
    expect(fay07).toHaveLength(1);
    expect(fay07[0]!.severity).toBe('notification');
    expect(report.ok).toBe(true);
  });

  it('header per-unit subtotal may aggregate the lines (Consumidor_Final bags: 1 × 30.00 per bag, 2 bags → 60.00)', () => {
    const report = check(sample('Consumidor_Final.xml'), taxesRules);
    expect(ids(report)).toEqual([]);
  });

  it('findings carry path, Spanish detail, expected and actual', () => {
    const report = check(nth(sample('Generica.xml'), amount('2394.01'), 3, amount('2400.01')), taxesRules);
    const f = report.issues.find((i) => i.ruleId === 'FAX07')!;
    expect(f.path).toBe('/Invoice/cac:InvoiceLine[1]/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount');
    expect(f.message).toContain('esperado 2394.01, informado 2400.01');
    expect(f).toMatchObject({ expected: '2394.01', actual: '2400.01', severity: 'rejection' });
  });

  it('credit and debit notes use their own IDs', () => {
    const cn = check(nth(sample('CreditNote.xml'), '<cbc:TaxAmount currencyID="USD">2394.01</cbc:TaxAmount>', 1, '<cbc:TaxAmount currencyID="USD">2400.01</cbc:TaxAmount>'), taxesRules);
    expect(ids(cn)).toContain('CAS02');
    const nd = sample('Ejemplificacion_nota_debito_sin_referencia_a_factura.xml');
    const m = /<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="(\w+)">([\d.]+)<\/cbc:TaxAmount>/.exec(nd)!;
    const bumped = mutate(nd, m[0], m[0].replace(`>${m[2]}<`, `>${parseDecimal(m[2]!)!.add(parseDecimal('5')!).toFixed(2)}<`));
    expect(ids(check(bumped, taxesRules))).toEqual(['DAS02']);
  });
});

describe('canonical', () => {
  it('drops trailing zeros', () => {
    expect(canonical(parseDecimal('19.00')!)).toBe('19');
    expect(canonical(parseDecimal('2.50')!)).toBe('2.5');
    expect(canonical(parseDecimal('100')!)).toBe('100');
    expect(canonical(parseDecimal('0.00')!)).toBe('0');
  });
});
