import { join } from 'node:path';
import type { DeliveryMailer } from '../../delivery/ports.js';
import { createOutboxMailer } from './outbox-mailer.js';
import { createSmtpMailer, type SmtpSettings } from './smtp-mailer.js';

/** Mail settings of the platform (docs/delivery.md). */
export interface MailConfig {
  /** SMTP settings, or undefined for the local outbox. */
  smtp: SmtpSettings | undefined;
  /** Sender address (`PREVIA_MAIL_FROM`); the organization's name is its display name. */
  from: string;
  /** Folder of the `.eml` outbox (`<PREVIA_DATA_DIR>/outbox`). */
  outboxDir: string;
  /** Delivery attempts before a delivery is marked failed (`PREVIA_MAIL_MAX_ATTEMPTS`, 8). */
  maxAttempts: number;
  /** Send automatically after DIAN acceptance (`PREVIA_MAIL_AUTO`, 1). */
  autoSend: boolean;
}

/**
 * Reads `PREVIA_SMTP_URL` (or `PREVIA_SMTP_HOST`, `PREVIA_SMTP_PORT`, `PREVIA_SMTP_USER`,
 * `PREVIA_SMTP_PASS`, `PREVIA_SMTP_SECURE`), `PREVIA_SMTP_TIMEOUT_MS`,
 * `PREVIA_SMTP_ALLOW_SELF_SIGNED`, `PREVIA_MAIL_FROM`, `PREVIA_MAIL_MAX_ATTEMPTS`, `PREVIA_MAIL_AUTO`.
 */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): MailConfig {
  const url = env.PREVIA_SMTP_URL || undefined;
  const host = env.PREVIA_SMTP_HOST || undefined;
  let smtp: SmtpSettings | undefined;
  if (url || host) {
    if (url && !/^smtps?:\/\//.test(url)) throw new Error('PREVIA_SMTP_URL debe empezar por smtp:// o smtps://');
    smtp = {
      ...(url ? { url } : { host: host! }),
      ...(env.PREVIA_SMTP_PORT && { port: Number(env.PREVIA_SMTP_PORT) }),
      ...(env.PREVIA_SMTP_SECURE && { secure: env.PREVIA_SMTP_SECURE === '1' || env.PREVIA_SMTP_SECURE === 'true' }),
      ...(env.PREVIA_SMTP_USER && { user: env.PREVIA_SMTP_USER }),
      ...(env.PREVIA_SMTP_PASS && { pass: env.PREVIA_SMTP_PASS }),
      ...(env.PREVIA_SMTP_TIMEOUT_MS && { timeoutMs: Number(env.PREVIA_SMTP_TIMEOUT_MS) }),
      ...(env.PREVIA_SMTP_ALLOW_SELF_SIGNED === '1' && { allowSelfSigned: true }),
    };
  }
  return {
    smtp,
    from: env.PREVIA_MAIL_FROM || 'facturacion@previa.localhost',
    outboxDir: env.PREVIA_MAIL_OUTBOX_DIR || join(dataDir, 'outbox'),
    maxAttempts: Number(env.PREVIA_MAIL_MAX_ATTEMPTS ?? 8),
    autoSend: (env.PREVIA_MAIL_AUTO ?? '1') !== '0',
  };
}

/** The mailer the configuration asks for: SMTP when configured, else the `.eml` outbox. */
export function createMailer(config: MailConfig): DeliveryMailer {
  return config.smtp ? createSmtpMailer(config.smtp) : createOutboxMailer(config.outboxDir);
}
