import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseDocumentInput, type InputIssue } from '../core/input/parse.js';
import type { DocumentInput, DocumentInputRaw } from '../core/input/schema.js';
import { dianFileName } from '../core/identity/index.js';
import { formatAmount } from '../core/money/money.js';
import { prepareDocument } from '../core/pipeline.js';
import type { ValidationReport } from '../core/rules/types.js';
import { buildDocument, BuildError, type BuiltDocument } from '../core/ubl/build.js';
import { FINAL_CONSUMER_ID } from './catalog.js';
import { requireSigningIdentity } from './certificates.js';
import { colombiaDateTime, addDays } from './colombia-time.js';
import type { AppDeps } from './context.js';
import { AppError, notFound, type FieldIssue } from './errors.js';
import { pickRange } from './numbering.js';
import { requireOrganization, softwarePin } from './organizations.js';
import type { DocumentFilter, SignerIdentity } from './ports.js';
import type { DocumentKind, DocumentRecord, NewDocument, NumberingRangeRecord, OrganizationRecord, StoredDocument } from './records.js';

const ID = z.string().min(1).max(100);

/** A line given by catalog item (values from the item, overridable) or inline (core line fields). */
const lineRequestSchema = z.looseObject({
  itemId: ID.optional(),
  quantity: z.union([z.string(), z.number()]),
});

/**
 * The body of "create a document". Customer and lines come from the catalog by ID or inline;
 * everything else follows the core input contract (`documentInputSchema`). The platform fills
 * supplier, software, numbering, environment, number and issue date/time: those fields are
 * ignored if sent.
 */
export const documentRequestSchema = z.looseObject({
  kind: z.enum(['invoice', 'credit-note', 'debit-note'], { message: 'Tipo de documento: invoice, credit-note o debit-note' }),
  numberingRangeId: ID.optional(),
  customerId: ID.optional(),
  customer: z.record(z.string(), z.unknown()).optional(),
  paymentMethodId: ID.optional(),
  payment: z.record(z.string(), z.unknown()).optional(),
  /** For notes: the invoice being corrected (reference and CUFE are filled in). */
  referencedDocumentId: ID.optional(),
  lines: z.array(lineRequestSchema).min(1, 'El documento debe tener al menos una línea').max(1000).optional(),
});
/** Parsed create-document body. */
export type DocumentRequest = z.output<typeof documentRequestSchema>;

/** Fields the platform owns; values sent by clients are dropped. */
const PLATFORM_FIELDS = ['supplier', 'software', 'numberingRange', 'environment', 'number', 'consecutive', 'issueDate', 'issueTime', 'billingReference'] as const;

/** Outcome of a create request: new, or the one an earlier request with the same Idempotency-Key created. */
export interface CreateDocumentResult {
  document: StoredDocument;
  replayed: boolean;
  /** Non-blocking DIAN notifications found by local validation. */
  notifications: FieldIssue[];
}

/** Stable SHA-256 of a JSON body (key order does not matter). */
export function hashRequest(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function inputIssues(issues: InputIssue[]): FieldIssue[] {
  return issues.map((i) => ({ path: i.path, message: i.message, ...(i.ruleId && { ruleId: i.ruleId, severity: 'rejection' as const }) }));
}

function reportIssues(report: ValidationReport, severity: 'rejection' | 'notification'): FieldIssue[] {
  return report.issues.filter((i) => i.severity === severity).map((i) => ({ path: i.path, message: i.message, ruleId: i.ruleId, severity: i.severity }));
}

/** The core input of the issuer. */
export function supplierParty(org: OrganizationRecord): DocumentInputRaw['supplier'] {
  return {
    personType: org.personType,
    idType: '31',
    id: org.nit,
    dv: org.dv,
    name: org.legalName,
    ...(org.commercialName && { commercialName: org.commercialName }),
    responsibilities: org.responsibilities,
    taxScheme: org.taxScheme,
    ...(org.regime && { regime: org.regime }),
    address: org.address,
    ...(org.email && { email: org.email }),
    ...(org.phone && { phone: org.phone }),
    ...(org.industryCodes.length > 0 && { industryCodes: org.industryCodes }),
    ...(org.commercialRegistration && { commercialRegistration: org.commercialRegistration }),
  };
}

/** What issuing needs besides the request: organization, range, keys, identity, date. */
export interface IssueContext {
  org: OrganizationRecord;
  range: NumberingRangeRecord;
  pin: string;
  technicalKey: string | undefined;
  identity: SignerIdentity;
  now: Date;
}

/** The core input for a given consecutive: the platform's fields over the request's. */
export function coreInput(ctx: IssueContext, body: Record<string, unknown>, consecutive: bigint): Record<string, unknown> {
  const { org, range, now } = ctx;
  const at = colombiaDateTime(now);
  const input: Record<string, unknown> = { ...body };
  for (const f of PLATFORM_FIELDS) delete input[f];
  if (body.billingReference) input.billingReference = body.billingReference;
  Object.assign(input, {
    environment: org.environment,
    issueDate: at.date,
    issueTime: at.time,
    software: { id: org.softwareId, pin: ctx.pin, ...(org.softwareProviderNit && { providerNit: org.softwareProviderNit }) },
    supplier: supplierParty(org),
  });
  if (range.documentKind === 'invoice') {
    input.consecutive = Number(consecutive);
    input.numberingRange = {
      resolution: range.resolution,
      prefix: range.prefix,
      from: Number(range.fromNumber),
      to: Number(range.toNumber),
      startDate: range.validFrom,
      endDate: range.validTo,
      ...(ctx.technicalKey && { technicalKey: ctx.technicalKey }),
    };
  } else {
    input.number = `${range.prefix}${consecutive}`;
  }
  return input;
}

const FILE_PREFIX = { invoice: 'fv', 'credit-note': 'nc', 'debit-note': 'nd' } as const;

/** The stored input never carries secrets: the PIN and technical key are masked (and put back to build). */
function maskSecrets(input: DocumentInput): Record<string, unknown> {
  return {
    ...input,
    software: { ...input.software, pin: MASK },
    ...(input.numberingRange && { numberingRange: { ...input.numberingRange, technicalKey: input.numberingRange.technicalKey ? MASK : undefined } }),
  };
}

const MASK = '***';

/** The row to insert for a validated input; the store adds the number it allocates. */
function draftOf(ctx: IssueContext, input: DocumentInput, totals: BuiltDocument['computed']['totals']): NewDocument {
  return {
    documentKind: input.kind,
    prefix: ctx.range.prefix,
    environment: ctx.org.environment,
    issueDate: input.issueDate,
    issueTime: input.issueTime,
    customerIdNumber: input.customer.id,
    customerName: input.customer.name,
    currency: input.currency,
    lineExtensionMinor: totals.lineExtension,
    taxExclusiveMinor: totals.taxExclusive,
    taxInclusiveMinor: totals.taxInclusive,
    payableMinor: totals.payable,
    input: maskSecrets(input),
    referencedDocumentId: null,
  };
}

/** True once the document's XML has been built and signed. */
export function isSigned(d: StoredDocument): d is DocumentRecord {
  return d.signedXml !== null && d.uuid !== null && d.fileName !== null;
}

/**
 * Builds and signs a committed document that is not signed yet (the worker does it before
 * sending; downloads and notes do it on demand). Everything comes from the row: the input
 * completed with the allocated number, the fixed issue date/time, and `createdAt` as the
 * signing time; the PIN and technical key from the organization and range. The XML is saved
 * once (a concurrent signer's copy wins and is the one returned): only stored bytes are sent.
 */
export async function ensureSigned(deps: AppDeps, doc: StoredDocument): Promise<DocumentRecord> {
  if (isSigned(doc)) return doc;
  const org = await requireOrganization(deps, doc.organizationId);
  const range = doc.numberingRangeId ? await deps.store.getNumberingRange(doc.organizationId, doc.numberingRangeId) : undefined;
  const identity = await requireSigningIdentity(deps, doc.organizationId);
  const stored = doc.input as Record<string, unknown> & { software: Record<string, unknown>; numberingRange?: Record<string, unknown> };
  const input: Record<string, unknown> = { ...stored, software: { ...stored.software, pin: softwarePin(deps, org) } };
  if (stored.numberingRange?.technicalKey === MASK) {
    if (!range?.technicalKeyEnc) throw new AppError('unexpected_state', `El rango de numeración de ${doc.number} ya no tiene clave técnica`);
    input.numberingRange = { ...stored.numberingRange, technicalKey: deps.secrets.open(range.technicalKeyEnc).toString('utf8') };
  }
  const parsed = parseDocumentInput(input);
  if (!parsed.ok) throw new AppError('invalid_data', `El documento ${doc.number} no se pudo construir`, { issues: inputIssues(parsed.issues) });
  let built: BuiltDocument;
  try {
    built = buildDocument(parsed.value);
  } catch (e) {
    if (e instanceof BuildError) throw new AppError('invalid_data', `El documento ${doc.number} no se pudo construir: ${e.message}`, { issues: [{ path: e.field, message: e.message }] });
    throw e;
  }
  const signedXml = await deps.signer.sign(built.xml, identity, doc.createdAt);
  const year = Number(parsed.value.issueDate.slice(0, 4));
  const fileName = dianFileName({ prefix: FILE_PREFIX[built.kind], nit: org.nit, year, sequence: Number(doc.consecutive % 0xffffffffn) || 1 }).replace(/\.xml$/, '');
  const saved = (await deps.store.saveSignedDocument(doc.organizationId, doc.id, { uuid: built.uuid, signedXml, fileName }, deps.clock.now())) ?? (await deps.store.getDocument(doc.organizationId, doc.id));
  if (!saved || !isSigned(saved)) throw new AppError('unexpected_state', `El documento ${doc.number} no se pudo guardar firmado`);
  return saved;
}

/** Loads what issuing needs and checks the organization may issue. */
export async function issueContext(deps: AppDeps, organizationId: string, kind: DocumentKind, rangeId: string | undefined, opts: { habilitacion?: boolean } = {}): Promise<IssueContext> {
  const org = await requireOrganization(deps, organizationId);
  if (!opts.habilitacion && !org.einvoicingEnabled) {
    throw new AppError('unexpected_state', 'La organización aún no está habilitada como facturador electrónico: complete la habilitación y active la facturación electrónica');
  }
  if (!org.softwareId) throw new AppError('unexpected_state', 'Configure el SoftwareID asignado por la DIAN');
  const pin = softwarePin(deps, org);
  const now = deps.clock.now();
  const range = await pickRange(deps, organizationId, kind, colombiaDateTime(now).date, rangeId);
  const identity = await requireSigningIdentity(deps, organizationId);
  const technicalKey = range.technicalKeyEnc ? deps.secrets.open(range.technicalKeyEnc).toString('utf8') : undefined;
  return { org, range, pin, technicalKey, identity, now };
}

/** Expands catalog references (customer, payment method, items, referenced invoice) into core fields. */
export async function expandRequest(deps: AppDeps, organizationId: string, req: DocumentRequest, now: Date): Promise<{ body: Record<string, unknown>; referenced: StoredDocument | undefined }> {
  const body: Record<string, unknown> = { ...req };
  delete body.numberingRangeId;
  delete body.customerId;
  delete body.paymentMethodId;
  delete body.referencedDocumentId;
  let referenced: DocumentRecord | undefined;
  if (req.referencedDocumentId) {
    if (req.kind === 'invoice') throw new AppError('invalid_data', 'Solo las notas referencian una factura', { issues: [{ path: 'referencedDocumentId', message: 'No aplica a facturas' }] });
    const found = await deps.store.getDocument(organizationId, req.referencedDocumentId);
    if (!found || found.documentKind !== 'invoice') throw new AppError('invalid_data', 'La factura referenciada no existe', { issues: [{ path: 'referencedDocumentId', message: 'Factura no encontrada' }] });
    if (found.status === 'rejected' || found.status === 'failed') throw new AppError('unexpected_state', `La factura ${found.number} no fue aceptada por la DIAN (estado: ${found.status}); no se le pueden hacer notas`);
    // The note carries the invoice's CUFE: sign the invoice now if the worker has not yet.
    referenced = await ensureSigned(deps, found);
    const inv = referenced.input as Record<string, unknown>;
    body.billingReference = { number: referenced.number, cufe: referenced.uuid, issueDate: referenced.issueDate };
    body.customer ??= inv.customer;
    body.currency ??= inv.currency;
    if (inv.exchangeRate) body.exchangeRate ??= inv.exchangeRate;
    body.payment ??= { form: '1', means: (inv.payment as { means?: string } | undefined)?.means ?? '10' };
    if (!req.lines) body.lines = ((inv.lines as Array<Record<string, unknown>>) ?? []).map((l) => ({ ...l, withholdings: [] }));
    if (req.kind === 'credit-note' && !body.discrepancy && !req.lines) body.discrepancy = { code: '2', description: 'Anulación de factura electrónica' };
  } else if (req.kind !== 'invoice' && !body.invoicePeriod && !body.operationType) {
    // A note without reference must say so (CustomizationID 22/32) and give the period.
    body.operationType = req.kind === 'credit-note' ? '22' : '32';
  }
  if (req.customerId) {
    const c = await deps.store.getCustomer(organizationId, req.customerId);
    if (!c) throw new AppError('invalid_data', 'El cliente no existe', { issues: [{ path: 'customerId', message: 'Cliente no encontrado' }] });
    body.customer = { ...c.party, ...(c.receptionEmails[0] && { email: c.receptionEmails[0] }) };
  }
  if (!body.customer) throw new AppError('invalid_data', 'Indique el cliente (customerId o customer)', { issues: [{ path: 'customerId', message: 'Requerido: customerId o customer' }] });
  if (req.paymentMethodId) {
    const p = await deps.store.getPaymentMethod(organizationId, req.paymentMethodId);
    if (!p) throw new AppError('invalid_data', 'El medio de pago no existe', { issues: [{ path: 'paymentMethodId', message: 'Medio de pago no encontrado' }] });
    const today = colombiaDateTime(now).date;
    body.payment = { form: p.form, means: p.means, ...(p.form === '2' && { dueDate: addDays(today, p.dueDays ?? 30) }) };
  }
  if (req.lines) {
    body.lines = await Promise.all(
      req.lines.map(async (line, i) => {
        if (!line.itemId) return line;
        const item = await deps.store.getItem(organizationId, line.itemId);
        if (!item) throw new AppError('invalid_data', `El producto de la línea ${i + 1} no existe`, { issues: [{ path: `lines[${i}].itemId`, message: 'Producto no encontrado' }] });
        const { itemId: _itemId, ...rest } = line;
        return {
          description: item.description,
          code: item.code,
          ...(item.standardItemId && { standardItemId: item.standardItemId }),
          unitCode: item.unitCode,
          unitPrice: item.unitPrice,
          taxes: item.taxes,
          withholdings: req.kind === 'invoice' ? item.withholdings : [],
          ...rest,
        };
      }),
    );
  }
  if (!body.lines) throw new AppError('invalid_data', 'El documento debe tener al menos una línea', { issues: [{ path: 'lines', message: 'Requerido' }] });
  const customer = body.customer as { id?: string };
  if (customer.id === FINAL_CONSUMER_ID && req.kind === 'invoice') body.operationType ??= '10';
  return { body, referenced };
}

/**
 * Creates and issues a document: validation first (a document DIAN would reject gets a 422
 * with the rule report and consumes no number — pitfall 14), then, in one short transaction,
 * allocate number → insert → enqueue; build and sign follow outside any lock. Idempotency-Key: same key and body →
 * the same document; same key, other body → conflict.
 */
export async function createDocument(deps: AppDeps, organizationId: string, req: DocumentRequest, rawBody: unknown, idempotencyKey: string | null): Promise<CreateDocumentResult> {
  const requestHash = idempotencyKey ? hashRequest(rawBody) : null;
  if (idempotencyKey) {
    const existing = await deps.store.findDocumentByIdempotencyKey(organizationId, idempotencyKey);
    if (existing) {
      if (existing.requestHash !== requestHash) throw new AppError('conflict', 'La Idempotency-Key ya se usó con otro contenido', { detail: { documentId: existing.id } });
      return { document: existing, replayed: true, notifications: [] };
    }
  }
  const ctx = await issueContext(deps, organizationId, req.kind, req.numberingRangeId);
  const { body, referenced } = await expandRequest(deps, organizationId, req, ctx.now);
  return issuePrepared(deps, ctx, body, { idempotencyKey, requestHash, referencedDocumentId: referenced?.id ?? null, habilitacionRunId: null, enqueue: true });
}

/**
 * Validates `body` for the range's next number (nothing is consumed if DIAN would reject it),
 * then stores it in one short transaction: allocate number → insert → enqueue. Building and
 * signing for the allocated number happen after commit ({@link ensureSigned}).
 */
export async function issuePrepared(
  deps: AppDeps,
  ctx: IssueContext,
  body: Record<string, unknown>,
  opts: { idempotencyKey: string | null; requestHash: string | null; referencedDocumentId: string | null; habilitacionRunId: string | null; enqueue: boolean },
): Promise<CreateDocumentResult> {
  const today = colombiaDateTime(ctx.now).date;
  // Another request may take this number first: the document is validated with it and stored
  // with the one allocated. Only the number (and so the CUFE/CUDE) differs, and the rules that
  // depend on it hold because the allocation stays inside the same authorized range.
  const provisional = ctx.range.nextNumber <= ctx.range.toNumber ? ctx.range.nextNumber : ctx.range.toNumber;
  const raw = coreInput(ctx, body, provisional);
  const prepared = prepareDocument(raw, { receptionDate: today });
  if (!prepared.ok) throw new AppError('invalid_data', 'El documento tiene datos inválidos', { issues: inputIssues(prepared.issues) });
  if (!prepared.report.ok) {
    const rejections = reportIssues(prepared.report, 'rejection');
    throw new AppError('invalid_data', `La DIAN rechazaría el documento: ${rejections.map((r) => r.ruleId).join(', ')}`, {
      issues: rejections,
      detail: { report: prepared.report },
    });
  }
  const notifications = reportIssues(prepared.report, 'notification');
  const outcome = await deps.store.issueDocument({
    organizationId: ctx.org.id,
    numberingRangeId: ctx.range.id,
    idempotencyKey: opts.idempotencyKey,
    requestHash: opts.requestHash,
    referencedDocumentId: opts.referencedDocumentId,
    habilitacionRunId: opts.habilitacionRunId,
    draft: draftOf(ctx, prepared.input, prepared.built.computed.totals),
    enqueue: opts.enqueue,
    maxAttempts: deps.config.maxSendAttempts,
    now: ctx.now,
  });
  switch (outcome.status) {
    case 'created':
      return { document: outcome.document, replayed: false, notifications };
    case 'replayed':
      return { document: outcome.document, replayed: true, notifications: [] };
    case 'idempotency_conflict':
      throw new AppError('conflict', 'La Idempotency-Key ya se usó con otro contenido', { detail: { documentId: outcome.document.id } });
    case 'exhausted':
      throw new AppError('conflict', `El rango de numeración ${ctx.range.prefix} está agotado o inactivo`);
  }
}

/** One document of the organization, or not_found. */
export async function getDocument(deps: AppDeps, organizationId: string, id: string): Promise<StoredDocument> {
  const d = await deps.store.getDocument(organizationId, id);
  if (!d) throw notFound('Documento');
  return d;
}

/** Lists documents. */
export function listDocuments(deps: AppDeps, organizationId: string, filter: DocumentFilter & { search?: string }): Promise<StoredDocument[]> {
  const { search, ...rest } = filter;
  // One search box for people: a CUFE/CUDE (96 hex characters) or a document number.
  const s = search?.replace(/\s+/g, '');
  if (!s) return deps.store.listDocuments(organizationId, rest);
  return deps.store.listDocuments(organizationId, /^[0-9a-f]{96}$/i.test(s) ? { ...rest, uuid: s.toLowerCase() } : { ...rest, number: s.toUpperCase() });
}

/** Sends a failed document again (the user's retry). */
export async function retryDocument(deps: AppDeps, organizationId: string, id: string): Promise<StoredDocument> {
  const d = await getDocument(deps, organizationId, id);
  if (d.status !== 'failed') throw new AppError('unexpected_state', `Solo se reintentan documentos fallidos (estado actual: ${d.status})`);
  const r = await deps.store.requeueDocument(organizationId, id, deps.config.maxSendAttempts, deps.clock.now());
  if (!r) throw new AppError('unexpected_state', 'El documento cambió de estado; consulte de nuevo');
  return r;
}

/** Dashboard: documents sent in the last 30 days by kind and status (`received` is filled by the server from reception). */
export async function dashboard(deps: AppDeps, organizationId: string): Promise<{ since: string; sent: Record<string, Record<string, number>>; received: Record<string, number>; total: number }> {
  const since = new Date(deps.clock.now().getTime() - 30 * 86_400_000);
  const rows = await deps.store.documentStats(organizationId, since);
  const sent: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const r of rows) {
    (sent[r.kind] ??= {})[r.status] = r.count;
    total += r.count;
  }
  // Received documents live in the reception module (its own deps): the server adds their counts.
  return { since: colombiaDateTime(since).date, sent, received: {}, total };
}

/** The public JSON view of a document. */
export function viewDocument(d: StoredDocument) {
  return {
    id: d.id,
    kind: d.documentKind,
    number: d.number,
    uuid: d.uuid,
    status: d.status,
    environment: d.environment,
    issueDate: d.issueDate,
    issueTime: d.issueTime,
    customer: { id: d.customerIdNumber, name: d.customerName },
    currency: d.currency,
    totals: {
      lineExtension: formatAmount(d.lineExtensionMinor),
      taxExclusive: formatAmount(d.taxExclusiveMinor),
      taxInclusive: formatAmount(d.taxInclusiveMinor),
      payable: formatAmount(d.payableMinor),
    },
    referencedDocumentId: d.referencedDocumentId,
    dian: {
      statusCode: d.dianStatusCode,
      statusDescription: d.dianStatusDescription,
      rejections: d.dianMessages.filter((m) => m.outcome === 'rejection'),
      notifications: d.dianMessages.filter((m) => m.outcome === 'notification'),
      hasApplicationResponse: d.applicationResponse !== null,
    },
    sendAttempts: d.sendAttempts,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    finalAt: d.finalAt?.toISOString() ?? null,
  };
}
