/**
 * RADIAN events issued by this organization (issue #8, spec/02-services.md §8): 030, 031 (with
 * the claim concept), 032 and 033 as the buyer of a received invoice; 034 as the seller of its
 * own invoice. Each event is checked against DIAN's order and timing rules *before* it is
 * signed (core/ubl/event-order.ts, the same rules the simulator applies), built by the core with
 * its CUDE, signed with the organization's certificate and sent with SendEventUpdateStatus.
 * Events other parties registered on this organization's invoices are tracked with
 * GetStatusEvent.
 */
import { randomUUID } from 'node:crypto';
import { dianFileName } from '../core/identity/index.js';
import { buildEvent, checkEventInput, EVENT_CODES_030_034, EVENT_ISSUER_ROLE, type EventCode, type EventParty, type EventPerson } from '../core/ubl/event.js';
import { acceptanceDeadline, checkEventOrder } from '../core/ubl/event-order.js';
import { parseXml, type XmlElement } from '../core/xml/parse.js';
import { text } from '../core/xml/query.js';
import { colombiaDateTime } from './colombia-time.js';
import { AppError, invalidField, notFound } from './errors.js';
import { requireOrganization, softwarePin } from './organizations.js';
import type { DianMessage, OrganizationRecord } from './records.js';
import { dianSession, type ReceptionDeps } from './reception-deps.js';
import type { RadianEventRecord, ReceivedDocumentRecord } from './reception-ports.js';

/** Prefix of the event numbers (`cbc:ID`) per code: unique per event type (AAD05b). */
const NUMBER_PREFIX: Record<EventCode, string> = { '030': 'ACU', '031': 'REC', '032': 'RBS', '033': 'ACE', '034': 'ACT' };

/** What a caller asks for. */
export interface IssueEventRequest {
  code: EventCode;
  /** The received invoice (030–033), by ID… */
  receivedDocumentId?: string;
  /** …or any invoice by CUFE: a received one (030–033) or this organization's own (034). */
  cufe?: string;
  /** 031: concept 01–04. */
  claimConcept?: string;
  /** Person acting for the organization (defaults to the reception settings). */
  person?: EventPerson;
  /** Extra note (034 carries a sworn statement by default). */
  note?: string;
}

function isEventCode(code: string): code is EventCode {
  return (EVENT_CODES_030_034 as readonly string[]).includes(code);
}

function orgParty(org: OrganizationRecord): EventParty {
  return { name: org.legalName, id: org.nit, idType: '31', responsibilities: org.responsibilities, taxScheme: org.taxScheme };
}

/** The invoice an event is about and the other party. */
interface Target {
  cufe: string;
  number: string;
  receiver: EventParty;
  received?: ReceivedDocumentRecord;
  ownDocumentId?: string;
}

async function resolveTarget(d: ReceptionDeps, org: OrganizationRecord, req: IssueEventRequest): Promise<Target> {
  if (EVENT_ISSUER_ROLE[req.code] === 'buyer') {
    const received = req.receivedDocumentId
      ? await d.store.getReceived(org.id, req.receivedDocumentId)
      : req.cufe
        ? await d.store.findReceivedByCufe(org.id, req.cufe.toLowerCase())
        : undefined;
    if (!received) throw notFound('Documento recibido');
    if (received.documentType !== 'invoice' || !received.cufe || !received.number || !received.supplierNit) {
      throw new AppError('unexpected_state', 'Los eventos 030 a 033 solo aplican a facturas electrónicas de venta recibidas y legibles');
    }
    if (received.status !== 'valid') throw new AppError('unexpected_state', `El documento recibido no es válido (${received.reason ?? 'sin motivo'}): no se emiten eventos sobre él`);
    if (received.customerNit !== org.nit) throw new AppError('unexpected_state', `La factura no está a nombre de esta organización (adquiriente NIT ${received.customerNit ?? 'ausente'})`);
    return { cufe: received.cufe, number: received.number, receiver: { name: received.supplierName ?? received.supplierNit, id: received.supplierNit, idType: '31' }, received };
  }
  if (!req.cufe) throw invalidField('cufe', 'La aceptación tácita (034) se emite sobre una factura propia: indique su CUFE');
  const own = await d.store.findOwnInvoice(org.id, req.cufe.toLowerCase());
  if (!own) throw notFound('Factura propia aceptada por la DIAN');
  return {
    cufe: own.cufe,
    number: own.number,
    receiver: { name: own.customer.name, id: own.customer.id, idType: own.customer.idType, responsibilities: own.customer.responsibilities, taxScheme: own.customer.taxScheme },
    ownDocumentId: own.id,
  };
}

function sequenceOf(code: EventCode, number: string): number {
  const n = Number(/(\d+)$/.exec(number)?.[1] ?? '1');
  return EVENT_CODES_030_034.indexOf(code) * 10_000_000 + (n % 10_000_000) + 1;
}

function messagesOf(r: { messages?: DianMessage[] }): DianMessage[] {
  return r.messages ?? [];
}

/**
 * Issues one event: order rules, build (CUDE), sign, send, record DIAN's answer. Order-rule
 * violations are refused before anything is signed (`unexpected_state` with DIAN's rule IDs).
 *
 * @returns the recorded event (status accepted, rejected with DIAN's rules, or failed).
 */
export async function issueEvent(d: ReceptionDeps, organizationId: string, req: IssueEventRequest): Promise<RadianEventRecord> {
  if (!isEventCode(req.code)) throw invalidField('code', `Evento no soportado: ${String(req.code)} (use 030, 031, 032, 033 o 034)`);
  const org = await requireOrganization(d.app, organizationId);
  if (!org.softwareId) throw invalidField('softwareId', 'Configure el SoftwareID de la organización para emitir eventos');
  const pin = softwarePin(d.app, org);
  const target = await resolveTarget(d, org, req);
  if (target.ownDocumentId) await trackInvoiceEvents(d, organizationId, target.cufe).catch((e: unknown) => d.app.log('No se pudieron consultar los eventos en la DIAN', e));

  const now = d.app.clock.now();
  const events = await d.store.listEventsByInvoice(organizationId, target.cufe);
  const prior = events.filter((e) => e.status === 'accepted').map((e) => ({ code: e.code, at: e.issuedAt }));
  const broken = checkEventOrder(req.code, prior, { at: now, businessDaysLimit: d.config.businessDaysLimit });
  if (broken.length > 0) {
    throw new AppError('unexpected_state', `El evento ${req.code} no se puede emitir: ${broken.map((b) => `${b.ruleId} ${b.message}`).join('; ')}`, {
      issues: broken.map((b) => ({ path: 'code', message: b.message, ruleId: b.ruleId, severity: 'rejection' as const })),
    });
  }
  const settings = await d.store.getSettings(organizationId);
  const person = req.person ?? settings.person ?? undefined;
  const receipt = events.find((e) => e.code === '032' && e.status === 'accepted');
  const notes = [
    ...(req.code === '034'
      ? [
          `Manifiesto bajo la gravedad de juramento que transcurridos ${d.config.businessDaysLimit} días hábiles siguientes al recibo de la mercancía o del servicio (evento 032 ${receipt?.number ?? ''}), el adquirente ${target.receiver.name} identificado con NIT ${target.receiver.id} no manifestó expresamente la aceptación ni reclamó en contra de la factura ${target.number}.`,
        ]
      : []),
    ...(req.note ? [req.note] : []),
  ];

  const session = await dianSession(d, organizationId);
  const { date, time } = colombiaDateTime(now);
  const record = await d.store.insertEvent(
    {
      id: randomUUID(),
      organizationId,
      direction: 'issued',
      receivedDocumentId: target.received?.id ?? null,
      documentId: target.ownDocumentId ?? null,
      invoiceCufe: target.cufe,
      invoiceNumber: target.number,
      code: req.code,
      cude: null,
      claimConcept: req.claimConcept ?? null,
      status: 'sending',
      senderNit: org.nit,
      xml: null,
      dianStatusCode: null,
      dianMessages: [],
      applicationResponse: null,
      error: null,
      issuedAt: now,
      createdAt: now,
      updatedAt: now,
    },
    NUMBER_PREFIX[req.code],
  );
  const input = {
    code: req.code,
    number: record.number,
    issueDate: date,
    issueTime: time,
    environment: org.environment,
    software: { id: org.softwareId, pin, providerNit: org.softwareProviderNit ?? org.nit },
    sender: orgParty(org),
    receiver: target.receiver,
    invoice: { number: target.number, cufe: target.cufe },
    ...(req.claimConcept && { claimConcept: req.claimConcept }),
    ...(person && { person }),
    ...(notes.length > 0 && { notes }),
  };
  const problems = checkEventInput(input);
  if (problems.length > 0) {
    await d.store.updateEvent(organizationId, record.id, { status: 'failed', error: problems.join(' ') }, now);
    throw new AppError('invalid_data', problems.join(' '), { issues: problems.map((message) => ({ path: req.code === '031' ? 'claimConcept' : 'event', message })) });
  }
  let r: Awaited<ReturnType<ReceptionDeps['dian']['sendEvent']>>;
  try {
    const built = buildEvent(input);
    const signed = await d.app.signer.sign(built.xml, session.identity, now);
    await d.store.updateEvent(organizationId, record.id, { xml: signed, cude: built.cude }, now);
    const fileName = dianFileName({ prefix: 'ar', nit: org.nit, year: Number(date.slice(0, 4)), sequence: sequenceOf(req.code, record.number) }).replace(/\.xml$/, '');
    r = await d.dian.sendEvent(session, { fileName, xml: signed });
  } catch (e) {
    // Never left "sending": the event is recorded as not sent, with why.
    await d.store.updateEvent(organizationId, record.id, { status: 'failed', error: `No se pudo firmar o enviar el evento: ${e instanceof Error ? e.message : String(e)}` }, d.app.clock.now());
    throw e;
  }
  const at = d.app.clock.now();
  if (r.kind === 'accepted') {
    const ar = r.applicationResponse ? Buffer.from(r.applicationResponse, 'base64').toString('utf8') : null;
    await d.store.updateEvent(organizationId, record.id, { status: 'accepted', dianStatusCode: r.statusCode, dianMessages: messagesOf(r), applicationResponse: ar, error: null }, at);
    if (req.code === '032' && target.received) {
      await d.store.setAcceptanceDeadline(organizationId, target.received.id, acceptanceDeadline(now, d.config.businessDaysLimit), at);
    }
  } else if (r.kind === 'rejected' || r.kind === 'duplicate') {
    const messages = messagesOf(r);
    await d.store.updateEvent(
      organizationId,
      record.id,
      { status: 'rejected', dianStatusCode: r.statusCode, dianMessages: messages, error: messages.map((m) => `${m.ruleId}: ${m.text}`).join('; ') || r.statusDescription },
      at,
    );
  } else {
    const message = r.kind === 'failure' ? r.message : r.statusDescription;
    await d.store.updateEvent(organizationId, record.id, { status: 'failed', error: `DIAN no respondió el evento: ${message}` }, at);
  }
  const stored = (await d.store.getEvent(organizationId, record.id))!;
  await d.app.store.audit({
    organizationId,
    entryType: 'state_change',
    entity: 'radian_event',
    entityId: stored.id,
    action: `event_${req.code}`,
    toState: stored.status,
    detail: { number: stored.number, invoiceCufe: stored.invoiceCufe, cude: stored.cude, error: stored.error },
    createdAt: at,
  });
  return stored;
}

/** Reads the event list DIAN returns in GetStatusEvent (format UNCONFIRMED: both forms below). */
export function parseEventList(xml: string): Array<{ code: string; number: string; cude: string | null; date: string | null }> {
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxLength: 5 * 1024 * 1024, maxDepth: 64, maxElements: 100_000 });
  } catch {
    return [];
  }
  const out: Array<{ code: string; number: string; cude: string | null; date: string | null }> = [];
  const walk = (el: XmlElement) => {
    // The simulator's list: <Evento codigo numero cude fecha/>.
    if (el.local === 'Evento' && el.attrs.codigo) {
      out.push({ code: el.attrs.codigo, number: el.attrs.numero ?? '', cude: el.attrs.cude ?? null, date: el.attrs.fecha ?? null });
      return;
    }
    // An ApplicationResponse of an event.
    if (el.qname === 'ApplicationResponse') {
      const code = text(el, 'cac:DocumentResponse/cac:Response/cbc:ResponseCode');
      if (code) out.push({ code, number: text(el, 'cbc:ID') ?? '', cude: text(el, 'cbc:UUID') ?? null, date: text(el, 'cbc:IssueDate') ?? null });
      return;
    }
    el.children.forEach(walk);
  };
  walk(root);
  return out;
}

/**
 * Asks DIAN which events are registered for an invoice (GetStatusEvent) and records those this
 * organization did not issue itself.
 *
 * @returns every event known for the invoice afterwards.
 */
export async function trackInvoiceEvents(d: ReceptionDeps, organizationId: string, cufe: string): Promise<RadianEventRecord[]> {
  const session = await dianSession(d, organizationId);
  const r = await d.dian.getStatusEvent(session, cufe);
  if (r.kind === 'failure') throw new AppError('dian_unavailable', `No se pudo consultar a la DIAN: ${r.message}`);
  const known = await d.store.listEventsByInvoice(organizationId, cufe);
  if (r.kind === 'events') {
    const own = await d.store.findOwnInvoice(organizationId, cufe);
    const received = own ? undefined : await d.store.findReceivedByCufe(organizationId, cufe);
    const now = d.app.clock.now();
    for (const e of parseEventList(r.xml)) {
      if (!isEventCode(e.code) && !/^0[3-5]\d$/.test(e.code)) continue;
      if (known.some((k) => k.direction === 'issued' && ((e.cude && k.cude === e.cude) || (k.code === e.code && k.number === e.number)))) continue;
      await d.store.upsertTrackedEvent(
        {
          organizationId,
          direction: 'tracked',
          receivedDocumentId: received?.id ?? null,
          documentId: own?.id ?? null,
          invoiceCufe: cufe,
          invoiceNumber: own?.number ?? received?.number ?? null,
          code: e.code,
          number: e.number || e.cude?.slice(0, 16) || e.code,
          cude: e.cude,
          claimConcept: null,
          status: 'accepted',
          senderNit: null,
          xml: null,
          dianStatusCode: '00',
          dianMessages: [],
          applicationResponse: null,
          error: null,
          // The list gives the date only: noon Colombia of that day.
          issuedAt: e.date && /^\d{4}-\d{2}-\d{2}$/.test(e.date) ? new Date(`${e.date}T12:00:00-05:00`) : now,
        },
        now,
      );
    }
  }
  return d.store.listEventsByInvoice(organizationId, cufe);
}

/** Events of one of this organization's own invoices (by document ID), refreshed from DIAN. */
export async function ownInvoiceEvents(d: ReceptionDeps, organizationId: string, documentId: string, refresh: boolean): Promise<{ cufe: string; events: RadianEventRecord[]; refreshError?: string }> {
  const doc = await d.app.store.getDocument(organizationId, documentId);
  if (!doc || !doc.uuid) throw notFound('Documento');
  if (!refresh) return { cufe: doc.uuid, events: await d.store.listEventsByInvoice(organizationId, doc.uuid) };
  try {
    return { cufe: doc.uuid, events: await trackInvoiceEvents(d, organizationId, doc.uuid) };
  } catch (e) {
    return { cufe: doc.uuid, events: await d.store.listEventsByInvoice(organizationId, doc.uuid), refreshError: e instanceof Error ? e.message : String(e) };
  }
}

/** Events of a received document; `refresh` also reads from DIAN those others registered (e.g. the supplier's 034). */
export async function receivedDocumentEvents(d: ReceptionDeps, organizationId: string, receivedId: string, refresh = false): Promise<RadianEventRecord[]> {
  const r = await d.store.getReceived(organizationId, receivedId);
  if (!r) throw notFound('Documento recibido');
  if (!r.cufe) return [];
  return refresh ? trackInvoiceEvents(d, organizationId, r.cufe) : d.store.listEventsByInvoice(organizationId, r.cufe);
}

/** One event's signed XML (or DIAN's answer). */
export async function eventXml(d: ReceptionDeps, organizationId: string, eventId: string, which: 'event' | 'application-response'): Promise<string> {
  const e = await d.store.getEvent(organizationId, eventId);
  if (!e) throw notFound('Evento');
  const xml = which === 'event' ? e.xml : e.applicationResponse;
  if (!xml) throw notFound(which === 'event' ? 'XML del evento' : 'Respuesta de la DIAN del evento');
  return xml;
}

/**
 * Refreshes from DIAN (GetStatusEvent) the events of every organization's own invoices accepted
 * since `since`: what buyers registered shows on the invoice without anyone asking. Failures
 * are counted and logged, never thrown.
 */
export async function trackRecentInvoices(d: ReceptionDeps, since: Date, limitPerOrganization = 500): Promise<{ invoices: number; failures: number }> {
  let invoices = 0;
  let failures = 0;
  for (const org of await d.app.store.listOrganizations()) {
    const own = await d.store.ownAcceptedInvoices(org.id, since, limitPerOrganization);
    for (const inv of own) {
      invoices++;
      try {
        await trackInvoiceEvents(d, org.id, inv.cufe);
      } catch (e) {
        failures++;
        if (failures === 1) d.app.log(`No se pudieron consultar los eventos de la factura ${inv.id} en la DIAN`, e);
      }
    }
  }
  return { invoices, failures };
}
