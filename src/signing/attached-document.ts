/**
 * The AttachedDocument delivered to the buyer (spec/01-documents.md §12.3, spec/02-services.md
 * §9.1): a container carrying the signed invoice or note and DIAN's ApplicationResponse that
 * validated it, each as text in a CDATA section, signed by the issuer with the same XAdES
 * profile as the invoice.
 *
 * Decisions:
 * - The signature goes in the first and only `ext:UBLExtension`, as in DIAN's production sample
 *   (an AttachedDocument has no sts:DianExtensions).
 * - The embedded XML is written in CDATA as DIAN shows it; line ends are normalized to LF first
 *   (every XML parser does that to CDATA content anyway, so the embedded documents and their
 *   signatures are unchanged for any reader) and a literal `]]>` is split across sections.
 * - Both inputs are checked before wrapping: their signatures verify (unless told not to),
 *   DIAN's verdict is 02 "Documento validado por la DIAN", and the response is about this very
 *   document (same CUFE/CUDE).
 * - Sender and receiver PartyTaxScheme are copied element by element from the document's
 *   supplier and customer, re-written with Previa's prefixes in canonical form.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { dianFileName } from '../core/identity/index.js';
import { escapeAttr, escapeText } from '../core/xml/writer.js';
import { CAC_NS, CBC_NS, EXT_NS } from './algorithms.js';
import { documentKind, documentUuid } from './document-fields.js';
import { SigningError } from './errors.js';
import type { SigningIdentity } from './pkcs12.js';
import { NodeType, UnsafeXmlError, childElements, firstChild, parseUntrustedXml, pathElement } from './safe-xml.js';
import { verifyXml } from './verify.js';
import { XML_PROLOG, signXml, type SignOptions } from './xades.js';

const ATTACHED_NS = 'urn:oasis:names:specification:ubl:schema:xsd:AttachedDocument-2';
const PREFIXES: Readonly<Record<string, string>> = {
  [CAC_NS]: 'cac',
  [CBC_NS]: 'cbc',
  [EXT_NS]: 'ext',
};
const ROOT_START =
  `<AttachedDocument xmlns="${ATTACHED_NS}" xmlns:cac="${CAC_NS}" xmlns:cbc="${CBC_NS}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ` +
  `xmlns:ext="${EXT_NS}" xmlns:sts="dian:gov:co:facturaelectronica:Structures-2-1" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" ` +
  `xmlns:xades141="http://uri.etsi.org/01903/v1.4.1#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
  `xsi:schemaLocation="${ATTACHED_NS} http://docs.oasis-open.org/ubl/os-UBL-2.1/xsd/maindoc/UBL-AttachedDocument-2.1.xsd">`;
const DIAN_NAME = 'Unidad Especial Dirección de Impuestos y Aduanas Nacionales';

/** What {@link buildAttachedDocument} needs. */
export interface AttachedDocumentInput {
  /** The signed Invoice, CreditNote or DebitNote exactly as sent to DIAN. */
  signedDocumentXml: string;
  /** DIAN's ApplicationResponse for it (the decoded `XmlBase64Bytes` of SendBillSync/GetStatus). */
  applicationResponseXml: string;
  /** The container's issue date, `YYYY-MM-DD` (Colombian calendar). */
  issueDate: string;
  /** The container's issue time, `HH:MM:SS-05:00`. */
  issueTime: string;
  /** The container's `cbc:ID` (default: the document's number). */
  id?: string;
  /** `cbc:ProfileID` (default `Factura Electrónica de Venta`, as DIAN's production sample; for notes UNCONFIRMED). */
  profileId?: string;
  /** `cbc:DocumentType` (default `Contenedor de Factura Electrónica`). */
  documentType?: string;
  /** Verify both signatures before wrapping them (default true). */
  verifySignatures?: boolean;
}

/** Text of an embedded XML document as one or more CDATA sections, LF line ends. */
function cdata(xml: string): string {
  const text = xml.replace(/\r\n?/g, '\n');
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** Re-writes a UBL element (cac/cbc/ext only) in canonical form with Previa's prefixes. */
function renderUbl(el: Element): string {
  const prefix = PREFIXES[el.namespaceURI ?? ''];
  if (prefix === undefined) {
    throw new SigningError('invalid_input', `No se puede copiar el elemento {${el.namespaceURI ?? ''}}${el.localName} al contenedor.`);
  }
  const name = `${prefix}:${el.localName}`;
  const attrs: Array<[string, string]> = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    if (a.namespaceURI) throw new SigningError('invalid_input', `Atributo calificado no soportado al copiar ${name}: ${a.name}.`);
    attrs.push([a.name, a.value]);
  }
  attrs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  let out = `<${name}`;
  for (const [k, v] of attrs) out += ` ${k}="${escapeAttr(v)}"`;
  out += '>';
  const kids = childElements(el);
  if (kids.length > 0) for (const k of kids) out += renderUbl(k);
  else out += escapeText(el.textContent ?? '');
  return `${out}</${name}>`;
}

function parse(xml: string, what: string): Document {
  try {
    return parseUntrustedXml(xml);
  } catch (error) {
    const detail = error instanceof UnsafeXmlError ? error.message : String(error);
    throw new SigningError('invalid_input', `${what}: ${detail}`, { cause: error });
  }
}

function requiredText(el: Element | undefined, what: string): string {
  const t = el ? (el.textContent ?? '').trim() : '';
  if (!t) throw new SigningError('invalid_input', `Falta ${what}.`);
  return t;
}

function partyTaxScheme(root: Element, party: 'AccountingSupplierParty' | 'AccountingCustomerParty'): string {
  const pts = pathElement(root, [CAC_NS, party], [CAC_NS, 'Party'], [CAC_NS, 'PartyTaxScheme']);
  if (!pts) throw new SigningError('invalid_input', `El documento no tiene cac:${party}/cac:Party/cac:PartyTaxScheme para el contenedor.`);
  return renderUbl(pts);
}

/**
 * Builds the unsigned AttachedDocument (canonical form, one empty signature slot) for a signed
 * document and DIAN's ApplicationResponse. Sign it with `signXml`, or use {@link createAttachedDocument}.
 *
 * @param input the two documents and the container's own data (see {@link AttachedDocumentInput}).
 * @returns the unsigned AttachedDocument, prolog included.
 * @throws SigningError `invalid_input` when a document does not verify, DIAN did not validate it
 *   (ResponseCode other than 02) or the response is about another document.
 */
export function buildAttachedDocument(input: AttachedDocumentInput): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.issueDate) || !/^\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(input.issueTime)) {
    throw new SigningError('invalid_input', 'Fecha u hora del contenedor no válidas (use AAAA-MM-DD y HH:MM:SS-05:00).');
  }
  const doc = parse(input.signedDocumentXml, 'El documento firmado no es XML válido');
  const ar = parse(input.applicationResponseXml, 'La respuesta de la DIAN no es XML válido');
  const kind = documentKind(doc);
  if (kind !== 'Invoice' && kind !== 'CreditNote' && kind !== 'DebitNote') {
    throw new SigningError('invalid_input', 'El documento a adjuntar debe ser una factura, nota crédito o nota débito (Invoice, CreditNote o DebitNote).');
  }
  if (documentKind(ar) !== 'ApplicationResponse') {
    throw new SigningError('invalid_input', 'La respuesta de la DIAN debe ser un ApplicationResponse.');
  }
  if (input.verifySignatures !== false) {
    const docCheck = verifyXml(input.signedDocumentXml);
    if (!docCheck.valid) throw new SigningError('invalid_input', `La firma del documento no es válida: ${docCheck.reason ?? ''}`);
    const arCheck = verifyXml(input.applicationResponseXml);
    if (!arCheck.valid) throw new SigningError('invalid_input', `La firma de la respuesta de la DIAN no es válida: ${arCheck.reason ?? ''}`);
  }

  const root = doc.documentElement!;
  const number = requiredText(firstChild(root, CBC_NS, 'ID'), 'cbc:ID en el documento');
  const uuid = documentUuid(doc);
  if (!uuid?.value) throw new SigningError('invalid_input', 'El documento no tiene cbc:UUID (CUFE/CUDE).');
  const docIssueDate = requiredText(firstChild(root, CBC_NS, 'IssueDate'), 'cbc:IssueDate en el documento');
  const profileExecutionId = requiredText(firstChild(root, CBC_NS, 'ProfileExecutionID'), 'cbc:ProfileExecutionID en el documento');

  const arRoot = ar.documentElement!;
  const response = firstChild(arRoot, CAC_NS, 'DocumentResponse');
  const code = requiredText(response && pathElement(response, [CAC_NS, 'Response'], [CBC_NS, 'ResponseCode']), 'cbc:ResponseCode en la respuesta de la DIAN');
  if (code !== '02') {
    throw new SigningError(
      'invalid_input',
      `La DIAN no validó el documento (ResponseCode ${code}${code === '04' ? ', rechazado' : ''}); solo se entrega al adquiriente un documento validado (02).`,
    );
  }
  const referenced = requiredText(
    response && pathElement(response, [CAC_NS, 'DocumentReference'], [CBC_NS, 'UUID']),
    'cac:DocumentReference/cbc:UUID en la respuesta de la DIAN',
  );
  if (referenced.toLowerCase() !== uuid.value.toLowerCase()) {
    throw new SigningError('invalid_input', `La respuesta de la DIAN es de otro documento (CUFE/CUDE ${referenced}, se esperaba ${uuid.value}).`);
  }
  const validationDate = requiredText(firstChild(arRoot, CBC_NS, 'IssueDate'), 'cbc:IssueDate en la respuesta de la DIAN');
  const validationTime = requiredText(firstChild(arRoot, CBC_NS, 'IssueTime'), 'cbc:IssueTime en la respuesta de la DIAN');
  const schemeName = uuid.schemeName ?? (kind === 'Invoice' ? 'CUFE-SHA384' : 'CUDE-SHA384');
  const mime = '<cbc:MimeCode>text/xml</cbc:MimeCode><cbc:EncodingCode>UTF-8</cbc:EncodingCode>';

  return (
    XML_PROLOG +
    ROOT_START +
    '<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>' +
    '<cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID><cbc:CustomizationID>Documentos adjuntos</cbc:CustomizationID>' +
    `<cbc:ProfileID>${escapeText(input.profileId ?? 'Factura Electrónica de Venta')}</cbc:ProfileID>` +
    `<cbc:ProfileExecutionID>${escapeText(profileExecutionId)}</cbc:ProfileExecutionID>` +
    `<cbc:ID>${escapeText(input.id ?? number)}</cbc:ID>` +
    `<cbc:IssueDate>${input.issueDate}</cbc:IssueDate><cbc:IssueTime>${input.issueTime}</cbc:IssueTime>` +
    `<cbc:DocumentType>${escapeText(input.documentType ?? 'Contenedor de Factura Electrónica')}</cbc:DocumentType>` +
    `<cbc:ParentDocumentID>${escapeText(number)}</cbc:ParentDocumentID>` +
    `<cac:SenderParty>${partyTaxScheme(root, 'AccountingSupplierParty')}</cac:SenderParty>` +
    `<cac:ReceiverParty>${partyTaxScheme(root, 'AccountingCustomerParty')}</cac:ReceiverParty>` +
    `<cac:Attachment><cac:ExternalReference>${mime}<cbc:Description>${cdata(input.signedDocumentXml)}</cbc:Description></cac:ExternalReference></cac:Attachment>` +
    '<cac:ParentDocumentLineReference><cbc:LineID>1</cbc:LineID><cac:DocumentReference>' +
    `<cbc:ID>${escapeText(number)}</cbc:ID><cbc:UUID schemeName="${escapeAttr(schemeName)}">${escapeText(uuid.value)}</cbc:UUID>` +
    `<cbc:IssueDate>${escapeText(docIssueDate)}</cbc:IssueDate><cbc:DocumentType>ApplicationResponse</cbc:DocumentType>` +
    `<cac:Attachment><cac:ExternalReference>${mime}<cbc:Description>${cdata(input.applicationResponseXml)}</cbc:Description></cac:ExternalReference></cac:Attachment>` +
    `<cac:ResultOfVerification><cbc:ValidatorID>${DIAN_NAME}</cbc:ValidatorID><cbc:ValidationResultCode>${code}</cbc:ValidationResultCode>` +
    `<cbc:ValidationDate>${escapeText(validationDate)}</cbc:ValidationDate><cbc:ValidationTime>${escapeText(validationTime)}</cbc:ValidationTime></cac:ResultOfVerification>` +
    '</cac:DocumentReference></cac:ParentDocumentLineReference></AttachedDocument>'
  );
}

/**
 * Builds and signs the AttachedDocument.
 *
 * @param input see {@link AttachedDocumentInput}.
 * @param identity the issuer's signing identity.
 * @param sign signing options (signing time, role, algorithm…).
 * @returns the signed AttachedDocument.
 */
export function createAttachedDocument(input: AttachedDocumentInput, identity: SigningIdentity, sign: SignOptions): string {
  return signXml(buildAttachedDocument(input), identity, sign);
}

/**
 * DIAN's file name for an AttachedDocument (`ad` + NIT + software code + year + hex consecutive).
 *
 * @param p.nit the issuer's NIT without DV.
 * @param p.providerCode 3-digit software code (default `000`).
 * @param p.year calendar year of the file.
 * @param p.sequence consecutive of AttachedDocument files in that year.
 */
export function attachedDocumentFileName(p: { nit: string; providerCode?: string; year: number; sequence: number }): string {
  return dianFileName({ prefix: 'ad', ...p });
}

/** The two documents an AttachedDocument carries. */
export interface AttachedDocumentContents {
  /** The embedded invoice or note (text of the first `cac:Attachment`). */
  documentXml: string;
  /** DIAN's ApplicationResponse (text of the first ParentDocumentLineReference attachment), if present. */
  applicationResponseXml: string | undefined;
}

/**
 * Reads the embedded documents of an AttachedDocument received from a supplier (hardened parse).
 * Verify each one afterwards with `verifyXml`.
 *
 * @param xml the AttachedDocument.
 * @throws SigningError `invalid_input` when it is not an AttachedDocument with an embedded document.
 */
export function readAttachedDocument(xml: string | Uint8Array): AttachedDocumentContents {
  let doc: Document;
  try {
    doc = parseUntrustedXml(xml);
  } catch (error) {
    throw new SigningError('invalid_input', error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (documentKind(doc) !== 'AttachedDocument') throw new SigningError('invalid_input', 'El archivo no es un AttachedDocument.');
  const root = doc.documentElement!;
  const description = (el: Element | undefined): string | undefined => {
    const d = el ? pathElement(el, [CAC_NS, 'ExternalReference'], [CBC_NS, 'Description']) : undefined;
    if (!d) return undefined;
    let text = '';
    for (let c = d.firstChild; c; c = c.nextSibling) if (c.nodeType === NodeType.TEXT || c.nodeType === NodeType.CDATA) text += c.nodeValue ?? '';
    return text.trim();
  };
  const documentXml = description(firstChild(root, CAC_NS, 'Attachment'));
  if (!documentXml) throw new SigningError('invalid_input', 'El AttachedDocument no trae el documento en cac:Attachment/cac:ExternalReference/cbc:Description.');
  const ref = pathElement(root, [CAC_NS, 'ParentDocumentLineReference'], [CAC_NS, 'DocumentReference'], [CAC_NS, 'Attachment']);
  return { documentXml, applicationResponseXml: description(ref) };
}
