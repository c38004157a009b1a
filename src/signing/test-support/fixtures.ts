/**
 * Unsigned canonical fixtures for the signing tests (see make-fixtures.ts for their origin),
 * plus builders for documents that have no public sample, and locations of the optional
 * external material (../shared, xmlsec1, xmllint).
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeCufe } from '../../core/identity/index.js';
import { extractCufeFields } from '../document-fields.js';
import { parseUntrustedXml } from '../safe-xml.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Technical key of DIAN's public habilitación numbering range (spec/vectors.json). */
export const DIAN_TEST_TECHNICAL_KEY = 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c';
/** The software PIN of DIAN's toolkit examples; the fixtures' CUDEs are computed with it. */
export const TEST_SOFTWARE_PIN = '20191';

/** The unsigned fixtures, by document type. */
export const FIXTURE_FILES = {
  invoice: 'invoice.xml',
  creditNote: 'credit-note.xml',
  debitNote: 'debit-note.xml',
  event: 'event-030.xml',
} as const;

/** Reads an unsigned canonical fixture. */
export function readFixture(name: keyof typeof FIXTURE_FILES): string {
  return readFileSync(join(here, 'fixtures', FIXTURE_FILES[name]), 'utf8');
}

/** The reference material folder (`/work/shared` next to the repository), or undefined when absent. */
export function sharedDir(): string | undefined {
  const candidates = [process.env.PREVIA_SHARED, join(here, '../../../../shared')].filter((d): d is string => !!d);
  return candidates.find((d) => existsSync(join(d, 'samples')));
}

const DIAN_NAME = 'Unidad Especial Dirección de Impuestos y Aduanas Nacionales';
const DIAN_SCHEME = 'schemeAgencyID="195" schemeAgencyName="CO, DIAN (Dirección de Impuestos y Aduanas Nacionales)"';

/**
 * A canonical, unsigned ApplicationResponse as DIAN returns it after validating a document
 * (spec/02-services.md §7): DIAN as sender, the issuer as receiver, ResponseCode 02 (or 04),
 * the validated document's number and CUFE/CUDE.
 *
 * @param p.documentNumber the validated document's `cbc:ID`.
 * @param p.documentUuid its CUFE/CUDE.
 * @param p.uuidScheme `CUFE-SHA384` (invoices) or `CUDE-SHA384` (notes).
 * @param p.issuerName / p.issuerNit / p.issuerDv the issuer (receiver of the response).
 * @param p.issueDate / p.issueTime when DIAN validated it.
 * @param p.responseCode `02` validated (default) or `04` rejected.
 */
export function makeDianApplicationResponse(p: {
  documentNumber: string;
  documentUuid: string;
  uuidScheme?: string;
  issuerName: string;
  issuerNit: string;
  issuerDv: string;
  issueDate: string;
  issueTime: string;
  responseCode?: '02' | '04';
}): string {
  const code = p.responseCode ?? '02';
  const verdict = code === '02' ? 'Documento validado por la DIAN' : 'Documento rechazado por la DIAN';
  const taxScheme = '<cac:TaxScheme><cbc:ID>01</cbc:ID><cbc:Name>IVA</cbc:Name></cac:TaxScheme>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>' +
    '<ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" xmlns:sts="dian:gov:co:facturaelectronica:Structures-2-1" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" xmlns:xades141="http://uri.etsi.org/01903/v1.4.1#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2 http://docs.oasis-open.org/ubl/os-UBL-2.1/xsd/maindoc/UBL-ApplicationResponse-2.1.xsd">' +
    '<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><sts:DianExtensions>' +
    '<sts:InvoiceSource><cbc:IdentificationCode listAgencyID="6" listAgencyName="United Nations Economic Commission for Europe" listSchemeURI="urn:oasis:names:specification:ubl:codelist:gc:CountryIdentificationCode-2.1">CO</cbc:IdentificationCode></sts:InvoiceSource>' +
    `<sts:SoftwareProvider><sts:ProviderID ${DIAN_SCHEME} schemeID="4" schemeName="31">800197268</sts:ProviderID><sts:SoftwareID ${DIAN_SCHEME}>00000000-0000-0000-0000-000000000000</sts:SoftwareID></sts:SoftwareProvider>` +
    `<sts:SoftwareSecurityCode ${DIAN_SCHEME}>${'0'.repeat(96)}</sts:SoftwareSecurityCode>` +
    `<sts:AuthorizationProvider><sts:AuthorizationProviderID ${DIAN_SCHEME} schemeID="4" schemeName="31">800197268</sts:AuthorizationProviderID></sts:AuthorizationProvider>` +
    '</sts:DianExtensions></ext:ExtensionContent></ext:UBLExtension><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>' +
    '<cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID><cbc:CustomizationID>1</cbc:CustomizationID><cbc:ProfileID>DIAN 2.1</cbc:ProfileID><cbc:ProfileExecutionID>2</cbc:ProfileExecutionID>' +
    `<cbc:ID>9${p.documentNumber.replace(/\D/g, '').padStart(9, '0')}</cbc:ID>` +
    `<cbc:UUID schemeName="CUDE-SHA384">${'ab'.repeat(48)}</cbc:UUID>` +
    `<cbc:IssueDate>${p.issueDate}</cbc:IssueDate><cbc:IssueTime>${p.issueTime}</cbc:IssueTime>` +
    `<cac:SenderParty><cac:PartyTaxScheme><cbc:RegistrationName>${DIAN_NAME}</cbc:RegistrationName><cbc:CompanyID ${DIAN_SCHEME} schemeID="4" schemeName="31">800197268</cbc:CompanyID>${taxScheme}</cac:PartyTaxScheme></cac:SenderParty>` +
    `<cac:ReceiverParty><cac:PartyTaxScheme><cbc:RegistrationName>${p.issuerName}</cbc:RegistrationName><cbc:CompanyID ${DIAN_SCHEME} schemeID="${p.issuerDv}" schemeName="31">${p.issuerNit}</cbc:CompanyID>${taxScheme}</cac:PartyTaxScheme></cac:ReceiverParty>` +
    `<cac:DocumentResponse><cac:Response><cbc:ResponseCode>${code}</cbc:ResponseCode><cbc:Description>${verdict}</cbc:Description></cac:Response>` +
    `<cac:DocumentReference><cbc:ID>${p.documentNumber}</cbc:ID><cbc:UUID schemeName="${p.uuidScheme ?? 'CUFE-SHA384'}">${p.documentUuid}</cbc:UUID></cac:DocumentReference>` +
    '<cac:LineResponse><cac:LineReference><cbc:LineID>1</cbc:LineID></cac:LineReference><cac:Response><cbc:ResponseCode>0000</cbc:ResponseCode><cbc:Description>0</cbc:Description></cac:Response></cac:LineResponse>' +
    `<cac:LineResponse><cac:LineReference><cbc:LineID>1</cbc:LineID></cac:LineReference><cac:Response><cbc:ResponseCode>0</cbc:ResponseCode><cbc:Description>La Factura electrónica ${p.documentNumber}, ha sido autorizada.</cbc:Description></cac:Response></cac:LineResponse>` +
    '</cac:DocumentResponse></ApplicationResponse>'
  );
}

/**
 * The invoice fixture grown to `lines` identical lines (the size of a typical business
 * invoice for benchmarks), with consistent totals, line count and CUFE (test technical key).
 *
 * @param lines number of invoice lines (≥ 1).
 */
export function makeInvoiceWithLines(lines: number): string {
  const base = readFixture('invoice');
  const start = base.indexOf('<cac:InvoiceLine>');
  const end = base.lastIndexOf('</cac:InvoiceLine>') + '</cac:InvoiceLine>'.length;
  const line = base.slice(start, end);
  const amount = /<cbc:LineExtensionAmount currencyID="COP">([\d.]+)<\/cbc:LineExtensionAmount>/.exec(line)![1]!;
  const cents = Math.round(Number(amount) * 100);
  const total = ((cents * lines) / 100).toFixed(2);
  let body = '';
  for (let i = 1; i <= lines; i++) body += line.replace(/^<cac:InvoiceLine><cbc:ID>\d+<\/cbc:ID>/, `<cac:InvoiceLine><cbc:ID>${i}</cbc:ID>`);
  let xml = base.slice(0, start) + body + base.slice(end);
  xml = xml.replace(/<cbc:LineCountNumeric>\d+<\/cbc:LineCountNumeric>/, `<cbc:LineCountNumeric>${lines}</cbc:LineCountNumeric>`);
  const mt = xml.indexOf('<cac:LegalMonetaryTotal>');
  const mtEnd = xml.indexOf('</cac:LegalMonetaryTotal>');
  xml = xml.slice(0, mt) + xml.slice(mt, mtEnd).split(`>${amount}<`).join(`>${total}<`) + xml.slice(mtEnd);
  const oldUuid = /<cbc:UUID[^>]*>([0-9a-f]{96})<\/cbc:UUID>/.exec(xml)![1]!;
  const cufe = computeCufe(extractCufeFields(parseUntrustedXml(xml)), DIAN_TEST_TECHNICAL_KEY);
  return xml.split(oldUuid).join(cufe);
}
