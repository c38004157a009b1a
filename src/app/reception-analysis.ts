/**
 * What Previa checks on a supplier document before the buyer relies on it (issue #8,
 * spec/02-services.md §7 and §9.1): the package (a ZIP from outside, read hardened), the XML
 * (hardened parser: no DTD, bounded size/depth/elements), the supplier's signature (the
 * verifier of the signing module), the CUFE where it can be recomputed, DIAN's own
 * ApplicationResponse (signed, issued by DIAN, result 02, about this CUFE) and that the buyer is
 * this organization. Nothing here throws for bad input: every problem is a failed check.
 */
import { createHash } from 'node:crypto';
import { parseAmount, toMinor } from '../core/money/money.js';
import { parseXml, type XmlElement } from '../core/xml/parse.js';
import { all, attr, first, text } from '../core/xml/query.js';
import { readAttachedDocument } from '../signing/attached-document.js';
import { verifyXml } from '../signing/verify.js';
import { unzipDocuments } from '../signing/zip.js';
import type { ReceivedFields, ReceivedTax, ReceptionCheck } from './reception-ports.js';

export type { ReceivedFields };

/** DIAN's NIT: the sender of its ApplicationResponses. */
const DIAN_NIT = '800197268';

/** Bounds for documents from outside. */
export interface ReceptionLimits {
  /** Largest upload/attachment accepted (DIAN's e-mail convention caps a delivery at 2 MB). */
  maxBytes: number;
  /** Technical key of DIAN's habilitación range, to recompute habilitación CUFEs (ProfileExecutionID 2). */
  habilitacionTechnicalKey: string;
}

/** Everything the analysis found. */
export interface ReceptionAnalysis {
  fields: ReceivedFields;
  checks: ReceptionCheck[];
  contentHash: string;
  xml: string | null;
  attachedXml: string | null;
  applicationResponse: string | null;
  pdf: Uint8Array | null;
  /** True when no DIAN ApplicationResponse came with the document (ask DIAN by CUFE). */
  needsDianConfirmation: boolean;
}

const EMPTY_FIELDS: ReceivedFields = {
  documentType: null,
  typeCode: null,
  cufe: null,
  number: null,
  issueDate: null,
  issueTime: null,
  dueDate: null,
  supplierNit: null,
  supplierDv: null,
  supplierName: null,
  supplierEmail: null,
  customerNit: null,
  customerName: null,
  currency: null,
  lineExtensionMinor: null,
  taxExclusiveMinor: null,
  taxInclusiveMinor: null,
  payableMinor: null,
  taxes: [],
  environment: null,
};

const ROOTS: Record<string, { type: string; party: [string, string] }> = {
  Invoice: { type: 'invoice', party: ['cac:AccountingSupplierParty', 'cac:AccountingCustomerParty'] },
  CreditNote: { type: 'credit-note', party: ['cac:AccountingSupplierParty', 'cac:AccountingCustomerParty'] },
  DebitNote: { type: 'debit-note', party: ['cac:AccountingSupplierParty', 'cac:AccountingCustomerParty'] },
};

const XML_LIMITS = { maxLength: 20 * 1024 * 1024, maxDepth: 128, maxElements: 200_000 };

function minor(value: string | undefined): bigint | null {
  if (value === undefined) return null;
  const d = parseAmount(value);
  return d ? toMinor(d) : null;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

function decode(bytes: Uint8Array): string {
  const s = Buffer.from(bytes).toString('utf8');
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Reads the business fields of an invoice or note (canonical names, any prefixes). */
export function readReceivedFields(root: XmlElement): ReceivedFields {
  const kind = ROOTS[root.qname];
  if (!kind) return EMPTY_FIELDS;
  const [supplierTag, customerTag] = kind.party;
  const party = (tag: string) => first(root, `${tag}/cac:Party`);
  const supplier = party(supplierTag);
  const customer = party(customerTag);
  const nitOf = (p: XmlElement | undefined) => text(p, 'cac:PartyTaxScheme/cbc:CompanyID') ?? text(p, 'cac:PartyLegalEntity/cbc:CompanyID') ?? null;
  const nameOf = (p: XmlElement | undefined) => text(p, 'cac:PartyTaxScheme/cbc:RegistrationName') ?? text(p, 'cac:PartyLegalEntity/cbc:RegistrationName') ?? text(p, 'cac:PartyName/cbc:Name') ?? null;
  const totals = first(root, 'cac:LegalMonetaryTotal') ?? first(root, 'cac:RequestedMonetaryTotal');
  const taxes: ReceivedTax[] = all(root, 'cac:TaxTotal').flatMap((tt) =>
    all(tt, 'cac:TaxSubtotal').map((st) => ({
      code: text(st, 'cac:TaxCategory/cac:TaxScheme/cbc:ID') ?? '',
      name: text(st, 'cac:TaxCategory/cac:TaxScheme/cbc:Name') ?? null,
      percent: text(st, 'cac:TaxCategory/cbc:Percent') ?? null,
      taxableAmount: text(st, 'cbc:TaxableAmount') ?? null,
      taxAmount: text(st, 'cbc:TaxAmount') ?? '0.00',
    })),
  );
  return {
    documentType: kind.type,
    typeCode: text(root, 'cbc:InvoiceTypeCode') ?? text(root, 'cbc:CreditNoteTypeCode') ?? (root.qname === 'DebitNote' ? '92' : null),
    cufe: text(root, 'cbc:UUID')?.toLowerCase() ?? null,
    number: text(root, 'cbc:ID') ?? null,
    issueDate: text(root, 'cbc:IssueDate') ?? null,
    issueTime: text(root, 'cbc:IssueTime') ?? null,
    dueDate: text(root, 'cbc:DueDate') ?? text(root, 'cac:PaymentMeans/cbc:PaymentDueDate') ?? null,
    supplierNit: nitOf(supplier),
    supplierDv: attr(supplier, 'cac:PartyTaxScheme/cbc:CompanyID', 'schemeID') ?? null,
    supplierName: nameOf(supplier),
    supplierEmail: text(supplier, 'cac:Contact/cbc:ElectronicMail') ?? null,
    customerNit: nitOf(customer),
    customerName: nameOf(customer),
    currency: text(root, 'cbc:DocumentCurrencyCode') ?? null,
    lineExtensionMinor: minor(text(totals, 'cbc:LineExtensionAmount')),
    taxExclusiveMinor: minor(text(totals, 'cbc:TaxExclusiveAmount')),
    taxInclusiveMinor: minor(text(totals, 'cbc:TaxInclusiveAmount')),
    payableMinor: minor(text(totals, 'cbc:PayableAmount')),
    taxes,
    environment: text(root, 'cbc:ProfileExecutionID') ?? null,
  };
}

/**
 * Checks DIAN's ApplicationResponse about a document: signed (signature intact), issued by
 * DIAN (SenderParty NIT 800197268), verdict 02 "Documento validado por la DIAN", about this CUFE.
 * The certificate is not checked against DIAN's real chain (no trust store): docs/reception.md.
 */
export function checkDianResponse(arXml: string, cufe: string | null): ReceptionCheck {
  const fail = (message: string): ReceptionCheck => ({ check: 'dian-response', outcome: 'failed', message });
  let root: XmlElement;
  try {
    root = parseXml(arXml, XML_LIMITS);
  } catch (e) {
    return fail(`La respuesta de la DIAN (ApplicationResponse) no es XML válido: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (root.qname !== 'ApplicationResponse') return fail('El documento adjunto como respuesta de la DIAN no es un ApplicationResponse.');
  const sender = text(root, 'cac:SenderParty/cac:PartyTaxScheme/cbc:CompanyID');
  if (sender !== DIAN_NIT) return fail(`La respuesta de validación no la emitió la DIAN (NIT ${sender ?? 'ausente'} en lugar de ${DIAN_NIT}).`);
  const signature = verifyXml(arXml);
  if (!signature.valid) return fail(`La firma de la respuesta de la DIAN no es válida: ${signature.reason ?? ''}`.trim());
  const code = text(root, 'cac:DocumentResponse/cac:Response/cbc:ResponseCode');
  if (code !== '02') return fail(`La DIAN no validó el documento: resultado ${code ?? 'ausente'} (${text(root, 'cac:DocumentResponse/cac:Response/cbc:Description') ?? 'sin descripción'}).`);
  const ref = text(root, 'cac:DocumentResponse/cac:DocumentReference/cbc:UUID')?.toLowerCase();
  if (!cufe || ref !== cufe) return fail(`La respuesta de la DIAN se refiere a otro documento (CUFE ${ref ?? 'ausente'}).`);
  return { check: 'dian-response', outcome: 'ok', message: 'La DIAN validó el documento (ApplicationResponse firmado, resultado 02, mismo CUFE).' };
}

/**
 * Analyzes bytes received from a supplier (ZIP with AttachedDocument + PDF, AttachedDocument
 * XML, or the invoice/note XML alone).
 *
 * @param bytes what arrived.
 * @param organizationNit this organization's NIT (the buyer the document must name).
 * @param limits size limit and the habilitación technical key.
 */
export function analyzeReceived(bytes: Uint8Array, organizationNit: string, limits: ReceptionLimits): ReceptionAnalysis {
  const checks: ReceptionCheck[] = [];
  const result: ReceptionAnalysis = {
    fields: EMPTY_FIELDS,
    checks,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    xml: null,
    attachedXml: null,
    applicationResponse: null,
    pdf: null,
    needsDianConfirmation: false,
  };
  const failed = (check: string, message: string) => {
    checks.push({ check, outcome: 'failed', message });
    return result;
  };
  if (bytes.length === 0) return failed('package', 'El archivo está vacío.');
  if (bytes.length > limits.maxBytes) return failed('package', `El archivo mide ${bytes.length} bytes; el máximo es ${limits.maxBytes}.`);

  let xmlBytes = bytes;
  if (isZip(bytes)) {
    let entries;
    try {
      entries = unzipDocuments(bytes, { maxEntries: 20, maxEntryBytes: 20 * 1024 * 1024, maxTotalBytes: 40 * 1024 * 1024 });
    } catch (e) {
      return failed('package', `ZIP inválido: ${e instanceof Error ? e.message : String(e)}`);
    }
    const xmls = entries.filter((e) => e.name.toLowerCase().endsWith('.xml'));
    const pdf = entries.find((e) => e.name.toLowerCase().endsWith('.pdf'));
    if (pdf) result.pdf = pdf.content;
    if (xmls.length === 0) return failed('package', 'El ZIP no contiene ningún archivo XML.');
    // The AttachedDocument is the one naming the container; otherwise the first XML.
    const chosen = xmls.find((e) => /AttachedDocument[\s>]/.test(decode(e.content.subarray(0, 4096)))) ?? xmls[0]!;
    xmlBytes = chosen.content;
    checks.push({ check: 'package', outcome: 'ok', message: `ZIP leído: ${entries.map((e) => e.name).join(', ')}.` });
  }

  const xmlText = decode(xmlBytes);
  let root: XmlElement;
  try {
    root = parseXml(xmlText, XML_LIMITS);
  } catch (e) {
    return failed('xml', `XML inválido o inseguro, no se procesó: ${e instanceof Error ? e.message : String(e)}`);
  }

  let documentXml = xmlText;
  let arXml: string | undefined;
  if (root.qname === 'AttachedDocument') {
    result.attachedXml = xmlText;
    const container = verifyXml(xmlText);
    checks.push(
      container.valid
        ? { check: 'attached-signature', outcome: 'ok', message: 'La firma del contenedor (AttachedDocument) es válida.' }
        : { check: 'attached-signature', outcome: 'failed', message: `La firma del contenedor (AttachedDocument) no es válida: ${container.reason ?? ''}`.trim() },
    );
    try {
      const contents = readAttachedDocument(xmlText);
      documentXml = contents.documentXml;
      arXml = contents.applicationResponseXml;
    } catch (e) {
      return failed('xml', e instanceof Error ? e.message : String(e));
    }
    try {
      root = parseXml(documentXml, XML_LIMITS);
    } catch (e) {
      return failed('xml', `El documento dentro del AttachedDocument no es XML válido: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!ROOTS[root.qname]) return failed('xml', `Tipo de documento no soportado: ${root.local} (se esperaba Invoice, CreditNote, DebitNote o AttachedDocument).`);
  result.xml = documentXml;
  result.fields = readReceivedFields(root);
  const f = result.fields;
  checks.push({ check: 'xml', outcome: 'ok', message: `Documento ${f.number ?? '(sin número)'} leído.` });

  // The supplier's signature; the habilitación CUFE can be recomputed with DIAN's public key.
  const canRecompute = f.documentType === 'invoice' && f.environment === '2';
  const verification = verifyXml(documentXml, canRecompute ? { technicalKey: limits.habilitacionTechnicalKey } : {});
  const signatureFailure = verification.checks.find((c) => !c.ok && c.check !== 'unique-code');
  checks.push(
    signatureFailure
      ? { check: 'signature', outcome: 'failed', message: signatureFailure.message }
      : { check: 'signature', outcome: 'ok', message: 'La firma del emisor es válida y el documento no cambió después de firmado.' },
  );
  const unique = verification.checks.find((c) => c.check === 'unique-code');
  if (unique) checks.push({ check: 'cufe', outcome: unique.ok ? 'ok' : 'failed', message: unique.message });
  else
    checks.push({
      check: 'cufe',
      outcome: 'skipped',
      message:
        f.documentType === 'invoice'
          ? 'El CUFE no se puede recalcular sin la clave técnica del emisor; lo valida la DIAN (ver respuesta de la DIAN).'
          : 'El CUDE de una nota no se puede recalcular sin el PIN del software del emisor; lo valida la DIAN.',
    });

  if (arXml) {
    result.applicationResponse = arXml;
    checks.push(checkDianResponse(arXml, f.cufe));
  } else {
    result.needsDianConfirmation = true;
  }

  checks.push(
    f.customerNit === organizationNit
      ? { check: 'buyer', outcome: 'ok', message: `El adquiriente es esta organización (NIT ${organizationNit}).` }
      : { check: 'buyer', outcome: 'failed', message: `El adquiriente del documento (NIT ${f.customerNit ?? 'ausente'}) no es esta organización (NIT ${organizationNit}).` },
  );
  return result;
}
