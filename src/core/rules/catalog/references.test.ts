import { describe, expect, it } from 'vitest';
import { check, HAVE_SHARED, ids, mutate, sample } from '../test-support/fixtures.js';
import { referencesRules } from './references.js';

/** One mutation of a DIAN sample and the exact set of reference-rule IDs it must raise. */
interface Case {
  id: string;
  file?: string;
  edits: [string | RegExp, string][];
  expect: string[];
  severity?: 'rejection' | 'notification';
}

/** A credit note without reference (22) that nevertheless carries a BillingReference. */
const CREDIT = 'CreditNote_impuestos_salidables.xml';
const DEBIT = 'Ejemplificacion_nota_debito_sin_referencia_a_factura.xml';
/** Carries CreditNoteDocumentReference and DebitNoteDocumentReference. */
const INVOICE_REFS = 'Consumidor_Final.xml';
const INVOICE = 'ejemplificacionIBUA.xml';

const CN_20: [string, string] = ['<cbc:CustomizationID>22<', '<cbc:CustomizationID>20<'];
const ND_30: [string, string] = ['<cbc:CustomizationID>32<', '<cbc:CustomizationID>30<'];
const billingRef = (inner = '<cbc:ID>SETP990000001</cbc:ID><cbc:UUID schemeName="CUFE-SHA384">abc</cbc:UUID><cbc:IssueDate>2024-04-01</cbc:IssueDate>'): [string, string] => [
  '</cac:DiscrepancyResponse>',
  `</cac:DiscrepancyResponse><cac:BillingReference><cac:InvoiceDocumentReference>${inner}</cac:InvoiceDocumentReference></cac:BillingReference>`,
];
const TYPE_03: [string, string] = ['<cbc:InvoiceTypeCode>01<', '<cbc:InvoiceTypeCode>03<'];

function report(c: Case) {
  let xml = sample(c.file ?? CREDIT);
  for (const [search, replacement] of c.edits) xml = mutate(xml, search, replacement);
  return check(xml, referencesRules);
}

const CASES: Case[] = [
  { id: 'CAD02a', edits: [CN_20, [/<cbc:CustomizationID>20</, '<cbc:CustomizationID>23<'], [/(<cac:DiscrepancyResponse>[\s\S]*?<cbc:ResponseCode>)1</, '$12<']], expect: ['CAD02a'] },
  { id: 'CBF01', edits: [[/<cac:DiscrepancyResponse>[\s\S]*?<\/cac:DiscrepancyResponse>/, '']], expect: ['CBF01'] },
  { id: 'CBF02', edits: [CN_20, [/<cbc:ReferenceID>[^<]*<\/cbc:ReferenceID>/, '']], expect: ['CBF02'], severity: 'notification' },
  { id: 'CBF03', edits: [[/(<cac:DiscrepancyResponse>[\s\S]*?<cbc:ResponseCode>)1</, '$19<']], expect: ['CBF03'] },
  { id: 'CBF03a + CAD02a', edits: [[/(<cac:DiscrepancyResponse>[\s\S]*?<cbc:ResponseCode>)1</, '$12<']], expect: ['CAD02a', 'CBF03a'] },
  { id: 'CBG02', edits: [CN_20, [/<cac:BillingReference>[\s\S]*?<\/cac:BillingReference>/, '']], expect: ['CBG02'] },
  { id: 'CBG03', edits: [[/(<cac:InvoiceDocumentReference>\s*)<cbc:ID>[^<]*<\/cbc:ID>/, '$1']], expect: ['CBG03'] },
  { id: 'CBG04', edits: [[/(<cac:InvoiceDocumentReference>[\s\S]*?)<cbc:UUID[^>]*>[^<]*<\/cbc:UUID>/, '$1']], expect: ['CBG04'] },
  { id: 'CBG05', edits: [[/(<cac:InvoiceDocumentReference>[\s\S]*?schemeName=")CUFE-SHA384"/, '$1SHA1"']], expect: ['CBG05'] },
  { id: 'CBG06', edits: [[/(<cac:InvoiceDocumentReference>[\s\S]*?<cbc:IssueDate>)[^<]*</, '$12019-06-22<']], expect: ['CBG06'] },
  { id: 'DBF01', file: DEBIT, edits: [[/<cac:DiscrepancyResponse>[\s\S]*?<\/cac:DiscrepancyResponse>/, '']], expect: ['DBF01'] },
  { id: 'DBF02 + DBG02', file: DEBIT, edits: [ND_30], expect: ['DBF02', 'DBG02'] },
  { id: 'DBF03', file: DEBIT, edits: [[/(<cac:DiscrepancyResponse>[\s\S]*?<cbc:ResponseCode>)3</, '$17<']], expect: ['DBF03'] },
  { id: 'DBG03', file: DEBIT, edits: [billingRef('<cbc:UUID schemeName="CUFE-SHA384">abc</cbc:UUID><cbc:IssueDate>2024-04-01</cbc:IssueDate>')], expect: ['DBG03'] },
  { id: 'DBG04', file: DEBIT, edits: [billingRef('<cbc:ID>SETP990000001</cbc:ID><cbc:IssueDate>2024-04-01</cbc:IssueDate>')], expect: ['DBG04'] },
  { id: 'DBG06', file: DEBIT, edits: [billingRef('<cbc:ID>SETP990000001</cbc:ID><cbc:UUID schemeName="CUFE-SHA384">abc</cbc:UUID><cbc:IssueDate>2024-05-01</cbc:IssueDate>')], expect: ['DBG06'] },
  { id: 'FAI01', file: INVOICE, edits: [TYPE_03], expect: ['FAI01'] },
  { id: 'FAI02 + FAI03', file: INVOICE, edits: [TYPE_03, ['<cac:AccountingSupplierParty>', '<cac:AdditionalDocumentReference><cbc:DocumentTypeCode>01</cbc:DocumentTypeCode></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>']], expect: ['FAI02', 'FAI03'] },
  { id: 'FBH04', file: INVOICE_REFS, edits: [[/(<cac:CreditNoteDocumentReference>[\s\S]*?)<cbc:UUID[^>]*>[^<]*<\/cbc:UUID>/, '$1']], expect: ['FBH04'] },
  { id: 'FBI03', file: INVOICE_REFS, edits: [[/(<cac:DebitNoteDocumentReference>\s*)<cbc:ID>[^<]*<\/cbc:ID>/, '$1']], expect: ['FBI03'] },
  { id: 'FBI04', file: INVOICE_REFS, edits: [[/(<cac:DebitNoteDocumentReference>[\s\S]*?)<cbc:UUID[^>]*>[^<]*<\/cbc:UUID>/, '$1']], expect: ['FBI04'] },
  { id: 'FBI06', file: INVOICE_REFS, edits: [[/(<cac:DebitNoteDocumentReference>[\s\S]*?<cbc:IssueDate>)[^<]*</, '$12020-01-01<']], expect: ['FBI06'] },
];

describe.skipIf(!HAVE_SHARED)('reference rules (CBF/CBG/DBF/DBG, FAI, FBH/FBI)', () => {
  it.each([CREDIT, DEBIT, INVOICE, INVOICE_REFS, 'CreditNote.xml'])('%s passes (base of the failing cases)', (file) => {
    expect(ids(check(sample(file), referencesRules))).toEqual([]);
  });

  it('passes a credit note with reference (20) that references its invoice', () => {
    expect(ids(check(mutate(sample(CREDIT), ...CN_20), referencesRules))).toEqual([]);
  });

  it('passes a debit note with reference (30) that references its invoice', () => {
    let xml = mutate(sample(DEBIT), ...ND_30);
    xml = mutate(xml, '<cac:DiscrepancyResponse>', '<cac:DiscrepancyResponse><cbc:ReferenceID>SETP990000001</cbc:ReferenceID>');
    xml = mutate(xml, ...billingRef());
    expect(ids(check(xml, referencesRules))).toEqual([]);
  });

  it.each(CASES)('$id', (c) => {
    const r = report(c);
    expect(ids(r)).toEqual([...c.expect].sort());
    if (c.severity) for (const i of r.issues) expect(i.severity).toBe(c.severity);
  });
});
