import { describe, expect, it } from 'vitest';
import { check, HAVE_SHARED, ids, mutate, sample } from '../test-support/fixtures.js';
import { linesRules } from './lines.js';
import { taxesRules } from './taxes.js';
import { totalsRules } from './totals.js';

/** The rules of the three groups (taxes, totals, lines). */
const RULES = [...taxesRules, ...totalsRules, ...linesRules];

/** Applies an edit to the n-th (1-based) line only. */
function inLine(xml: string, n: number, edit: (line: string) => string, tag = 'cac:InvoiceLine'): string {
  let start = -1;
  for (let i = 0; i < n; i++) start = xml.indexOf(`<${tag}>`, start + 1);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = xml.indexOf(`</${tag}>`, start);
  return xml.slice(0, start) + edit(xml.slice(start, end)) + xml.slice(end);
}

interface Case {
  name: string;
  base: string;
  edit: (xml: string) => string;
  /** IDs raised on top of the base document's own. */
  expected: string[];
  /** IDs of the base document that the edit makes disappear (e.g. the item whose code raised FAZ12 is gone). */
  removed?: string[];
}

const BASELINE: Record<string, string[]> = {
  'Generica.xml': ['FAZ09', 'FAZ12'],
  'Exportacion.xml': ['FAZ09', 'FAZ12'],
  'Ejemplificacion_Propina.xml': [],
  'GenericaPagoAnticipado.xml': ['FAZ09', 'FAZ12'],
  'Generica_ingresos_terceros.xml': ['FAS01a', 'FAU02', 'FAU04', 'FAV02', 'FAV06', 'FAZ09'],
  'CreditNote.xml': [],
  'Ejemplificacion_nota_debito_sin_referencia_a_factura.xml': [],
  'Ejemplificacion_Muestras_Gratis.xml': [],
  'Ejemplificacion_Licores-ICL.xml': ['FAZ09'],
};

const line1 = (edit: (l: string) => string) => (x: string) => inLine(x, 1, edit);
const line2 = (edit: (l: string) => string) => (x: string) => inLine(x, 2, edit);
const asMandates = (x: string) => mutate(x, '<cbc:CustomizationID>10</cbc:CustomizationID>', '<cbc:CustomizationID>11</cbc:CustomizationID>');

const cases: Case[] = [
  // FAV: lines. Generica line 1: 1 × 18900.00 − 6299.94 (33.33 % discount) = 12600.06; line 2 free (0.00, reference price 100.00)
  { name: 'FAV01 no lines', base: 'Ejemplificacion_Propina.xml', edit: (x) => mutate(x, /<cac:InvoiceLine>[\s\S]*<\/cac:InvoiceLine>/, ''), expected: ['FAS01a', 'FAU02', 'FAU04', 'FAV01'] },
  { name: 'FAV02 line numbers not consecutive (notification)', base: 'Generica.xml', edit: line2((l) => mutate(l, '<cbc:ID>2</cbc:ID>', '<cbc:ID>3</cbc:ID>')), expected: ['FAV02'] },
  { name: 'FAV03 AIU invoice without the contract note', base: 'Ejemplificacion_Propina.xml', edit: (x) => mutate(x, '<cbc:CustomizationID>10</cbc:CustomizationID>', '<cbc:CustomizationID>09</cbc:CustomizationID>'), expected: ['FAV03'] },
  {
    name: 'FAV03 passes with the contract note',
    base: 'Ejemplificacion_Propina.xml',
    edit: (x) => line1((l) => mutate(l, '</cbc:ID>', '</cbc:ID><cbc:Note>Contrato de servicios AIU por concepto de: vigilancia</cbc:Note>'))(mutate(x, '<cbc:CustomizationID>10</cbc:CustomizationID>', '<cbc:CustomizationID>09</cbc:CustomizationID>')),
    expected: [],
  },
  { name: 'FAV04a quantity missing', base: 'Generica.xml', edit: line1((l) => mutate(l, /<cbc:InvoicedQuantity[^>]*>[^<]*<\/cbc:InvoicedQuantity>/, '')), expected: ['FAV04a'] },
  { name: 'FAV04a quantity not a number', base: 'Generica.xml', edit: line1((l) => mutate(l, '>1.000000</cbc:InvoicedQuantity>', '>uno</cbc:InvoicedQuantity>')), expected: ['FAV04a'] },
  { name: 'FAV04b negative quantity', base: 'Generica.xml', edit: line2((l) => mutate(l, '>1.000000</cbc:InvoicedQuantity>', '>-1.000000</cbc:InvoicedQuantity>')), expected: ['FAV04b'] },
  { name: 'FAV05 unknown unit (notification)', base: 'Generica.xml', edit: line1((l) => mutate(l, '<cbc:InvoicedQuantity unitCode="EA">', '<cbc:InvoicedQuantity unitCode="XYZ">')), expected: ['FAV05'] },
  { name: 'FAV06 line value ≠ quantity × price − discounts', base: 'Generica.xml', edit: line1((l) => mutate(l, '>18900.00</cbc:PriceAmount>', '>18950.00</cbc:PriceAmount>')), expected: ['FAV06'] },
  { name: 'FAV06 discount counts', base: 'Generica.xml', edit: line1((l) => mutate(l, '>6299.94</cbc:Amount>', '>6200.00</cbc:Amount>')), expected: ['FAV06', 'FBE06'] },
  { name: 'FAV06 quantity × price reading (Propina: 10 × 100000.00, BaseQuantity 1)', base: 'Ejemplificacion_Propina.xml', edit: (x) => x, expected: [] },
  { name: 'FAV08a mandates: line ID without schemeID', base: 'Ejemplificacion_Propina.xml', edit: asMandates, expected: ['FAV08a', 'FBA01'] },
  { name: 'FAV08b mandates: line schemeID outside table 13.3.13', base: 'Generica_ingresos_terceros.xml', edit: (x) => line2((l) => mutate(l, '<cbc:ID schemeID="1">', '<cbc:ID schemeID="7">'))(asMandates(x)), expected: ['FAV08b', 'FBA01'] },

  // FAW: pricing reference
  { name: 'FAW03 reference price zero', base: 'Generica.xml', edit: line2((l) => mutate(l, '>100.00</cbc:PriceAmount>', '>0.00</cbc:PriceAmount>')), expected: ['FAW03'] },
  { name: 'FAW03 reference price missing', base: 'Generica.xml', edit: line2((l) => mutate(l, /<cbc:PriceAmount currencyID="COP">100\.00<\/cbc:PriceAmount>/, '')), expected: ['FAW03'] },

  // FAZ: item
  { name: 'FAZ01 item missing', base: 'Generica.xml', edit: line1((l) => mutate(l, /<cac:Item>[\s\S]*<\/cac:Item>/, '')), expected: ['FAZ01'], removed: ['FAZ09'] },
  { name: 'FAZ02 description missing', base: 'Generica.xml', edit: line1((l) => mutate(l, /<cbc:Description>[^<]*<\/cbc:Description>/, '')), expected: ['FAZ02'] },
  { name: 'FAZ02 description empty', base: 'Generica.xml', edit: line1((l) => mutate(l, /<cbc:Description>[^<]*<\/cbc:Description>/, '<cbc:Description> </cbc:Description>')), expected: ['FAZ02'] },
  { name: 'FAZ04/FAZ05 export invoice item without brand and model (notifications)', base: 'Exportacion.xml', edit: line1((l) => mutate(mutate(l, /<cbc:BrandName>[^<]*<\/cbc:BrandName>/, ''), /<cbc:ModelName>[^<]*<\/cbc:ModelName>/, '')), expected: ['FAZ04', 'FAZ05'] },
  { name: 'FAZ10 UNSPSC with the wrong agency', base: 'Generica.xml', edit: line2((l) => mutate(l, 'schemeAgencyID="10" schemeID="001"', 'schemeAgencyID="9" schemeID="001"')), expected: ['FAZ10'] },
  { name: 'FAZ11 unknown standard', base: 'Generica.xml', edit: line2((l) => mutate(l, 'schemeID="001"', 'schemeID="002"')), expected: ['FAZ11'], removed: ['FAZ12'] },
  { name: 'FAZ12 UNSPSC of 8 digits passes', base: 'Generica.xml', edit: line2((l) => mutate(l, '>18937100-7</cbc:ID>', '>18937100</cbc:ID>')), expected: [], removed: ['FAZ12'] },
  {
    name: 'FAZ12 GTIN check digit (notification)',
    base: 'Generica.xml',
    edit: line2((l) => mutate(l, 'schemeAgencyID="10" schemeID="001" schemeName="UNSPSC">18937100-7', 'schemeAgencyID="9" schemeID="010" schemeName="GTIN">7702004003502')),
    expected: ['FAZ12'],
  },
  { name: 'FAZ12 valid GTIN passes', base: 'Generica.xml', edit: line2((l) => mutate(l, 'schemeAgencyID="10" schemeID="001" schemeName="UNSPSC">18937100-7', 'schemeAgencyID="9" schemeID="010" schemeName="GTIN">7702004003508')), expected: [], removed: ['FAZ12'] },
  { name: 'FAZ14 GTIN agency must be 9', base: 'Generica.xml', edit: line2((l) => mutate(l, 'schemeAgencyID="10" schemeID="001" schemeName="UNSPSC">18937100-7', 'schemeAgencyID="10" schemeID="010" schemeName="GTIN">7702004003508')), expected: ['FAZ14'], removed: ['FAZ12'] },

  // FBA: mandates (Generica_ingresos_terceros line 2 has a principal with NIT and DV)
  { name: 'FBA02 principal without PowerOfAttorney', base: 'Generica_ingresos_terceros.xml', edit: line2((l) => mutate(l, /<cac:PowerOfAttorney>[\s\S]*<\/cac:PowerOfAttorney>/, '')), expected: ['FBA02'] },
  { name: 'FBA03 PowerOfAttorney without AgentParty', base: 'Generica_ingresos_terceros.xml', edit: line2((l) => mutate(l, /<cac:AgentParty>[\s\S]*<\/cac:AgentParty>/, '')), expected: ['FBA03'] },
  { name: 'FBA05 principal not identified', base: 'Generica_ingresos_terceros.xml', edit: line2((l) => mutate(l, /<cac:PartyIdentification>[\s\S]*<\/cac:PartyIdentification>/, '')), expected: ['FBA05'] },
  { name: 'FBA07 principal NIT without DV', base: 'Generica_ingresos_terceros.xml', edit: line2((l) => mutate(l, /schemeID="1"\s+schemeName="31"/, 'schemeName="31"')), expected: ['FBA07'] },
  { name: 'FBA08 principal identification type outside table 13.2.1', base: 'Generica_ingresos_terceros.xml', edit: line2((l) => mutate(l, 'schemeName="31"', 'schemeName="99"')), expected: ['FBA08'] },

  // FBB: price
  { name: 'FBB01 price missing', base: 'Ejemplificacion_Propina.xml', edit: line1((l) => mutate(l, /<cac:Price>[\s\S]*<\/cac:Price>/, '')), expected: ['FBB01'] },
  { name: 'FBB02 price amount missing', base: 'Ejemplificacion_Propina.xml', edit: line1((l) => mutate(l, /<cbc:PriceAmount[^>]*>[^<]*<\/cbc:PriceAmount>/, '')), expected: ['FBB02'] },
  { name: 'FBB04 base quantity missing', base: 'Ejemplificacion_Propina.xml', edit: line1((l) => mutate(l, /<cbc:BaseQuantity[^>]*>[^<]*<\/cbc:BaseQuantity>/, '')), expected: ['FBB04'] },
  { name: 'FBB04 base quantity without unitCode', base: 'Generica.xml', edit: line1((l) => mutate(l, '<cbc:BaseQuantity unitCode="EA">', '<cbc:BaseQuantity>')), expected: ['FBB04'] },
  { name: 'FBB05 base quantity unit not in table 13.3.6 (notification)', base: 'Generica.xml', edit: line1((l) => mutate(l, '<cbc:BaseQuantity unitCode="EA">', '<cbc:BaseQuantity unitCode="XYZ">')), expected: ['FBB05'] },

  // FBE: line allowances and charges (Generica line 1: 33.33 % of 18900.00 = 6299.37 ≈ 6299.94 within 2.00)
  { name: 'FBE01 line allowance without amount', base: 'Generica.xml', edit: line1((l) => mutate(l, '<cbc:Amount currencyID="COP">6299.94</cbc:Amount>', '')), expected: ['FAV06', 'FBE01'] },
  { name: 'FBE01 line allowance without base (notification)', base: 'Generica.xml', edit: line1((l) => mutate(l, '<cbc:BaseAmount currencyID="COP">18900.00</cbc:BaseAmount>', '')), expected: ['FBE01'] },
  { name: 'FBE03 ChargeIndicator not true/false', base: 'Generica.xml', edit: line1((l) => mutate(l, '<cbc:ChargeIndicator>false</cbc:ChargeIndicator>', '<cbc:ChargeIndicator>no</cbc:ChargeIndicator>')), expected: ['FAV06', 'FBE03'] },
  { name: 'FBE05 percentage above 100', base: 'Generica.xml', edit: line1((l) => mutate(l, '>33.33</cbc:MultiplierFactorNumeric>', '>133.33</cbc:MultiplierFactorNumeric>')), expected: ['FBE05', 'FBE06'] },
  { name: 'FBE06 discount above its base', base: 'Generica.xml', edit: line1((l) => mutate(l, '>18900.00</cbc:BaseAmount>', '>6000.00</cbc:BaseAmount>')), expected: ['FBE06'] },
  { name: 'FBE08 base not positive', base: 'Generica.xml', edit: line1((l) => mutate(l, '>18900.00</cbc:BaseAmount>', '>0.00</cbc:BaseAmount>')), expected: ['FBE06', 'FBE08'] },

];

describe.skipIf(!HAVE_SHARED)('line rules on mutated DIAN samples', () => {
  it.each(cases)('$name', ({ base, edit, expected, removed = [] }) => {
    const kept = BASELINE[base]!.filter((id) => !removed.includes(id));
    expect(ids(check(edit(sample(base)), RULES))).toEqual([...new Set([...kept, ...expected])].sort());
  });

  it('severities: notifications do not block', () => {
    const report = check(line1((l) => mutate(l, '<cbc:InvoicedQuantity unitCode="EA">', '<cbc:InvoicedQuantity unitCode="XYZ">'))(sample('Generica.xml')), linesRules);
    expect(report.ok).toBe(true);
    expect(report.issues.find((i) => i.ruleId === 'FAV05')).toMatchObject({ severity: 'notification', path: '/Invoice/cac:InvoiceLine[1]/cbc:InvoicedQuantity/@unitCode' });
  });

  it('FAV06 finding explains the computation', () => {
    const report = check(line1((l) => mutate(l, '>18900.00</cbc:PriceAmount>', '>18950.00</cbc:PriceAmount>'))(sample('Generica.xml')), linesRules);
    const f = report.issues.find((i) => i.ruleId === 'FAV06')!;
    expect(f).toMatchObject({ expected: '12650.06', actual: '12600.06', severity: 'rejection' });
    expect(f.message).toContain('esperado 12650.06, informado 12600.06');
  });

  it('credit notes: CAV01, CAV04b, CAZ02, CBB02, CBB04 (unitCode a rejection), CAW01, CAW02', () => {
    const cn = sample('CreditNote.xml');
    const inCn = (edit: (l: string) => string) => inLine(cn, 1, edit, 'cac:CreditNoteLine');
    expect(ids(check(mutate(cn, /<cac:CreditNoteLine>[\s\S]*<\/cac:CreditNoteLine>/, ''), linesRules))).toEqual(['CAV01']);
    expect(ids(check(inCn((l) => mutate(l, '>1.000000</cbc:CreditedQuantity>', '>-1.000000</cbc:CreditedQuantity>')), linesRules))).toEqual(['CAV04b']);
    expect(ids(check(inCn((l) => mutate(l, /<cbc:Description>[^<]*<\/cbc:Description>/, '')), linesRules))).toEqual(['CAZ02']);
    expect(ids(check(inCn((l) => mutate(l, /<cbc:PriceAmount[^>]*>[^<]*<\/cbc:PriceAmount>/, '')), linesRules))).toEqual(['CBB02']);
    const noUnit = check(inCn((l) => mutate(l, /<cbc:BaseQuantity unitCode="[^"]*">/, '<cbc:BaseQuantity>')), linesRules);
    expect(noUnit.issues.map((i) => [i.ruleId, i.severity])).toEqual([['CBB04', 'rejection']]);
    const noBase = check(inCn((l) => mutate(l, /<cbc:BaseQuantity[^>]*>[^<]*<\/cbc:BaseQuantity>/, '')), linesRules);
    expect(noBase.issues.map((i) => [i.ruleId, i.severity])).toEqual([['CBB04', 'notification']]);
    const free = inCn((l) => mutate(mutate(l, /(<cbc:LineExtensionAmount[^>]*>)[^<]*/, '$10.00'), /(<cbc:PriceAmount[^>]*>)[^<]*/, '$10.00'));
    // The line keeps its discount, so 0.00 − discount ≠ 0.00 also raises CAV06 (a notification on notes).
    expect(ids(check(free, linesRules))).toEqual(['CAV06', 'CAW01']);
    const withRef = inCn((l) => mutate(l, '<cac:TaxTotal>', '<cac:PricingReference></cac:PricingReference><cac:TaxTotal>'));
    expect(ids(check(withRef, linesRules))).toEqual(['CAW02']);
  });

  it('debit notes: DAV04b, DAV05 (notification), DAZ02, DBB02', () => {
    const nd = sample('Ejemplificacion_nota_debito_sin_referencia_a_factura.xml');
    const inNd = (edit: (l: string) => string) => inLine(nd, 1, edit, 'cac:DebitNoteLine');
    expect(ids(check(inNd((l) => mutate(l, /(<cbc:DebitedQuantity[^>]*>)/, '$1-')), linesRules))).toEqual(['DAV04b']);
    const unit = check(inNd((l) => mutate(l, /<cbc:DebitedQuantity unitCode="[^"]*">/, '<cbc:DebitedQuantity unitCode="XYZ">')), linesRules);
    expect(unit.issues.map((i) => [i.ruleId, i.severity])).toEqual([['DAV05', 'notification']]);
    expect(ids(check(inNd((l) => mutate(l, /<cbc:Description>[^<]*<\/cbc:Description>/, '')), linesRules))).toEqual(['DAZ02']);
    expect(ids(check(inNd((l) => mutate(l, /<cbc:PriceAmount[^>]*>[^<]*<\/cbc:PriceAmount>/, '')), linesRules))).toEqual(['DBB02']);
  });
});
