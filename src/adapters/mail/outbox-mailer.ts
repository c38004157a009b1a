import { randomUUID } from 'node:crypto';
import { toNodemailerMessage } from './message.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { DeliveryMailer, MailOutcome, OutgoingMail } from '../../delivery/ports.js';

/**
 * The embedded default when no SMTP server is configured: each message is written as a complete
 * RFC 5322 `.eml` file (the very bytes SMTP would carry, attachments included) to a local
 * outbox folder, so `npm start` works without a mail server and the message can be opened with
 * any mail client. Recorded as `delivered_to_outbox`, never as delivered to the buyer.
 */
export function createOutboxMailer(folder: string, clock: () => Date = () => new Date()): DeliveryMailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    transport: 'outbox',
    async send(mail: OutgoingMail): Promise<MailOutcome> {
      try {
        const info = await transport.sendMail(toNodemailerMessage(mail));
        mkdirSync(folder, { recursive: true });
        const stamp = clock().toISOString().replace(/[:.]/g, '-');
        const zip = mail.attachments[0]?.filename.replace(/\.zip$/, '') ?? 'mensaje';
        const path = join(folder, `${stamp}-${zip}-${randomUUID().slice(0, 8)}.eml`);
        writeFileSync(path, info.message as Buffer);
        return { ok: true, transport: 'outbox', response: `Mensaje guardado en la bandeja de salida local: ${path}`, messageId: info.messageId ?? null, accepted: [...mail.to], rejected: [], location: path };
      } catch (e) {
        // A full disk or a permissions problem may clear up: retry.
        return { ok: false, retryable: true, response: `No se pudo escribir en la bandeja de salida ${folder}: ${e instanceof Error ? e.message : String(e)}`, rejected: [] };
      }
    },
  };
}
