import nodemailer from 'nodemailer';
import { toNodemailerMessage } from './message.js';
import type { DeliveryMailer, MailOutcome, OutgoingMail } from '../../delivery/ports.js';

/** SMTP connection settings (from the environment: see `mailConfigFromEnv`). */
export interface SmtpSettings {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; overrides host/port/secure/user/pass. */
  url?: string;
  host?: string;
  port?: number;
  /** TLS from the start (465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  pass?: string;
  /** Connection, greeting and socket timeouts (default 20 s). */
  timeoutMs?: number;
  /** Accept self-signed server certificates (tests, internal relays). */
  allowSelfSigned?: boolean;
}

/** Connection-level codes of nodemailer: nothing was delivered, try again later. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'ETLS', 'EMAXLIMIT']);

interface NodemailerError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
  rejected?: Array<string | { address: string }>;
  rejectedErrors?: Array<{ response?: string; responseCode?: number; recipient?: string }>;
}

const address = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address);

/**
 * Classifies a failed send: 5xx answers (unknown mailbox, policy rejection, authentication) are
 * permanent; 4xx answers (greylisting, mailbox busy) and connection failures are retryable.
 */
export function classifySmtpError(e: unknown): Extract<MailOutcome, { ok: false }> {
  const err = e as NodemailerError;
  const first = err.rejectedErrors?.[0];
  const responseCode = err.responseCode ?? first?.responseCode;
  const response = err.response ?? first?.response ?? `${err.code ? `${err.code}: ` : ''}${err.message}`;
  const rejected = (err.rejected ?? []).map(address);
  // Without a server answer: connection-level failures retry; a malformed envelope or message never will.
  const retryable = responseCode !== undefined ? responseCode < 500 : err.code === undefined || TRANSIENT_CODES.has(err.code) || !['EENVELOPE', 'EMESSAGE'].includes(err.code);
  return { ok: false, retryable, response, ...(responseCode !== undefined && { responseCode }), rejected };
}

/** Delivery over SMTP with nodemailer; every answer of the server is returned for the record. */
export function createSmtpMailer(settings: SmtpSettings): DeliveryMailer {
  const timeout = settings.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({
    ...(settings.url ? { url: settings.url } : { host: settings.host, port: settings.port ?? (settings.secure ? 465 : 587), secure: settings.secure ?? false }),
    ...(!settings.url && settings.user && { auth: { user: settings.user, pass: settings.pass ?? '' } }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
    ...(settings.allowSelfSigned && { tls: { rejectUnauthorized: false } }),
  });
  return {
    transport: 'smtp',
    async send(mail: OutgoingMail): Promise<MailOutcome> {
      try {
        const info = await transport.sendMail(toNodemailerMessage(mail));
        return {
          ok: true,
          transport: 'smtp',
          response: String(info.response ?? ''),
          messageId: info.messageId ?? null,
          accepted: (info.accepted ?? []).map(address),
          rejected: (info.rejected ?? []).map(address),
        };
      } catch (e) {
        return classifySmtpError(e);
      }
    },
    close() {
      transport.close();
    },
  };
}
