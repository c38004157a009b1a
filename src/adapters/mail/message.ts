import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../../delivery/ports.js';

/** The nodemailer message for an outgoing delivery mail (shared by the SMTP and outbox mailers). */
export function toNodemailerMessage(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    ...(mail.replyTo && { replyTo: mail.replyTo }),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
  };
}
