/**
 * Received documents (issue #8): a supplier's invoice or note arrives by upload, from DIAN by
 * CUFE (GetXmlByDocumentKey) or from a mailbox; it is analyzed (reception-analysis.ts), stored
 * per organization with its original bytes whatever the outcome (a failing document is kept and
 * shown with its reason, never dropped), duplicates are recognized by bytes and by CUFE, and —
 * when the organization opted in — acknowledged (030) and received (032) automatically.
 */
import { randomUUID } from 'node:crypto';
import { businessDaysBetween, isBusinessDay } from '../core/calendar/business-days.js';
import { formatAmount } from '../core/money/money.js';
import { acceptanceDeadline } from '../core/ubl/event-order.js';
import { AppError, notFound } from './errors.js';
import { requireOrganization } from './organizations.js';
import type { DianSession } from './ports.js';
import { issueEvent } from './events.js';
import { analyzeReceived, checkDianResponse } from './reception-analysis.js';
import { dianSession, type ReceptionDeps } from './reception-deps.js';
import type {
  RadianEventRecord,
  ReceivedDocumentRecord,
  ReceivedFilter,
  ReceptionCheck,
  ReceptionSettings,
  ReceptionSource,
} from './reception-ports.js';

/** Result of an ingestion. */
export interface IngestResult {
  outcome: 'created' | 'duplicate';
  document: ReceivedDocumentRecord;
  /** Events issued automatically (opt-in), or why they could not be. */
  autoEvents: Array<{ code: string; status: string; message?: string }>;
}

/** Analysis plus DIAN's confirmation when the package did not carry DIAN's answer. */
async function assess(d: ReceptionDeps, organizationId: string, nit: string, bytes: Uint8Array, givenResponse: string | null) {
  const analysis = analyzeReceived(bytes, nit, d.config);
  const checks: ReceptionCheck[] = [...analysis.checks];
  let applicationResponse = analysis.applicationResponse;
  const cufe = analysis.fields.cufe;
  if (analysis.needsDianConfirmation && cufe) {
    // Without DIAN's answer in the package: the one given (from GetStatus), or ask DIAN now.
    let confirmation: { check: ReceptionCheck; xml?: string } | undefined;
    if (givenResponse) confirmation = { check: checkDianResponse(givenResponse, cufe), xml: givenResponse };
    else if (d.config.confirmWithDian) confirmation = await confirmWithDian(d, organizationId, cufe);
    if (confirmation?.xml) applicationResponse = confirmation.xml;
    // Before the buyer check, which is last.
    checks.splice(
      checks.length - 1,
      0,
      confirmation?.check ?? { check: 'dian-response', outcome: 'failed', message: 'El documento llegó sin la respuesta de validación de la DIAN (ApplicationResponse).' },
    );
  }
  // Not confirmed by DIAN (unreachable) is not valid either: "Volver a verificar" tries again.
  const failure = checks.find((c) => c.outcome === 'failed') ?? checks.find((c) => c.check === 'dian-response' && c.outcome === 'skipped');
  return { analysis, checks, applicationResponse, failure };
}

/**
 * Ingests bytes from a supplier. Never throws for a bad document: it is stored as invalid with
 * the reason.
 *
 * @param input the bytes, how they arrived and a reference (file name, message-id, CUFE).
 */
export async function ingestReceived(
  d: ReceptionDeps,
  organizationId: string,
  input: { bytes: Uint8Array; source: ReceptionSource; fileName?: string | null; sourceRef?: string | null; applicationResponse?: string | null },
): Promise<IngestResult> {
  const org = await requireOrganization(d.app, organizationId);
  const now = d.app.clock.now();
  const { analysis, checks, applicationResponse, failure } = await assess(d, organizationId, org.nit, input.bytes, input.applicationResponse ?? null);
  const record: ReceivedDocumentRecord = {
    id: randomUUID(),
    organizationId,
    source: input.source,
    sourceRef: input.sourceRef ?? input.fileName ?? null,
    contentHash: analysis.contentHash,
    status: failure ? 'invalid' : 'valid',
    reason: failure?.message ?? null,
    checks,
    ...analysis.fields,
    xml: analysis.xml,
    attachedXml: analysis.attachedXml,
    applicationResponse,
    originalName: input.fileName ?? null,
    original: input.bytes,
    pdf: analysis.pdf,
    acceptanceDeadline: null,
    timesReceived: 1,
    receivedAt: now,
    updatedAt: now,
  };
  const inserted = await d.store.insertReceived(record);
  await d.app.store.audit({
    organizationId,
    entryType: 'state_change',
    entity: 'received_document',
    entityId: inserted.record.id,
    action: inserted.status === 'created' ? 'received' : 'received_again',
    toState: inserted.record.status,
    detail: { source: input.source, number: inserted.record.number, supplierNit: inserted.record.supplierNit, reason: inserted.record.reason },
    createdAt: now,
  });
  const autoEvents: IngestResult['autoEvents'] = [];
  if (inserted.status === 'created' && inserted.record.status === 'valid' && inserted.record.documentType === 'invoice') {
    const settings = await d.store.getSettings(organizationId);
    if (settings.autoAcknowledge || settings.autoReceipt) {
      for (const code of settings.autoReceipt ? (['030', '032'] as const) : (['030'] as const)) {
        try {
          const e = await issueEvent(d, organizationId, { receivedDocumentId: inserted.record.id, code });
          autoEvents.push({ code, status: e.status, ...(e.error && { message: e.error }) });
          if (e.status !== 'accepted') break;
        } catch (err) {
          autoEvents.push({ code, status: 'not_sent', message: err instanceof Error ? err.message : String(err) });
          d.app.log(`Evento automático ${code} no emitido`, err);
          break;
        }
      }
    }
  }
  const document = (await d.store.getReceived(organizationId, inserted.record.id)) ?? inserted.record;
  return { outcome: inserted.status, document, autoEvents };
}

async function confirmWithDian(d: ReceptionDeps, organizationId: string, cufe: string): Promise<{ check: ReceptionCheck; xml?: string }> {
  const skipped = (message: string) => ({ check: { check: 'dian-response', outcome: 'skipped' as const, message } });
  let session: DianSession;
  try {
    session = await dianSession(d, organizationId);
  } catch (e) {
    return skipped(`No se consultó a la DIAN: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = await d.dian.getStatus(session, cufe);
  if ((r.kind === 'accepted' || r.kind === 'rejected') && r.applicationResponse) {
    const xml = Buffer.from(r.applicationResponse, 'base64').toString('utf8');
    const check = checkDianResponse(xml, cufe);
    return { check: { ...check, message: `Consultado en la DIAN: ${check.message}` }, xml };
  }
  if (r.kind === 'failure') return skipped(`No se pudo consultar a la DIAN: ${r.message}`);
  const detail = r.statusDescription;
  return { check: { check: 'dian-response', outcome: 'failed', message: `La DIAN no tiene un documento validado con este CUFE (${detail}).` } };
}

/**
 * Verifies a received document again from its original bytes (e.g. DIAN was unreachable when it
 * arrived) and records the new outcome.
 */
export async function recheckReceived(d: ReceptionDeps, organizationId: string, id: string): Promise<ReceivedDocumentRecord> {
  const org = await requireOrganization(d.app, organizationId);
  const r = await requireReceived(d, organizationId, id);
  const { checks, applicationResponse, failure } = await assess(d, organizationId, org.nit, r.original, null);
  const now = d.app.clock.now();
  let status: ReceivedDocumentRecord['status'] = failure ? 'invalid' : 'valid';
  let reason = failure?.message ?? null;
  if ((await d.store.updateVerification(organizationId, id, { status, reason, checks, applicationResponse }, now)) === 'duplicate') {
    status = 'invalid';
    reason = 'Ya se recibió una copia válida de este documento (mismo CUFE); esta copia queda como duplicada.';
    await d.store.updateVerification(organizationId, id, { status, reason, checks, applicationResponse }, now);
  }
  await d.app.store.audit({ organizationId, entryType: 'state_change', entity: 'received_document', entityId: id, action: 'rechecked', fromState: r.status, toState: status, detail: { reason }, createdAt: now });
  return requireReceived(d, organizationId, id);
}

/**
 * Pulls a supplier document from DIAN by its CUFE (GetXmlByDocumentKey) and ingests it, with
 * DIAN's ApplicationResponse from GetStatus.
 */
export async function fetchFromDian(d: ReceptionDeps, organizationId: string, cufe: string): Promise<IngestResult> {
  const key = cufe.trim().toLowerCase();
  if (!/^[0-9a-f]{96}$/.test(key)) throw new AppError('invalid_data', 'CUFE inválido: se esperan 96 caracteres hexadecimales', { issues: [{ path: 'cufe', message: 'Se esperan 96 caracteres hexadecimales (SHA-384)' }] });
  const session = await dianSession(d, organizationId);
  const r = await d.dian.getXmlByDocumentKey(session, key);
  if (r.kind === 'failure') throw new AppError('dian_unavailable', `No se pudo consultar a la DIAN: ${r.message}`);
  if (r.kind === 'not_found') throw new AppError('not_found', `La DIAN no entregó el documento (${r.code}): ${r.message}`);
  return ingestReceived(d, organizationId, { bytes: r.xml, source: 'dian', sourceRef: key, fileName: `${key.slice(0, 12)}.xml` });
}

/** The acceptance clock of a received invoice, as shown to people. */
export interface DeadlineView {
  /** `none` (no 032 yet), `open`, `due_soon` (warning), `expired` (tacit acceptance possible), `closed` (031/033/034 registered). */
  state: 'none' | 'open' | 'due_soon' | 'expired' | 'closed';
  at: string | null;
  businessDaysLeft: number | null;
  message: string;
}

/** The RADIAN state of an invoice from its accepted events. */
export function radianState(events: RadianEventRecord[]): { code: string | null; label: string } {
  const accepted = new Set(events.filter((e) => e.status === 'accepted').map((e) => e.code));
  if (accepted.has('031')) return { code: '031', label: 'Reclamada' };
  if (accepted.has('033')) return { code: '033', label: 'Aceptada expresamente' };
  if (accepted.has('034')) return { code: '034', label: 'Aceptada tácitamente' };
  if (accepted.has('032')) return { code: '032', label: 'Bien o servicio recibido' };
  if (accepted.has('030')) return { code: '030', label: 'Acuse de recibo' };
  return { code: null, label: 'Sin eventos' };
}

/** Deadline view from the 032 instant and the final events. */
export function deadlineView(d: ReceptionDeps, events: RadianEventRecord[], now: Date): DeadlineView {
  const accepted = events.filter((e) => e.status === 'accepted');
  const receipt = accepted.find((e) => e.code === '032');
  if (!receipt) return { state: 'none', at: null, businessDaysLeft: null, message: 'El plazo de aceptación corre desde el recibo del bien o servicio (032).' };
  const deadline = acceptanceDeadline(receipt.issuedAt, d.config.businessDaysLimit);
  const today = new Date(now.getTime() - 5 * 3_600_000).toISOString().slice(0, 10);
  const lastDay = new Date(deadline.getTime() - 5 * 3_600_000).toISOString().slice(0, 10);
  // Business days left to act, today included when it is one.
  const left = deadline.getTime() < now.getTime() ? 0 : businessDaysBetween(today, lastDay) + (isBusinessDay(today) ? 1 : 0);
  const at = deadline.toISOString();
  if (accepted.some((e) => ['031', '033', '034'].includes(e.code))) return { state: 'closed', at, businessDaysLeft: null, message: 'La factura ya tiene un evento final (reclamo o aceptación).' };
  if (now.getTime() > deadline.getTime()) {
    return { state: 'expired', at, businessDaysLeft: 0, message: 'Venció el plazo para reclamar o aceptar: el emisor puede registrar la aceptación tácita (034).' };
  }
  if (left <= d.config.warnBusinessDays) {
    return { state: 'due_soon', at, businessDaysLeft: left, message: `Quedan ${left} día(s) hábil(es) para aceptar (033) o reclamar (031).` };
  }
  return { state: 'open', at, businessDaysLeft: left, message: `Plazo para aceptar o reclamar: ${left} día(s) hábil(es).` };
}

/** A received document as the API shows it (no bytes). */
export function viewReceived(d: ReceptionDeps, r: ReceivedDocumentRecord, events: RadianEventRecord[]) {
  const now = d.app.clock.now();
  const amount = (v: bigint | null) => (v === null ? null : formatAmount(v));
  return {
    id: r.id,
    source: r.source,
    sourceRef: r.sourceRef,
    status: r.status,
    reason: r.reason,
    documentType: r.documentType,
    typeCode: r.typeCode,
    cufe: r.cufe,
    number: r.number,
    issueDate: r.issueDate,
    issueTime: r.issueTime,
    dueDate: r.dueDate,
    supplier: { nit: r.supplierNit, dv: r.supplierDv, name: r.supplierName, email: r.supplierEmail },
    customer: { nit: r.customerNit, name: r.customerName },
    currency: r.currency,
    totals: { lineExtension: amount(r.lineExtensionMinor), taxExclusive: amount(r.taxExclusiveMinor), taxInclusive: amount(r.taxInclusiveMinor), payable: amount(r.payableMinor) },
    taxes: r.taxes,
    environment: r.environment,
    checks: r.checks,
    hasPdf: r.pdf !== null,
    hasApplicationResponse: r.applicationResponse !== null,
    timesReceived: r.timesReceived,
    receivedAt: r.receivedAt.toISOString(),
    radian: radianState(events),
    deadline: deadlineView(d, events, now),
    events: events.map(viewEvent),
  };
}

/** An event as the API shows it. */
export function viewEvent(e: RadianEventRecord) {
  return {
    id: e.id,
    direction: e.direction,
    code: e.code,
    number: e.number,
    cude: e.cude,
    claimConcept: e.claimConcept,
    status: e.status,
    invoiceCufe: e.invoiceCufe,
    invoiceNumber: e.invoiceNumber,
    dianStatusCode: e.dianStatusCode,
    dianMessages: e.dianMessages,
    error: e.error,
    issuedAt: e.issuedAt.toISOString(),
  };
}

/** Rows read per step when filtering by deadline state. */
const DEADLINE_SCAN_BATCH = 500;

/** Lists received documents with their RADIAN state and deadline; `deadline` filters by clock state. */
export async function listReceived(d: ReceptionDeps, organizationId: string, filter: ReceivedFilter & { deadline?: DeadlineView['state'] }) {
  const page = async (rows: ReceivedDocumentRecord[]) => {
    const events = await d.store.listEventsByInvoices(organizationId, rows.flatMap((r) => (r.cufe ? [r.cufe] : [])));
    // Events belong to the valid copy; an invalid copy carrying the same CUFE shows none.
    return rows.map((r) => viewReceived(d, r, r.cufe && r.status === 'valid' ? events.filter((e) => e.invoiceCufe === r.cufe) : []));
  };
  const { deadline, offset, limit } = filter;
  if (!deadline) return page(await d.store.listReceived(organizationId, filter));
  // The deadline state depends on the events and today's date, not on a column: scan in batches
  // and page over the matches, so a page is never short because earlier rows did not match.
  const matches: Awaited<ReturnType<typeof page>> = [];
  for (let scanned = 0; ; scanned += DEADLINE_SCAN_BATCH) {
    const rows = await d.store.listReceived(organizationId, { ...filter, offset: scanned, limit: DEADLINE_SCAN_BATCH });
    matches.push(...(await page(rows)).filter((v) => v.deadline.state === deadline));
    if (matches.length >= offset + limit || rows.length < DEADLINE_SCAN_BATCH) break;
  }
  return matches.slice(offset, offset + limit);
}

/** One received document (or not_found). */
export async function requireReceived(d: ReceptionDeps, organizationId: string, id: string): Promise<ReceivedDocumentRecord> {
  const r = await d.store.getReceived(organizationId, id);
  if (!r) throw notFound('Documento recibido');
  return r;
}

/** One received document with its events. */
export async function getReceived(d: ReceptionDeps, organizationId: string, id: string) {
  const r = await requireReceived(d, organizationId, id);
  const events = r.cufe && r.status === 'valid' ? await d.store.listEventsByInvoice(organizationId, r.cufe) : [];
  return viewReceived(d, r, events);
}

/** Reception settings (auto events, person for 032/033). */
export function getReceptionSettings(d: ReceptionDeps, organizationId: string): Promise<ReceptionSettings> {
  return d.store.getSettings(organizationId);
}

/** Saves reception settings. */
export async function saveReceptionSettings(d: ReceptionDeps, organizationId: string, settings: ReceptionSettings): Promise<ReceptionSettings> {
  await requireOrganization(d.app, organizationId);
  return d.store.saveSettings(organizationId, settings, d.app.clock.now());
}

/**
 * Reception at a glance (for dashboards): documents received in the last 30 days by status, and
 * the invoices whose acceptance window is about to close or closed without a final event.
 */
export async function receptionSummary(d: ReceptionDeps, organizationId: string) {
  const now = d.app.clock.now();
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const received = await d.store.countReceived(organizationId, since);
  const running = await d.store.listWithDeadline(organizationId, 500);
  const events = await d.store.listEventsByInvoices(organizationId, running.flatMap((r) => (r.cufe ? [r.cufe] : [])));
  const attention = running
    .map((r) => ({ r, deadline: deadlineView(d, events.filter((e) => e.invoiceCufe === r.cufe), now) }))
    .filter((x) => x.deadline.state === 'due_soon' || x.deadline.state === 'expired');
  return {
    since: since.toISOString(),
    received,
    attention: attention.map(({ r, deadline }) => ({ id: r.id, number: r.number, supplier: r.supplierName, deadline })),
  };
}

