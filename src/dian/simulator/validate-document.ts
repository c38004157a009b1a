/**
 * What the simulated DIAN does with one XML document (spec/03-validation-rules.md §2 order):
 * parse → root → caller authorised for the issuer (89) → duplicate (rule 90) → signature and
 * certificate (ZE02/ZD07, with the signing module's verifier) → issuer enabled (92), software
 * registered (FAB24b/c) → the core's full rule catalog with the technical key / PIN / ranges it
 * knows and its own clock as reception date → note references (CBG/DBG) → verdict, signed
 * ApplicationResponse, storage.
 */
import { runRules } from '../../core/rules/run.js';
import { kindOfRoot } from '../../core/rules/helpers.js';
import { messageOf } from '../../core/rules/dian-table.js';
import type { AuthorizedRange, DocumentKind, Issue } from '../../core/rules/types.js';
import { parseXml, type XmlElement } from '../../core/xml/parse.js';
import { attr, first, text } from '../../core/xml/query.js';
import type { SigningIdentity } from '../../signing/pkcs12.js';
import { verifyXml, type VerifyResult } from '../../signing/verify.js';
import { buildApplicationResponse, type ResponseLine } from './application-response.js';
import type { SimulatorConfig, SoftwareConfig } from './config.js';
import type { SimDianResponse, SimulatorState, StoredDocument, StoredKind } from './state.js';

/** Everything the pipeline needs besides the XML. */
export interface ValidationContext {
  config: SimulatorConfig;
  state: SimulatorState;
  /** Simulator's identity for the ApplicationResponse. */
  identity: SigningIdentity;
  /** NIT read from the caller's certificate (undefined when none). */
  callerNit: string | undefined;
  now: Date;
  /** Name of the XML entry inside the ZIP. */
  entryName: string;
  zipKey?: string;
  testSetId?: string;
}

/** Result: a refusal before validation (89), or DIAN's verdict (stored unless duplicate). */
export type DocumentVerdict =
  | { kind: 'refused'; statusCode: '89'; message: string }
  | { kind: 'processed'; response: SimDianResponse; stored?: StoredDocument; documentKind?: StoredKind; typeCode?: string };

const SUPPLIER_TAX = 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme';
const CUSTOMER_TAX = 'cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme';
const DIAN_EXT = 'ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/sts:DianExtensions';

const LETTER: Record<DocumentKind, string> = { invoice: 'F', 'credit-note': 'C', 'debit-note': 'D' };
const TITLE: Record<DocumentKind, string> = {
  invoice: 'La Factura electrónica',
  'credit-note': 'La Nota crédito electrónica',
  'debit-note': 'La Nota débito electrónica',
};

/** Colombia (UTC−5, no DST) date of an instant. */
export function colombiaDate(d: Date): string {
  return new Date(d.getTime() - 5 * 3600_000).toISOString().slice(0, 10);
}

/** Colombia time `HH:mm:ss-05:00` of an instant. */
export function colombiaTime(d: Date): string {
  return `${new Date(d.getTime() - 5 * 3600_000).toISOString().slice(11, 19)}-05:00`;
}

/** `SETP990000001` → `SETP-990000001`, as DIAN's StatusMessage writes numbers. */
function displayNumber(id: string): string {
  const m = /^([A-Za-z]+)(\d+)$/.exec(id);
  return m ? `${m[1]}-${m[2]}` : id;
}

/** The file name DIAN echoes in XmlFileName: the ZIP entry without folders or `.xml`. */
export function entryStem(entryName: string): string {
  return entryName.replace(/\.xml$/, '').replace(/^.*\//, '');
}

/** DIAN's answer for a document (or event) with rejections: status 99 and the rule lines. */
export function rejectedResponse(fileName: string, errorMessages: string[], key?: string): SimDianResponse {
  return {
    errorMessages,
    isValid: false,
    statusCode: '99',
    statusDescription: 'Validación contiene errores en campos mandatorios.',
    statusMessage: 'Documento con errores en campos mandatorios.',
    xmlFileName: fileName,
    ...(key && { xmlDocumentKey: key }),
  };
}

/** A rule line in DIAN's form. */
export function ruleLine(ruleId: string, severity: 'rejection' | 'notification', message: string): string {
  return `Regla: ${ruleId}, ${severity === 'rejection' ? 'Rechazo' : 'Notificación'}: ${message}`;
}

/** The rule ID of the same check for another document kind (`FAB24b` → `CAB24b`), when DIAN has one. */
function idFor(kind: DocumentKind, invoiceId: string): string {
  const candidate = LETTER[kind] + invoiceId.slice(1);
  return messageOf(candidate) !== undefined || kind === 'invoice' ? candidate : invoiceId;
}

function issue(ruleId: string, message: string, path = '/', severity: 'rejection' | 'notification' = 'rejection'): Issue {
  return { layer: 'dian', ruleId, severity, path, message };
}

/** Maps the verifier's failed checks to DIAN's rules. */
function signatureIssues(result: VerifyResult): Issue[] {
  const out: Issue[] = [];
  for (const c of result.checks) {
    if (c.ok) continue;
    if (c.check === 'unique-code') continue; // the rule catalog reports FAD06/CAD06 itself
    if (c.check === 'certificate-validity') out.push(issue('ZD07', c.message));
    else out.push(issue('ZE02', `Valor de la firma inválido. ${c.message}`));
  }
  return out;
}

/** Software registered for the issuer (or any, when the issuer NIT is unknown). */
export function softwareFor(config: SimulatorConfig, softwareId: string | undefined): SoftwareConfig | undefined {
  if (!softwareId) return undefined;
  return config.software.find((s) => s.id.toLowerCase() === softwareId.toLowerCase());
}

/** Whether the issuer is enabled (habilitado) with some active software. */
function issuerEnabled(config: SimulatorConfig, nit: string): boolean {
  return config.software.some((s) => (s.issuers ?? [s.ownerNit]).includes(nit));
}

/** Whether the caller may send documents of this issuer: itself, or the owner of a software enabled for it. */
export function callerAuthorized(config: SimulatorConfig, callerNit: string, issuerNit: string): boolean {
  if (callerNit === issuerNit) return true;
  return config.software.some((s) => s.ownerNit === callerNit && (s.issuers ?? [s.ownerNit]).includes(issuerNit));
}

/** Numbering ranges the simulator knows for an issuer, as the rule catalog wants them. */
export function rangesOf(config: SimulatorConfig, nit: string): AuthorizedRange[] {
  return config.numberingRanges
    .filter((r) => r.nit === nit)
    .map((r) => ({
      resolution: r.resolutionNumber,
      prefix: r.prefix,
      from: r.fromNumber,
      to: r.toNumber,
      startDate: r.validDateFrom,
      endDate: r.validDateTo,
      technicalKey: r.technicalKey,
    }));
}

/** Runs the pipeline on one XML document. */
export function validateDocument(xml: string, ctx: ValidationContext): DocumentVerdict {
  const fileName = entryStem(ctx.entryName);
  const reject = (issues: Issue[], key?: string): DocumentVerdict => ({
    kind: 'processed',
    response: rejectedResponse(fileName, issues.map((i) => ruleLine(i.ruleId, i.severity, i.message)), key),
  });

  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    return reject([issue('ZB01', `${messageOf('ZB01') ?? 'Fallo en el esquema XML del archivo'} - ${e instanceof Error ? e.message : String(e)}`)]);
  }
  const kind = kindOfRoot(root);
  if (!kind) return reject([issue('ZB05', messageOf('ZB05') ?? 'XML informado no corresponde a un tipo de documento valido')]);

  const number = text(root, 'cbc:ID') ?? '';
  const documentKey = text(root, 'cbc:UUID') ?? '';
  const issueDate = text(root, 'cbc:IssueDate') ?? '';
  const issuerNit = text(root, `${SUPPLIER_TAX}/cbc:CompanyID`) ?? '';
  const receiverNit = text(root, `${CUSTOMER_TAX}/cbc:CompanyID`);
  const typeCode = kind === 'invoice' ? (text(root, 'cbc:InvoiceTypeCode') ?? '01') : kind === 'credit-note' ? '91' : '92';
  const softwareId = text(root, `${DIAN_EXT}/sts:SoftwareProvider/sts:SoftwareID`);
  const minimum: Issue[] = [];
  if (!documentKey) minimum.push(issue(idFor(kind, 'FAD06'), messageOf(idFor(kind, 'FAD06')) ?? 'El valor UUID no está correctamente calculado.', `/${root.qname}/cbc:UUID`));
  if (!number) minimum.push(issue(idFor(kind, 'FAD05a'), 'El número del documento (cbc:ID) no puede estar vacío.', `/${root.qname}/cbc:ID`));
  if (!issuerNit) minimum.push(issue(idFor(kind, 'FAJ21'), 'El NIT del Emisor no puede estar vacío.', `/${root.qname}/${SUPPLIER_TAX}/cbc:CompanyID`));
  if (minimum.length > 0) return reject(minimum, documentKey || undefined);

  // 89: the caller's certificate must identify a NIT authorised for the issuer.
  const sec = ctx.config.security;
  if (sec.checkSenderAuthorization && ctx.callerNit !== undefined && !callerAuthorized(ctx.config, ctx.callerNit, issuerNit)) {
    return { kind: 'refused', statusCode: '89', message: `NIT ${ctx.callerNit} no autorizado a enviar documentos para emisor con NIT ${issuerNit}.` };
  }

  // Rule 90: the earlier document's key and ApplicationResponse come back.
  const duplicate = ctx.state.findAcceptedDuplicate({ issuerNit, typeCode, number, documentKey });
  if (duplicate) {
    return {
      kind: 'processed',
      documentKind: kind,
      typeCode,
      response: {
        errorMessages: [ruleLine('90', 'rejection', messageOf('90') ?? 'Documento procesado anteriormente')],
        isValid: false,
        statusCode: '99',
        statusDescription: 'Validación contiene errores en campos mandatorios.',
        statusMessage: `Documento ${duplicate.number} procesado anteriormente. CUFE ${duplicate.documentKey}`,
        xmlDocumentKey: duplicate.documentKey,
        xmlFileName: fileName,
        ...(duplicate.response.xmlBase64 && { xmlBase64: duplicate.response.xmlBase64 }),
      },
    };
  }

  const issues: Issue[] = [];
  // Environment (UNCONFIRMED id: the Anexo's old example calls it AC38b; we report FAD04/CAD04/DAD04).
  const expectedEnv = ctx.config.environment === 'habilitacion' ? '2' : '1';
  const env = text(root, 'cbc:ProfileExecutionID');
  if (env && env !== expectedEnv) {
    issues.push(issue(idFor(kind, 'FAD04'), 'Documento fue enviado para el ambiente errado (producción o pruebas)', `/${root.qname}/cbc:ProfileExecutionID`));
  }

  // Signature and certificate at the signing time.
  issues.push(...signatureIssues(verifyXml(xml)));

  // Issuer enabled, software registered and active.
  if (!issuerEnabled(ctx.config, issuerNit)) {
    issues.push(issue('92', messageOf('92') ?? 'El Emisor del Documento no se encuentra Habilitado en la Plataforma.'));
  }
  const software = softwareFor(ctx.config, softwareId);
  const softwarePath = `/${root.qname}/${DIAN_EXT}/sts:SoftwareProvider/sts:SoftwareID`;
  if (softwareId && (!software || !(software.issuers ?? [software.ownerNit]).includes(issuerNit))) {
    issues.push(issue(idFor(kind, 'FAB24b'), messageOf(idFor(kind, 'FAB24b')) ?? 'Software no autorizado para este OFE.', softwarePath));
  } else if (software && !software.active) {
    issues.push(issue(idFor(kind, 'FAB24c'), messageOf(idFor(kind, 'FAB24c')) ?? 'Identificador del software informado se encuentra inactivo.', softwarePath));
  }

  // The rule catalog, with what DIAN knows about this issuer.
  const ranges = rangesOf(ctx.config, issuerNit);
  const prefix = text(root, `${DIAN_EXT}/sts:InvoiceControl/sts:AuthorizedInvoices/sts:Prefix`);
  const range = ranges.find((r) => r.prefix === prefix) ?? ranges.find((r) => r.prefix !== '' && number.startsWith(r.prefix));
  const report = runRules(root, kind, {
    technicalKey: range?.technicalKey ?? ctx.config.habilitacionTechnicalKey,
    ...(software && { softwarePin: software.pin }),
    authorizedRanges: ranges,
    receptionDate: colombiaDate(ctx.now),
  });
  issues.push(...report.issues);

  // Notes: the referenced invoice must exist at DIAN, be the same issuer's, and not be later.
  if (kind !== 'invoice') {
    const ref = first(root, 'cac:BillingReference/cac:InvoiceDocumentReference');
    const refKey = text(ref, 'cbc:UUID');
    const has = (id: string) => issues.some((i) => i.ruleId === id);
    const refPath = `/${root.qname}/cac:BillingReference/cac:InvoiceDocumentReference/cbc:UUID`;
    if (ref && refKey) {
      const invoice = ctx.state.document(refKey);
      const id04a = idFor(kind, 'CBG04a'.replace(/^C/, 'F'));
      if (!invoice || !invoice.accepted || invoice.kind !== 'invoice') {
        if (!has(id04a)) issues.push(issue(id04a, messageOf(id04a) ?? 'Documento referenciado no existe en los registros de la DIAN.', refPath));
      } else {
        const id04b = idFor(kind, 'FBG04b');
        if (invoice.issuerNit !== issuerNit) issues.push(issue(id04b, messageOf(id04b) ?? 'Documento referenciado no pertenece al emisor.', refPath));
        const id06 = idFor(kind, 'FBG06');
        if (issueDate && invoice.issueDate && issueDate < invoice.issueDate) {
          issues.push(issue(id06, messageOf(id06) ?? 'Fecha de emisión de la nota es anterior a la fecha de emisión de FE referenciada.', `/${root.qname}/cbc:IssueDate`));
        }
      }
    } else {
      const customization = text(root, 'cbc:CustomizationID');
      const id02 = idFor(kind, 'FBG02');
      if ((customization === '20' || customization === '30') && !has(id02)) {
        issues.push(issue(id02, messageOf(id02) ?? 'Se requiere obligatoriamente referencia a documento.', `/${root.qname}/cac:BillingReference`));
      }
    }
  }

  const rejections = issues.filter((i) => i.severity === 'rejection');
  const notifications = issues.filter((i) => i.severity === 'notification');
  const accepted = rejections.length === 0;
  const lines: ResponseLine[] = accepted
    ? [{ code: '0', description: `${TITLE[kind]} ${displayNumber(number)}, ha sido autorizada.` }, ...notifications.map((i) => ({ code: i.ruleId, description: i.message }))]
    : [...rejections, ...notifications].map((i) => ({ code: i.ruleId, description: i.message }));
  const responseNumber = ctx.state.nextResponseNumber();
  const ar = buildApplicationResponse(
    {
      profileExecutionId: expectedEnv,
      id: String(responseNumber).padStart(9, '0'),
      issueDate: colombiaDate(ctx.now),
      issueTime: colombiaTime(ctx.now),
      receiver: {
        name: text(root, `${SUPPLIER_TAX}/cbc:RegistrationName`) ?? '',
        companyId: issuerNit,
        ...(attr(root, `${SUPPLIER_TAX}/cbc:CompanyID`, 'schemeID') !== undefined && { dv: attr(root, `${SUPPLIER_TAX}/cbc:CompanyID`, 'schemeID')! }),
        schemeName: attr(root, `${SUPPLIER_TAX}/cbc:CompanyID`, 'schemeName') ?? '31',
      },
      responseCode: accepted ? '02' : '04',
      document: { id: number, uuid: documentKey, uuidScheme: attr(root, 'cbc:UUID', 'schemeName') ?? (kind === 'invoice' ? 'CUFE-SHA384' : 'CUDE-SHA384') },
      lines,
      signingTime: ctx.now,
    },
    ctx.identity,
  );
  const xmlBase64 = Buffer.from(ar, 'utf8').toString('base64');
  const ordered = [...rejections, ...notifications];
  const response: SimDianResponse = accepted
    ? {
        errorMessages: notifications.map((i) => ruleLine(i.ruleId, 'notification', i.message)),
        isValid: true,
        statusCode: '00',
        statusDescription: 'Procesado Correctamente.',
        statusMessage: `${TITLE[kind]} ${displayNumber(number)}, ha sido autorizada.`,
        xmlBase64,
        xmlDocumentKey: documentKey,
        xmlFileName: fileName,
      }
    : {
        errorMessages: ordered.map((i) => ruleLine(i.ruleId, i.severity, i.message)),
        isValid: false,
        statusCode: '99',
        statusDescription: 'Validación contiene errores en campos mandatorios.',
        statusMessage: 'Documento con errores en campos mandatorios.',
        xmlBase64,
        xmlDocumentKey: documentKey,
        xmlFileName: fileName,
      };
  const stored: StoredDocument = {
    documentKey,
    kind,
    typeCode,
    number,
    issuerNit,
    ...(receiverNit !== undefined && { receiverNit }),
    issueDate,
    fileName,
    accepted,
    response,
    xml,
    receivedAt: ctx.now.toISOString(),
    ...(softwareId !== undefined && { softwareId }),
    ...(ctx.zipKey !== undefined && { zipKey: ctx.zipKey }),
    ...(ctx.testSetId !== undefined && { testSetId: ctx.testSetId }),
  };
  // A rejected copy never overwrites an accepted document with the same key.
  const existing = ctx.state.document(documentKey);
  if (!existing?.accepted) ctx.state.putDocument(stored);
  return { kind: 'processed', response, stored, documentKind: kind, typeCode };
}
