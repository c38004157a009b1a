/**
 * The UBL builder: element order per document type, party and line details, escaping, and the
 * CUFE/CUDE input chain. Byte-level output is pinned by the golden files (golden.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { invoiceWith, line, loadExample, parsedExample } from '../../../test/support/fixtures.js';
import { parseDocumentInput } from '../input/parse.js';
import type { DocumentInput } from '../input/schema.js';
import { parseXml, type XmlElement } from '../xml/parse.js';
import { all, child, children, first, text } from '../xml/query.js';
import { BuildError, buildDocument, documentNumber } from './build.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function input(json: unknown): DocumentInput {
  const r = parseDocumentInput(json);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function buildRoot(json: unknown): XmlElement {
  return parseXml(buildDocument(input(json)).xml);
}

/** Names of the root's children, collapsed (consecutive repeats once). */
function sequence(el: XmlElement): string[] {
  const out: string[] = [];
  for (const c of el.children) if (out[out.length - 1] !== c.qname) out.push(c.qname);
  return out;
}

/** True when `seq` appears in `order` in the same relative order. */
function isSubsequence(seq: string[], order: string[]): boolean {
  let i = 0;
  for (const name of seq) {
    i = order.indexOf(name, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

// Element order of the DIAN-distributed UBL 2.1 XSDs (spec 01 §4 and §5), restricted to what we use.
const INVOICE_ORDER = [
  'ext:UBLExtensions', 'cbc:UBLVersionID', 'cbc:CustomizationID', 'cbc:ProfileID', 'cbc:ProfileExecutionID', 'cbc:ID', 'cbc:UUID',
  'cbc:IssueDate', 'cbc:IssueTime', 'cbc:DueDate', 'cbc:InvoiceTypeCode', 'cbc:Note', 'cbc:DocumentCurrencyCode', 'cbc:LineCountNumeric',
  'cac:InvoicePeriod', 'cac:OrderReference', 'cac:BillingReference', 'cac:AccountingSupplierParty', 'cac:AccountingCustomerParty',
  'cac:PaymentMeans', 'cac:PrepaidPayment', 'cac:AllowanceCharge', 'cac:PaymentExchangeRate', 'cac:TaxTotal', 'cac:WithholdingTaxTotal',
  'cac:LegalMonetaryTotal', 'cac:InvoiceLine',
];
const CREDIT_NOTE_ORDER = [
  'ext:UBLExtensions', 'cbc:UBLVersionID', 'cbc:CustomizationID', 'cbc:ProfileID', 'cbc:ProfileExecutionID', 'cbc:ID', 'cbc:UUID',
  'cbc:IssueDate', 'cbc:IssueTime', 'cbc:CreditNoteTypeCode', 'cbc:Note', 'cbc:DocumentCurrencyCode', 'cbc:LineCountNumeric',
  'cac:InvoicePeriod', 'cac:DiscrepancyResponse', 'cac:OrderReference', 'cac:BillingReference', 'cac:AccountingSupplierParty',
  'cac:AccountingCustomerParty', 'cac:PaymentMeans', 'cac:PaymentExchangeRate', 'cac:AllowanceCharge', 'cac:TaxTotal',
  'cac:LegalMonetaryTotal', 'cac:CreditNoteLine',
];
const DEBIT_NOTE_ORDER = [
  'ext:UBLExtensions', 'cbc:UBLVersionID', 'cbc:CustomizationID', 'cbc:ProfileID', 'cbc:ProfileExecutionID', 'cbc:ID', 'cbc:UUID',
  'cbc:IssueDate', 'cbc:IssueTime', 'cbc:Note', 'cbc:DocumentCurrencyCode', 'cbc:LineCountNumeric', 'cac:InvoicePeriod',
  'cac:DiscrepancyResponse', 'cac:OrderReference', 'cac:BillingReference', 'cac:AccountingSupplierParty', 'cac:AccountingCustomerParty',
  'cac:PrepaidPayment', 'cac:AllowanceCharge', 'cac:PaymentMeans', 'cac:PaymentExchangeRate', 'cac:TaxTotal', 'cac:RequestedMonetaryTotal',
  'cac:DebitNoteLine',
];

describe('header element order follows the XSD', () => {
  it('invoice with prepaid, document charge and discount', () => {
    const json = loadExample('invoice') as Json;
    json.allowanceCharges = [
      { charge: false, reasonCode: '00', reason: 'Descuento', amount: '1000' },
      { charge: true, reasonCode: '03', reason: 'Propina', amount: '500' },
    ];
    json.prepaidPayments = [{ id: 'ANT-1', amount: '10000', receivedDate: '2026-11-20' }];
    json.invoicePeriod = { startDate: '2026-11-01', endDate: '2026-11-30' };
    const root = buildRoot(json);
    const seq = sequence(root);
    expect(isSubsequence(seq, INVOICE_ORDER), seq.join(' ')).toBe(true);
    expect(seq).toEqual(expect.arrayContaining(['cac:PrepaidPayment', 'cac:AllowanceCharge', 'cac:WithholdingTaxTotal', 'cac:InvoicePeriod']));
    const mt = child(root, 'cac:LegalMonetaryTotal')!;
    expect(sequence(mt)).toEqual([
      'cbc:LineExtensionAmount', 'cbc:TaxExclusiveAmount', 'cbc:TaxInclusiveAmount', 'cbc:AllowanceTotalAmount', 'cbc:ChargeTotalAmount',
      'cbc:PrepaidAmount', 'cbc:PayableAmount',
    ]);
    expect(children(root, 'cac:AllowanceCharge').map((a) => text(a, 'cbc:ID'))).toEqual(['1', '2']);
  });

  it('credit note: type 91, DiscrepancyResponse, BillingReference, no prepaid, no withholdings', () => {
    const json = loadExample('credit-note') as Json;
    json.allowanceCharges = [{ charge: false, reasonCode: '00', reason: 'Descuento', amount: '100' }];
    const root = buildRoot(json);
    const seq = sequence(root);
    expect(isSubsequence(seq, CREDIT_NOTE_ORDER), seq.join(' ')).toBe(true);
    expect(text(child(root, 'cbc:CreditNoteTypeCode'))).toBe('91');
    expect(child(root, 'cac:PrepaidPayment')).toBeUndefined();
    expect(child(root, 'cac:WithholdingTaxTotal')).toBeUndefined();
    expect(text(root, 'cac:DiscrepancyResponse/cbc:ResponseCode')).toBeDefined();
    expect(text(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:UUID')).toMatch(/^[0-9a-f]{96}$/);
    // CreditNoteLine: TaxTotal before AllowanceCharge (reverse of InvoiceLine).
    const l = child(root, 'cac:CreditNoteLine')!;
    expect(child(l, 'cbc:CreditedQuantity')).toBeDefined();
  });

  it('debit note: no type code, RequestedMonetaryTotal, prepaid and charges before PaymentMeans', () => {
    const json = loadExample('debit-note') as Json;
    json.prepaidPayments = [{ id: 'ANT-1', amount: '1000', receivedDate: '2026-11-20' }];
    json.allowanceCharges = [{ charge: true, reasonCode: '02', reason: 'Gastos', amount: '100' }];
    const root = buildRoot(json);
    const seq = sequence(root);
    expect(isSubsequence(seq, DEBIT_NOTE_ORDER), seq.join(' ')).toBe(true);
    expect(child(root, 'cbc:InvoiceTypeCode')).toBeUndefined();
    expect(child(root, 'cbc:CreditNoteTypeCode')).toBeUndefined();
    expect(child(root, 'cac:LegalMonetaryTotal')).toBeUndefined();
    expect(text(root, 'cac:RequestedMonetaryTotal/cbc:PrepaidAmount')).toBe('1000.00');
    expect(child(child(root, 'cac:DebitNoteLine'), 'cbc:DebitedQuantity')).toBeDefined();
  });
});

describe('lines', () => {
  it('InvoiceLine: AllowanceCharge, then TaxTotal, then WithholdingTaxTotal, Item, Price', () => {
    const root = buildRoot(loadExample('invoice'));
    const l2 = children(root, 'cac:InvoiceLine')[1]!;
    expect(sequence(l2)).toEqual([
      'cbc:ID', 'cbc:InvoicedQuantity', 'cbc:LineExtensionAmount', 'cac:AllowanceCharge', 'cac:TaxTotal', 'cac:WithholdingTaxTotal', 'cac:Item', 'cac:Price',
    ]);
    expect(text(l2, 'cac:AllowanceCharge/cbc:MultiplierFactorNumeric')).toBe('5.00');
    expect(text(l2, 'cac:AllowanceCharge/cbc:BaseAmount')).toBe('4700000.00');
    expect(text(l2, 'cac:Item/cac:StandardItemIdentification/cbc:ID')).toBe('43211503');
    expect(first(l2, 'cac:Item/cac:StandardItemIdentification/cbc:ID')!.attrs.schemeID).toBe('001');
  });

  it('CreditNoteLine: TaxTotal before AllowanceCharge', () => {
    const json = loadExample('credit-note') as Json;
    json.lines[0].allowanceCharges = [{ charge: false, reason: 'Descuento', percent: '10' }];
    const l = child(buildRoot(json), 'cac:CreditNoteLine')!;
    const seq = sequence(l);
    expect(seq.indexOf('cac:TaxTotal')).toBeLessThan(seq.indexOf('cac:AllowanceCharge'));
  });

  it('per-unit tax subtotal: BaseUnitMeasure and PerUnitAmount, no TaxableAmount, no Percent', () => {
    const root = buildRoot(loadExample('invoice'));
    const st = first(children(root, 'cac:InvoiceLine')[2], 'cac:TaxTotal/cac:TaxSubtotal')!;
    expect(sequence(st)).toEqual(['cbc:TaxAmount', 'cbc:BaseUnitMeasure', 'cbc:PerUnitAmount', 'cac:TaxCategory']);
    expect(text(st, 'cbc:BaseUnitMeasure')).toBe('3.00');
    expect(child(st, 'cbc:BaseUnitMeasure')!.attrs.unitCode).toBe('94');
    expect(text(st, 'cbc:PerUnitAmount')).toBe('66.00');
    expect(child(child(st, 'cac:TaxCategory'), 'cbc:Percent')).toBeUndefined();
    expect(text(st, 'cac:TaxCategory/cac:TaxScheme/cbc:ID')).toBe('22');
  });

  it('percent subtotal: TaxableAmount, TaxAmount, Percent with two decimals, TaxScheme inside TaxCategory', () => {
    const root = buildRoot(loadExample('invoice'));
    const st = first(children(root, 'cac:InvoiceLine')[0], 'cac:TaxTotal/cac:TaxSubtotal')!;
    expect(text(st, 'cbc:TaxableAmount')).toBe('100800.00');
    expect(text(st, 'cbc:TaxAmount')).toBe('5040.00');
    expect(text(st, 'cac:TaxCategory/cbc:Percent')).toBe('5.00');
    expect(text(st, 'cac:TaxCategory/cac:TaxScheme/cbc:Name')).toBe('IVA');
  });

  it('free sample: FreeOfChargeIndicator, PricingReference with the commercial value, PriceAmount 0.00', () => {
    const root = buildRoot(loadExample('invoice-final-consumer'));
    const l = children(root, 'cac:InvoiceLine')[1]!;
    expect(text(l, 'cbc:LineExtensionAmount')).toBe('0.00');
    expect(text(l, 'cbc:FreeOfChargeIndicator')).toBe('true');
    expect(text(l, 'cac:PricingReference/cac:AlternativeConditionPrice/cbc:PriceAmount')).toBe('6000.00');
    expect(text(l, 'cac:PricingReference/cac:AlternativeConditionPrice/cbc:PriceTypeCode')).toBe('01');
    expect(text(l, 'cac:Price/cbc:PriceAmount')).toBe('0.00');
    expect(text(l, 'cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount')).toBe('6000.00');
  });

  it('keeps the exact decimals of quantities and unit prices (at least two)', () => {
    const root = buildRoot(invoiceWith([line('1.123456', '9999.9999'), line('2', '3')]));
    const [a, b] = children(root, 'cac:InvoiceLine');
    expect(text(a, 'cbc:InvoicedQuantity')).toBe('1.123456');
    expect(text(a, 'cac:Price/cbc:PriceAmount')).toBe('9999.9999');
    expect(text(a, 'cac:Price/cbc:BaseQuantity')).toBe('1.123456');
    expect(text(b, 'cbc:InvoicedQuantity')).toBe('2.00');
    expect(text(b, 'cac:Price/cbc:PriceAmount')).toBe('3.00');
  });

  it('LineCountNumeric is the number of lines and line IDs are 1..n', () => {
    const root = buildRoot(loadExample('invoice'));
    expect(text(child(root, 'cbc:LineCountNumeric'))).toBe('5');
    expect(children(root, 'cac:InvoiceLine').map((l) => text(l, 'cbc:ID'))).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('parties', () => {
  it('the supplier has no PartyIdentification; the customer has one with its DV', () => {
    const root = buildRoot(loadExample('invoice'));
    expect(first(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification')).toBeUndefined();
    const id = first(root, 'cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID')!;
    expect(id.text).toBe('800199436');
    expect(id.attrs).toMatchObject({ schemeID: '4', schemeName: '31' }); // 800199436 → DV 4 (Σ 766, 766 mod 11 = 7, 11 − 7)
  });

  it('NIT DV goes in @schemeID only, never in the value', () => {
    const root = buildRoot(loadExample('invoice'));
    const ids = all(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID');
    expect(ids[0]!.text).toBe('900108281');
    expect(ids[0]!.attrs).toMatchObject({ schemeAgencyID: '195', schemeID: '3', schemeName: '31' });
  });

  it('consumidor final (cédula 13): no @schemeID, R-99-PN, natural person', () => {
    const root = buildRoot(loadExample('invoice-final-consumer'));
    const party = first(root, 'cac:AccountingCustomerParty')!;
    expect(text(party, 'cbc:AdditionalAccountID')).toBe('2');
    const id = first(party, 'cac:Party/cac:PartyIdentification/cbc:ID')!;
    expect(id.text).toBe('222222222222');
    expect(id.attrs.schemeName).toBe('13');
    expect(id.attrs.schemeID).toBeUndefined();
    expect(text(party, 'cac:Party/cac:PartyTaxScheme/cbc:TaxLevelCode')).toBe('R-99-PN');
  });

  it('Colombian address names come from DIAN’s lists (municipality and department)', () => {
    const root = buildRoot(loadExample('invoice'));
    const a = first(root, 'cac:AccountingCustomerParty/cac:Party/cac:PhysicalLocation/cac:Address')!;
    expect(text(a, 'cbc:ID')).toBe('76001');
    expect(text(a, 'cbc:CountrySubentityCode')).toBe('76');
    expect(text(a, 'cbc:CityName')).toMatch(/CALI/i);
    expect(text(a, 'cac:Country/cbc:IdentificationCode')).toBe('CO');
  });

  it('the supplier’s CorporateRegistrationScheme/ID is the numbering prefix (FAB10a)', () => {
    const root = buildRoot(loadExample('invoice'));
    expect(text(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cac:CorporateRegistrationScheme/cbc:ID')).toBe('SETP');
  });
});

describe('text escaping and UTF-8', () => {
  it('escapes markup characters in text and attributes; accents survive', () => {
    const json = invoiceWith([line('1', '100', [], { description: 'Tornillos <M8> & tuercas "hex" ñandú' })]);
    (json.customer as Json).name = 'Pérez & Hijos <S.A.S.>';
    const xml = buildDocument(input(json)).xml;
    expect(xml).toContain('Tornillos &lt;M8&gt; &amp; tuercas');
    expect(xml).not.toContain('<M8>');
    const root = parseXml(xml);
    expect(text(first(root, 'cac:InvoiceLine/cac:Item'), 'cbc:Description')).toBe('Tornillos <M8> & tuercas "hex" ñandú');
    expect(text(first(root, 'cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme'), 'cbc:RegistrationName')).toBe('Pérez & Hijos <S.A.S.>');
  });
});

describe('CUFE/CUDE and numbering', () => {
  it('the CUFE input is the Anexo chain: amounts with 2 decimals, NIT without DV, technical key, environment', () => {
    const b = buildDocument(parsedExample('invoice'));
    expect(b.uuidInput).toBe(
      'SETP990000001' + '2026-11-27' + '10:15:00-05:00' + '4761100.00' + '01' + '881890.00' + '04' + '0.00' + '03' + '0.00' + '5643188.00' +
        '900108281' + '800199436' + 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c' + '2',
    );
    expect(b.uuid).toMatch(/^[0-9a-f]{96}$/);
    expect(b.uuidScheme).toBe('CUFE-SHA384');
  });

  it('a note’s CUDE uses the software PIN', () => {
    const input = parsedExample('credit-note');
    const b = buildDocument(input);
    expect(b.uuidScheme).toBe('CUDE-SHA384');
    expect(b.uuidInput.endsWith(input.software.pin + input.environment)).toBe(true);
  });

  it('contingency 03 hashes with the software PIN instead of the technical key', () => {
    const input = parsedExample('invoice-contingency');
    const b = buildDocument(input);
    expect(b.uuidScheme).toBe('CUFE-SHA384');
    expect(b.uuidInput).not.toContain(input.numberingRange!.technicalKey!);
    expect(b.uuidInput.endsWith(input.software.pin + input.environment)).toBe(true);
  });

  it('an invoice without technical key cannot be built (BuildError on numberingRange.technicalKey)', () => {
    const json = loadExample('invoice') as Json;
    delete json.numberingRange.technicalKey;
    const fn = () => buildDocument(input(json));
    expect(fn).toThrow(BuildError);
    try {
      fn();
    } catch (e) {
      expect((e as BuildError).field).toBe('numberingRange.technicalKey');
      expect((e as BuildError).message).toMatch(/clave técnica/);
    }
  });

  it('number: explicit, or prefix + consecutive; neither is a BuildError', () => {
    const json = loadExample('invoice') as Json;
    expect(documentNumber(input(json))).toBe('SETP990000001');
    json.number = 'SETP990000099';
    expect(documentNumber(input(json))).toBe('SETP990000099');
    delete json.number;
    delete json.consecutive;
    expect(() => documentNumber(input(json))).toThrow(BuildError);
  });

  it('the same input always gives the same bytes; a different time gives a different CUFE', () => {
    const a = buildDocument(parsedExample('invoice'));
    const b = buildDocument(parsedExample('invoice'));
    expect(a.xml).toBe(b.xml);
    const json = loadExample('invoice') as Json;
    json.issueTime = '10:15:01-05:00';
    expect(buildDocument(input(json)).uuid).not.toBe(a.uuid);
  });

  it('export invoice: every @currencyID is the document currency and PaymentExchangeRate is present', () => {
    const b = buildDocument(parsedExample('invoice-export'));
    const currencies = new Set([...b.xml.matchAll(/currencyID="([A-Z]{3})"/g)].map((m) => m[1]));
    expect([...currencies]).toEqual(['USD']);
    const root = parseXml(b.xml);
    expect(text(root, 'cac:PaymentExchangeRate/cbc:SourceCurrencyCode')).toBe('USD');
    expect(text(root, 'cac:PaymentExchangeRate/cbc:TargetCurrencyCode')).toBe('COP');
  });
});
