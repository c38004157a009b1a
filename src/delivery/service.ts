/**
 * Delivery to the buyer (issue #6, spec/02-services.md §9, pitfall 13): once DIAN accepts a
 * document, a delivery is created and its job enqueued (durable queue); the job builds the
 * package (signed AttachedDocument + PDF in a DIAN-named ZIP), sends the e-mail to every
 * reception address of the customer and records each attempt with the mail server's answer.
 * Connection failures and 4xx answers retry with the queue's backoff; 5xx answers (unknown
 * mailbox…) end the delivery as failed. Users may send again, to the same or other addresses.
 */
import { randomUUID } from 'node:crypto';
import { requireSigningIdentity } from '../app/certificates.js';
import { colombiaDateTime } from '../app/colombia-time.js';
import type { AppDeps } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import type { PdfRenderer } from '../app/ports.js';
import type { DocumentRecord, JobRecord, OrganizationRecord } from '../app/records.js';
import { composeDeliveryMail, MAX_MAIL_BYTES } from './mail.js';
import { buildPackage, packageNames, unsignedAttachedDocument, type PackageNames } from './package.js';
import type { DeliveryAttemptRecord, DeliveryMailer, DeliveryRecord, DeliveryStore } from './ports.js';
import { printableDocument, type PrintContext } from './printable.js';

/** Delivery settings. */
export interface DeliveryConfig {
  /** Sender address (the organization's name is the display name; replies go to its e-mail). */
  from: string;
  /** Attempts of a delivery job before the delivery is marked failed. */
  maxAttempts: number;
  /** Deliver automatically after DIAN acceptance. */
  autoSend: boolean;
  /** Software name printed on the PDF. */
  softwareName?: string;
}

/** What delivery needs: the platform's dependencies plus its own ports. */
export interface DeliveryDeps {
  app: AppDeps;
  store: DeliveryStore;
  mailer: DeliveryMailer;
  pdf: PdfRenderer;
  config: DeliveryConfig;
}

/** What the job handler tells the worker (same shape as the send job's). */
export type DeliveryJobResult = { kind: 'done' } | { kind: 'retry'; error: string };

/** A document as the store returns it: before signing its XML fields may be null. */
type AnyDocument = Omit<DocumentRecord, 'uuid' | 'signedXml' | 'fileName'> & { uuid: string | null; signedXml: string | null; fileName: string | null };

function signed(doc: AnyDocument): DocumentRecord {
  if (doc.uuid === null || doc.signedXml === null || doc.fileName === null) {
    throw new AppError('unexpected_state', `El documento ${doc.number} aún no está firmado; intente en unos segundos`);
  }
  return doc as DocumentRecord;
}

/** Resolution date, software names (and the logo, by the caller) for the PDF. */
export async function pdfContext(app: AppDeps, doc: DocumentRecord, softwareName = 'Previa'): Promise<PrintContext> {
  const range = doc.numberingRangeId ? await app.store.getNumberingRange(doc.organizationId, doc.numberingRangeId) : undefined;
  const org = await app.store.getOrganization(doc.organizationId);
  const providerNit = (doc.input as { software?: { providerNit?: string } }).software?.providerNit;
  return {
    ...(range?.resolutionDate && { resolutionDate: range.resolutionDate }),
    softwareName,
    ...(org && (!providerNit || providerNit === org.nit) && { softwareProviderName: org.legalName }),
  };
}

/** A document of the organization, signed, or an application error. */
async function requireDocument(d: DeliveryDeps, organizationId: string, documentId: string): Promise<DocumentRecord> {
  const doc = await d.app.store.getDocument(organizationId, documentId);
  if (!doc) throw notFound('Documento');
  return signed(doc);
}

/** The PDF of any signed document of the organization. */
export async function documentPdf(d: DeliveryDeps, organizationId: string, documentId: string): Promise<{ fileName: string; pdf: Uint8Array }> {
  const doc = await requireDocument(d, organizationId, documentId);
  return { fileName: `${doc.fileName}.pdf`, pdf: await d.pdf.render(doc) };
}

/** The signed AttachedDocument of an accepted document, made once and kept. */
async function attachedDocument(d: DeliveryDeps, doc: DocumentRecord): Promise<string> {
  const existing = await d.store.getAttachedDocument(doc.id);
  if (existing) return existing;
  if (doc.status !== 'accepted' || !doc.applicationResponse) {
    throw new AppError('unexpected_state', `El documento ${doc.number} no ha sido aceptado por la DIAN (estado: ${doc.status}); el AttachedDocument lleva la validación de la DIAN`);
  }
  const now = d.app.clock.now();
  const identity = await requireSigningIdentity(d.app, doc.organizationId);
  const xml = await d.app.signer.sign(unsignedAttachedDocument(doc, colombiaDateTime(now)), identity, now);
  return d.store.saveAttachedDocument(doc.organizationId, doc.id, xml, now);
}

/** The package of an accepted document: names, ZIP, and its parts. */
export interface BuiltPackage {
  names: PackageNames;
  zip: Uint8Array;
  pdf: Uint8Array;
  attachedDocumentXml: string;
}

async function buildDocumentPackage(d: DeliveryDeps, doc: DocumentRecord, org: OrganizationRecord): Promise<BuiltPackage> {
  const attachedDocumentXml = await attachedDocument(d, doc);
  const pdf = await d.pdf.render(doc);
  const names = packageNames(doc, org.nit);
  const { zip } = buildPackage(names, attachedDocumentXml, pdf, doc.finalAt ?? doc.createdAt);
  return { names, zip, pdf, attachedDocumentXml };
}

/** The ZIP (AttachedDocument + PDF) of an accepted document of the organization. */
export async function documentPackage(d: DeliveryDeps, organizationId: string, documentId: string): Promise<BuiltPackage> {
  const doc = await requireDocument(d, organizationId, documentId);
  const org = await d.app.store.getOrganization(organizationId);
  if (!org) throw notFound('Organización');
  return buildDocumentPackage(d, doc, org);
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** The customer's reception addresses: its catalog entry's, or the e-mail written in the document. */
async function receptionEmails(d: DeliveryDeps, doc: DocumentRecord): Promise<string[]> {
  const fromCatalog = await d.store.customerReceptionEmails(doc.organizationId, doc.customerIdNumber);
  const inDocument = (doc.input as { customer?: { email?: string } }).customer?.email;
  const all = [...fromCatalog, ...(inDocument ? [inDocument] : [])].map((e) => e.trim()).filter((e) => EMAIL.test(e));
  return [...new Map(all.map((e) => [e.toLowerCase(), e])).values()];
}

async function createDelivery(d: DeliveryDeps, doc: DocumentRecord, trigger: 'auto' | 'manual', recipients: string[]): Promise<DeliveryRecord> {
  const now = d.app.clock.now();
  const record = await d.store.createDelivery({ id: randomUUID(), organizationId: doc.organizationId, documentId: doc.id, trigger, recipients, createdAt: now }, d.config.maxAttempts);
  await d.app.store.audit({ organizationId: doc.organizationId, entryType: 'state_change', entity: 'document', entityId: doc.id, action: `delivery_${trigger}`, toState: 'pending', detail: { deliveryId: record.id, recipients }, createdAt: now });
  return record;
}

/**
 * After DIAN acceptance: schedules the delivery to the customer's reception addresses. Without
 * any address the delivery is recorded as failed (visible in the document's delivery status).
 */
export async function scheduleDelivery(d: DeliveryDeps, organizationId: string, documentId: string): Promise<DeliveryRecord | undefined> {
  if (!d.config.autoSend) return undefined;
  const stored = await d.app.store.getDocument(organizationId, documentId);
  if (!stored || stored.status !== 'accepted' || stored.habilitacionRunId) return undefined;
  const doc = signed(stored);
  const recipients = await receptionEmails(d, doc);
  const record = await createDelivery(d, doc, 'auto', recipients);
  return record;
}

/**
 * Sends an accepted document again (API), to the customer's addresses or to the ones given.
 *
 * @throws AppError invalid_data (bad address), unexpected_state (not accepted), not_found.
 */
export async function requestDelivery(d: DeliveryDeps, organizationId: string, documentId: string, to?: string[]): Promise<DeliveryRecord> {
  const doc = await requireDocument(d, organizationId, documentId);
  if (doc.status !== 'accepted') throw new AppError('unexpected_state', `Solo se envían documentos aceptados por la DIAN (estado actual: ${doc.status})`);
  const bad = (to ?? []).filter((e) => !EMAIL.test(e.trim()));
  if (bad.length > 0) throw new AppError('invalid_data', `Correo electrónico inválido: ${bad.join(', ')}`, { issues: bad.map((e) => ({ path: 'to', message: `Correo inválido: ${e}` })) });
  const recipients = to && to.length > 0 ? [...new Set(to.map((e) => e.trim()))] : await receptionEmails(d, doc);
  if (recipients.length === 0) throw new AppError('invalid_data', 'El cliente no tiene correos de recepción registrados; indique "to"', { issues: [{ path: 'to', message: 'Requerido: el cliente no tiene correo de recepción' }] });
  return createDelivery(d, doc, 'manual', recipients);
}

function senderAddress(org: OrganizationRecord, from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  const name = (org.commercialName ?? org.legalName).replace(/["\\\r\n]/g, '');
  return `"${name}" <${address}>`;
}

/** Runs a delivery job: one attempt, recorded with the server's answer. */
export async function processDeliveryJob(d: DeliveryDeps, job: JobRecord): Promise<DeliveryJobResult> {
  const delivery = await d.store.getDelivery(job.subjectId);
  if (!delivery || delivery.organizationId !== job.organizationId) return { kind: 'done' };
  if (delivery.status === 'delivered' || delivery.status === 'delivered_to_outbox' || delivery.status === 'failed') return { kind: 'done' };
  const stored = await d.app.store.getDocumentForWorker(delivery.documentId);
  const org = await d.app.store.getOrganization(delivery.organizationId);
  if (!stored || !org) return { kind: 'done' };
  const now = () => d.app.clock.now();
  const attempt = delivery.attempts + 1;
  const fail = async (response: string) => {
    await d.store.updateDelivery(delivery.id, { status: 'failed', attempts: attempt, lastResponse: response }, now());
    return { kind: 'done' } as const;
  };
  if (delivery.recipients.length === 0) return fail('El adquiriente no tiene correo electrónico de recepción registrado');

  const doc = signed(stored);
  const pkg = await buildDocumentPackage(d, doc, org);
  const printable = printableDocument(doc, await pdfContext(d.app, doc, d.config.softwareName));
  const mail = composeDeliveryMail(printable, org, { zipName: pkg.names.zip, environment: doc.environment });
  if (pkg.zip.length > MAX_MAIL_BYTES) return fail(`El ZIP (${pkg.zip.length} bytes) supera el máximo de 2 MB del correo de entrega de la DIAN`);

  const outcome = await d.mailer.send({
    from: senderAddress(org, d.config.from),
    ...(org.email && { replyTo: org.email }),
    to: delivery.recipients,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: [{ filename: pkg.names.zip, content: pkg.zip, contentType: 'application/zip' }],
  });
  const result: DeliveryAttemptRecord['outcome'] = outcome.ok ? (outcome.transport === 'outbox' ? 'delivered_to_outbox' : 'delivered') : outcome.retryable ? 'retry' : 'failed';
  const at = now();
  await d.store.recordAttempt({
    deliveryId: delivery.id,
    organizationId: delivery.organizationId,
    documentId: delivery.documentId,
    attempt,
    transport: d.mailer.transport,
    outcome: result,
    recipients: delivery.recipients,
    accepted: outcome.ok ? outcome.accepted : [],
    rejected: outcome.rejected,
    response: outcome.response,
    responseCode: outcome.ok ? null : (outcome.responseCode ?? null),
    messageId: outcome.ok ? outcome.messageId : null,
    createdAt: at,
  });
  const base = { attempts: attempt, lastResponse: outcome.response, subject: mail.subject, zipName: pkg.names.zip };
  if (outcome.ok) {
    await d.store.updateDelivery(delivery.id, { ...base, status: result as 'delivered' | 'delivered_to_outbox', deliveredAt: at }, at);
    return { kind: 'done' };
  }
  if (!outcome.retryable) {
    await d.store.updateDelivery(delivery.id, { ...base, status: 'failed' }, at);
    return { kind: 'done' };
  }
  await d.store.updateDelivery(delivery.id, { ...base, status: 'retrying' }, at);
  return { kind: 'retry', error: `SMTP: ${outcome.response}` };
}

/** Called when a delivery job used up its attempts. */
export async function giveUpDeliveryJob(d: DeliveryDeps, job: JobRecord, error: string): Promise<void> {
  const delivery = await d.store.getDelivery(job.subjectId);
  if (delivery && delivery.status !== 'delivered' && delivery.status !== 'delivered_to_outbox') {
    await d.store.updateDelivery(delivery.id, { status: 'failed', lastResponse: `Sin entrega tras ${job.attempts} intentos: ${error}` }, d.app.clock.now());
  }
}

/** Delivery status of a document: the latest delivery's status, every delivery and its attempts (`history`, with the server's answers). */
export async function deliveryStatus(d: DeliveryDeps, organizationId: string, documentId: string) {
  const doc = await d.app.store.getDocument(organizationId, documentId);
  if (!doc) throw notFound('Documento');
  const deliveries = await d.store.listDeliveries(organizationId, documentId);
  const attempts = await d.store.listAttempts(organizationId, documentId);
  const last = deliveries.at(-1);
  return {
    documentId,
    number: doc.number,
    status: last?.status ?? 'not_sent',
    deliveredAt: [...deliveries].reverse().find((x) => x.deliveredAt)?.deliveredAt ?? null,
    deliveries: deliveries.map((x) => ({ ...x, history: attempts.filter((a) => a.deliveryId === x.id) })),
  };
}

/** Schedules deliveries lost between acceptance and enqueue (a crash in between); run at start-up. */
export async function recoverMissedDeliveries(d: DeliveryDeps, since: Date): Promise<number> {
  if (!d.config.autoSend) return 0;
  const missing = await d.store.acceptedWithoutDelivery(since, 500);
  for (const m of missing) await scheduleDelivery(d, m.organizationId, m.id);
  return missing.length;
}
