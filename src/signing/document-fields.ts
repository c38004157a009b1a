/**
 * Reads, from a parsed DIAN document, the fields its unique code (CUFE/CUDE) is computed from,
 * as written in the XML (spec/01-documents.md §8) — amounts brought to DIAN's two-decimal form —
 * so the verifier can recompute the code.
 */
import type { Document, Element } from '@xmldom/xmldom';
import type { CufeFields, EventCudeFields } from '../core/identity/index.js';
import { CAC_NS, CBC_NS } from './algorithms.js';
import { childrenNamed, firstChild, pathElement, textOf } from './safe-xml.js';

/** UBL main documents by root namespace. */
const KINDS: Readonly<Record<string, DocumentKind>> = {
  'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2': 'Invoice',
  'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2': 'CreditNote',
  'urn:oasis:names:specification:ubl:schema:xsd:DebitNote-2': 'DebitNote',
  'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2': 'ApplicationResponse',
  'urn:oasis:names:specification:ubl:schema:xsd:AttachedDocument-2': 'AttachedDocument',
};

/** The DIAN document types Previa signs and verifies. */
export type DocumentKind = 'Invoice' | 'CreditNote' | 'DebitNote' | 'ApplicationResponse' | 'AttachedDocument';

/** The kind of a parsed document, from its root element, or undefined for anything else. */
export function documentKind(doc: Document): DocumentKind | undefined {
  const root = doc.documentElement;
  if (!root) return undefined;
  const kind = KINDS[root.namespaceURI ?? ''];
  return kind !== undefined && root.localName === kind ? kind : undefined;
}

/** Raised when a field needed for the unique code is missing; message in Spanish. */
export class MissingFieldError extends Error {
  /**
   * @param path the XPath-like location of the missing element.
   */
  constructor(readonly path: string) {
    super(`Falta ${path} en el documento.`);
    this.name = 'MissingFieldError';
  }
}

function cbc(el: Element | undefined, local: string): Element | undefined {
  return el ? firstChild(el, CBC_NS, local) : undefined;
}

function required(el: Element | undefined, path: string): string {
  const text = textOf(el);
  if (text === undefined || text.trim() === '') throw new MissingFieldError(path);
  return text.trim();
}

/**
 * An amount as DIAN's validator puts it in the chain: exactly two decimals, extra decimals
 * truncated (spec/01-documents.md §8.1; DIAN's own samples write `0` for absent taxes and their
 * CUFE uses `0.00`). Amounts already written with two decimals — Previa's — are unchanged.
 */
export function chainAmount(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return text;
  const decimals = `${m[3] ?? ''}00`.slice(0, 2);
  return `${m[1]}${m[2]}.${decimals}`;
}

/** TaxAmount of the first document-level TaxTotal whose first subtotal is of the given tax scheme. */
function documentTax(root: Element, scheme: string): string {
  for (const total of childrenNamed(root, CAC_NS, 'TaxTotal')) {
    const id = textOf(
      pathElement(total, [CAC_NS, 'TaxSubtotal'], [CAC_NS, 'TaxCategory'], [CAC_NS, 'TaxScheme'], [CBC_NS, 'ID']),
    )?.trim();
    if (id === scheme) return chainAmount(required(cbc(total, 'TaxAmount'), `cac:TaxTotal[${scheme}]/cbc:TaxAmount`));
  }
  return '0.00';
}

function partyCompanyId(root: Element, partyElement: string): string {
  const party = pathElement(root, [CAC_NS, partyElement], [CAC_NS, 'Party']);
  const fromTaxScheme = textOf(pathElement(party ?? root, [CAC_NS, 'PartyTaxScheme'], [CBC_NS, 'CompanyID']))?.trim();
  if (party && fromTaxScheme) return fromTaxScheme;
  const fromIdentification = party ? textOf(pathElement(party, [CAC_NS, 'PartyIdentification'], [CBC_NS, 'ID']))?.trim() : undefined;
  if (fromIdentification) return fromIdentification;
  throw new MissingFieldError(`cac:${partyElement}/cac:Party/cac:PartyTaxScheme/cbc:CompanyID`);
}

/**
 * The CUFE/CUDE fields of an invoice, credit note or debit note (debit notes take their amounts
 * from `cac:RequestedMonetaryTotal`).
 *
 * @param doc the parsed document.
 * @throws MissingFieldError naming the first missing element.
 */
export function extractCufeFields(doc: Document): CufeFields {
  const root = doc.documentElement!;
  const totalsName = documentKind(doc) === 'DebitNote' ? 'RequestedMonetaryTotal' : 'LegalMonetaryTotal';
  const totals = firstChild(root, CAC_NS, totalsName);
  return {
    number: required(cbc(root, 'ID'), 'cbc:ID'),
    issueDate: required(cbc(root, 'IssueDate'), 'cbc:IssueDate'),
    issueTime: required(cbc(root, 'IssueTime'), 'cbc:IssueTime'),
    lineExtensionAmount: chainAmount(required(cbc(totals, 'LineExtensionAmount'), `cac:${totalsName}/cbc:LineExtensionAmount`)),
    ivaAmount: documentTax(root, '01'),
    incAmount: documentTax(root, '04'),
    icaAmount: documentTax(root, '03'),
    payableAmount: chainAmount(required(cbc(totals, 'PayableAmount'), `cac:${totalsName}/cbc:PayableAmount`)),
    supplierId: partyCompanyId(root, 'AccountingSupplierParty'),
    customerId: partyCompanyId(root, 'AccountingCustomerParty'),
    environment: required(cbc(root, 'ProfileExecutionID'), 'cbc:ProfileExecutionID'),
  };
}

/**
 * The CUDE fields of an ApplicationResponse (event).
 *
 * @param doc the parsed ApplicationResponse.
 * @throws MissingFieldError naming the first missing element.
 */
export function extractEventCudeFields(doc: Document): EventCudeFields {
  const root = doc.documentElement!;
  const response = firstChild(root, CAC_NS, 'DocumentResponse');
  const reference = response ? firstChild(response, CAC_NS, 'DocumentReference') : undefined;
  return {
    number: required(cbc(root, 'ID'), 'cbc:ID'),
    issueDate: required(cbc(root, 'IssueDate'), 'cbc:IssueDate'),
    issueTime: required(cbc(root, 'IssueTime'), 'cbc:IssueTime'),
    senderId: required(pathElement(root, [CAC_NS, 'SenderParty'], [CAC_NS, 'PartyTaxScheme'], [CBC_NS, 'CompanyID']), 'cac:SenderParty/cac:PartyTaxScheme/cbc:CompanyID'),
    receiverId: required(
      pathElement(root, [CAC_NS, 'ReceiverParty'], [CAC_NS, 'PartyTaxScheme'], [CBC_NS, 'CompanyID']),
      'cac:ReceiverParty/cac:PartyTaxScheme/cbc:CompanyID',
    ),
    responseCode: required(pathElement(response ?? root, [CAC_NS, 'Response'], [CBC_NS, 'ResponseCode']), 'cac:DocumentResponse/cac:Response/cbc:ResponseCode'),
    documentId: required(cbc(reference, 'ID'), 'cac:DocumentResponse/cac:DocumentReference/cbc:ID'),
    documentTypeCode: required(cbc(reference, 'DocumentTypeCode'), 'cac:DocumentResponse/cac:DocumentReference/cbc:DocumentTypeCode'),
  };
}

/** The document's own `cbc:UUID` (CUFE/CUDE) and its `@schemeName`, if present. */
export function documentUuid(doc: Document): { value: string; schemeName: string | undefined } | undefined {
  const el = cbc(doc.documentElement!, 'UUID');
  if (!el) return undefined;
  return { value: (el.textContent ?? '').trim(), schemeName: el.getAttribute('schemeName') ?? undefined };
}
