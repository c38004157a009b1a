/**
 * Ports of the delivery feature. The app's `Mailer` port (fire and forget) cannot tell what the
 * mail server answered; delivery must record it for every attempt, so its mailer returns the
 * outcome as a value, retryable or not (STYLE.md "Errors").
 */
import type { DocumentRecord } from '../app/records.js';

/** A message ready for a transport. */
export interface OutgoingMail {
  /** `"Name" <address>` or an address. */
  from: string;
  replyTo?: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: Array<{ filename: string; content: Uint8Array; contentType: string }>;
}

/** What the transport reported. */
export type MailOutcome =
  | {
      ok: true;
      /** `smtp`: accepted by the mail server; `outbox`: written as .eml to the local outbox. */
      transport: 'smtp' | 'outbox';
      /** The server's final answer (e.g. `250 2.0.0 Ok: queued as …`) or the .eml path. */
      response: string;
      messageId: string | null;
      accepted: string[];
      /** Recipients the server refused while accepting others, with its answer in `response`. */
      rejected: string[];
      /** File written (outbox). */
      location?: string;
    }
  | {
      ok: false;
      /** True for connection problems and 4xx answers; false for 5xx (e.g. unknown mailbox). */
      retryable: boolean;
      /** The server's answer or the connection error. */
      response: string;
      responseCode?: number;
      rejected: string[];
    };

/** Sends the delivery e-mail. */
export interface DeliveryMailer {
  readonly transport: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<MailOutcome>;
  close?(): void;
}

/** Status of one delivery (one e-mail to a set of recipients, possibly several attempts). */
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'delivered_to_outbox' | 'failed';

/** One delivery of a document. */
export interface DeliveryRecord {
  id: string;
  organizationId: string;
  documentId: string;
  /** `auto` after DIAN acceptance, `manual` on request (API). */
  trigger: 'auto' | 'manual';
  recipients: string[];
  status: DeliveryStatus;
  subject: string | null;
  zipName: string | null;
  attempts: number;
  lastResponse: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

/** One attempt of a delivery and the server's answer. */
export interface DeliveryAttemptRecord {
  id: string;
  deliveryId: string;
  organizationId: string;
  documentId: string;
  attempt: number;
  transport: 'smtp' | 'outbox';
  outcome: 'delivered' | 'delivered_to_outbox' | 'retry' | 'failed';
  recipients: string[];
  accepted: string[];
  rejected: string[];
  response: string;
  responseCode: number | null;
  messageId: string | null;
  createdAt: Date;
}

/** Persistence of deliveries, attempts and the signed AttachedDocument of each document. */
export interface DeliveryStore {
  /** Creates a delivery and enqueues its job in one transaction (durable outbox). */
  createDelivery(record: Omit<DeliveryRecord, 'subject' | 'zipName' | 'attempts' | 'lastResponse' | 'updatedAt' | 'deliveredAt' | 'status'>, maxAttempts: number): Promise<DeliveryRecord>;
  getDelivery(id: string): Promise<DeliveryRecord | undefined>;
  updateDelivery(id: string, patch: Partial<Pick<DeliveryRecord, 'status' | 'subject' | 'zipName' | 'attempts' | 'lastResponse' | 'deliveredAt'>>, at: Date): Promise<void>;
  recordAttempt(attempt: Omit<DeliveryAttemptRecord, 'id'>): Promise<void>;
  listDeliveries(organizationId: string, documentId: string): Promise<DeliveryRecord[]>;
  listAttempts(organizationId: string, documentId: string): Promise<DeliveryAttemptRecord[]>;
  /** The signed AttachedDocument made for a document, if any (made once, delivered many times). */
  getAttachedDocument(documentId: string): Promise<string | undefined>;
  /** Keeps the first one stored when two workers race. Returns the stored one. */
  saveAttachedDocument(organizationId: string, documentId: string, xml: string, at: Date): Promise<string>;
  /** Reception e-mails of the organization's customers with this identification number. */
  customerReceptionEmails(organizationId: string, customerIdNumber: string): Promise<string[]>;
  /** Accepted documents (finalized since `since`) that have no delivery yet (crash between acceptance and enqueue). */
  acceptedWithoutDelivery(since: Date, limit: number): Promise<Array<Pick<DocumentRecord, 'id' | 'organizationId'>>>;
}
