/**
 * Ports of received documents and RADIAN events (issue #8): the store of received documents and
 * events (migration 0004) and the DIAN operations of the buyer's side.
 */
import type { DianDocumentResult, DianFailure, DianSession } from './ports.js';
import type { DianMessage } from './records.js';

/** How a received document arrived. */
export type ReceptionSource = 'upload' | 'dian' | 'imap';

/** `valid`: every check passed; `invalid`: some check failed (see `checks`). */
export type ReceivedStatus = 'valid' | 'invalid';

/** One check made on a received document, with its outcome and Spanish explanation. */
export interface ReceptionCheck {
  /** `package`, `xml`, `signature`, `cufe`, `dian-response`, `buyer`, `attached-signature`. */
  check: string;
  /** `ok`, `failed`, or `skipped` (could not be checked, e.g. CUFE without the technical key). */
  outcome: 'ok' | 'failed' | 'skipped';
  message: string;
}

/** One tax total of a received document (amounts as decimal strings, as written). */
export interface ReceivedTax {
  code: string;
  name: string | null;
  percent: string | null;
  taxableAmount: string | null;
  taxAmount: string;
}

/** The fields read from a received document (all nullable: bad documents are kept too). */
export interface ReceivedFields {
  /** `invoice`, `credit-note`, `debit-note`, or null when the XML could not be read. */
  documentType: string | null;
  /** InvoiceTypeCode / note type as written (01, 02, 03, 04, 91, 92). */
  typeCode: string | null;
  cufe: string | null;
  number: string | null;
  issueDate: string | null;
  issueTime: string | null;
  dueDate: string | null;
  supplierNit: string | null;
  supplierDv: string | null;
  supplierName: string | null;
  supplierEmail: string | null;
  customerNit: string | null;
  customerName: string | null;
  currency: string | null;
  lineExtensionMinor: bigint | null;
  taxExclusiveMinor: bigint | null;
  taxInclusiveMinor: bigint | null;
  payableMinor: bigint | null;
  taxes: ReceivedTax[];
  /** ProfileExecutionID: 1 producción, 2 habilitación. */
  environment: string | null;
}

/** A received supplier document. Amounts are integer minor units (centavos). */
export interface ReceivedDocumentRecord extends ReceivedFields {
  id: string;
  organizationId: string;
  source: ReceptionSource;
  /** File name, IMAP message-id or CUFE asked to DIAN. */
  sourceRef: string | null;
  /** SHA-256 of the original bytes (idempotent ingestion). */
  contentHash: string;
  status: ReceivedStatus;
  /** First failure, Spanish; null when valid. */
  reason: string | null;
  checks: ReceptionCheck[];
  /** The signed invoice/note XML. */
  xml: string | null;
  /** The AttachedDocument it came in, if any. */
  attachedXml: string | null;
  /** DIAN's ApplicationResponse (from the AttachedDocument or from DIAN). */
  applicationResponse: string | null;
  originalName: string | null;
  original: Uint8Array;
  pdf: Uint8Array | null;
  /** End of the window to claim/accept after 032 (null before 032). */
  acceptanceDeadline: Date | null;
  timesReceived: number;
  receivedAt: Date;
  updatedAt: Date;
}

/** Issued by this organization, or registered by others on its own invoices (GetStatusEvent). */
export type EventDirection = 'issued' | 'tracked';

/** `sending` (signed, being sent), `accepted`, `rejected` by DIAN, `failed` (transport). */
export type EventStatus = 'sending' | 'accepted' | 'rejected' | 'failed';

/** A RADIAN event about an invoice. */
export interface RadianEventRecord {
  id: string;
  organizationId: string;
  direction: EventDirection;
  /** For buyer events: the received document. */
  receivedDocumentId: string | null;
  /** For events about this organization's own invoices: the issued document. */
  documentId: string | null;
  invoiceCufe: string;
  invoiceNumber: string | null;
  code: string;
  number: string;
  cude: string | null;
  claimConcept: string | null;
  status: EventStatus;
  senderNit: string | null;
  xml: string | null;
  dianStatusCode: string | null;
  dianMessages: DianMessage[];
  applicationResponse: string | null;
  error: string | null;
  issuedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Reception settings of an organization. */
export interface ReceptionSettings {
  /** Issue 030 automatically when a valid invoice is received. */
  autoAcknowledge: boolean;
  /** Also issue 032 automatically (after the 030). */
  autoReceipt: boolean;
  /** The person named in 032/033 (`cac:IssuerParty/cac:Person`). */
  person: { id: string; idType?: string; firstName: string; familyName: string; jobTitle?: string; department?: string } | null;
}

/** Filters of the received-documents list. */
export interface ReceivedFilter {
  status?: ReceivedStatus;
  supplierNit?: string;
  number?: string;
  /** Issue dates, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Outcome of inserting a received document. */
export type InsertReceivedOutcome = { status: 'created'; record: ReceivedDocumentRecord } | { status: 'duplicate'; record: ReceivedDocumentRecord };

/** Storage of received documents and events; every method filters by organization. */
export interface ReceptionStore {
  /** Inserts, unless the same bytes, or (for a valid document) a valid copy with the same CUFE, are stored: then counts the arrival and returns the stored one. */
  insertReceived(record: ReceivedDocumentRecord): Promise<InsertReceivedOutcome>;
  getReceived(organizationId: string, id: string): Promise<ReceivedDocumentRecord | undefined>;
  findReceivedByCufe(organizationId: string, cufe: string): Promise<ReceivedDocumentRecord | undefined>;
  listReceived(organizationId: string, filter: ReceivedFilter): Promise<ReceivedDocumentRecord[]>;
  setAcceptanceDeadline(organizationId: string, id: string, deadline: Date | null, at: Date): Promise<void>;
  /** Received documents since a date, by status. */
  countReceived(organizationId: string, since: Date): Promise<Record<string, number>>;
  /** Valid documents whose acceptance clock is running (032 sent), oldest deadline first. */
  listWithDeadline(organizationId: string, limit: number): Promise<ReceivedDocumentRecord[]>;
  /** Records a new verification (status, reason, checks, DIAN's answer); `duplicate` when another valid copy of the CUFE exists. */
  updateVerification(organizationId: string, id: string, v: Pick<ReceivedDocumentRecord, 'status' | 'reason' | 'checks' | 'applicationResponse'>, at: Date): Promise<'updated' | 'duplicate'>;

  /** Inserts an event, numbering it `prefix + n` with the next n for (organization, code). */
  insertEvent(record: Omit<RadianEventRecord, 'number'>, prefix: string): Promise<RadianEventRecord>;
  /** Inserts or updates a tracked event (by organization + CUDE, or code + number when no CUDE). */
  upsertTrackedEvent(record: Omit<RadianEventRecord, 'id' | 'createdAt' | 'updatedAt'>, at: Date): Promise<RadianEventRecord>;
  updateEvent(organizationId: string, id: string, patch: Partial<Pick<RadianEventRecord, 'status' | 'dianStatusCode' | 'dianMessages' | 'applicationResponse' | 'error' | 'xml' | 'cude'>>, at: Date): Promise<void>;
  getEvent(organizationId: string, id: string): Promise<RadianEventRecord | undefined>;
  /** Events about an invoice (by CUFE), oldest first. */
  listEventsByInvoice(organizationId: string, cufe: string): Promise<RadianEventRecord[]>;
  /** Events of many invoices at once (list pages). */
  listEventsByInvoices(organizationId: string, cufes: string[]): Promise<RadianEventRecord[]>;

  getSettings(organizationId: string): Promise<ReceptionSettings>;
  saveSettings(organizationId: string, settings: ReceptionSettings, at: Date): Promise<ReceptionSettings>;

  /** This organization's own accepted invoice by CUFE (for 034 and tracking). */
  findOwnInvoice(organizationId: string, cufe: string): Promise<{ id: string; number: string; cufe: string; customer: { id: string; idType: string; name: string; responsibilities: string[]; taxScheme: string }; acceptedAt: Date | null } | undefined>;
  /** Own accepted invoices finalized since a date (for tracking their events). */
  ownAcceptedInvoices(organizationId: string, since: Date, limit: number): Promise<Array<{ id: string; cufe: string }>>;

  /** IMAP polling state: the highest UID processed per mailbox and UIDVALIDITY. */
  getImapCursor(key: string): Promise<{ uidValidity: string; lastUid: number } | undefined>;
  saveImapCursor(key: string, cursor: { uidValidity: string; lastUid: number }, at: Date): Promise<void>;
}

/** DIAN's answer to GetXmlByDocumentKey. */
export type DianXmlResult = { kind: 'found'; xml: Uint8Array } | { kind: 'not_found'; code: string; message: string } | DianFailure;

/** DIAN's answer to GetStatusEvent: the events list XML, none, or a failure. */
export type DianEventsResult = { kind: 'events'; xml: string } | { kind: 'none'; code: string; message: string } | DianFailure;

/** The buyer's-side DIAN operations. */
export interface RadianGateway {
  /** SendEventUpdateStatus: ZIP with one signed event. */
  sendEvent(session: DianSession, file: { fileName: string; xml: string }): Promise<DianDocumentResult>;
  getXmlByDocumentKey(session: DianSession, cufe: string): Promise<DianXmlResult>;
  getStatusEvent(session: DianSession, cufe: string): Promise<DianEventsResult>;
  /** GetStatus by CUFE (DIAN's ApplicationResponse of an accepted document). */
  getStatus(session: DianSession, cufe: string): Promise<DianDocumentResult>;
}
