/**
 * Reception from a mailbox (issue #8): polls an IMAP mailbox with imapflow, takes every ZIP or
 * XML attachment of the messages not seen before and ingests it as a received document.
 *
 * Idempotent: the highest processed UID is kept per mailbox and UIDVALIDITY (a reset mailbox is
 * read again, and the content hash makes re-reading harmless). Messages are read with
 * BODY.PEEK (no \Seen flag) and nothing is deleted unless `afterProcess` says so.
 */
import { ImapFlow, type MessageStructureObject } from 'imapflow';
import type { ReceptionDeps } from '../../app/reception-deps.js';
import { ingestReceived, type IngestResult } from '../../app/reception.js';

/** What to do with a message once its attachments are stored. */
export type AfterProcess = 'keep' | 'seen' | 'delete';

/** One mailbox polled for one organization. */
export interface ImapConfig {
  host: string;
  port: number;
  /** Implicit TLS (993); false = plain or STARTTLS when offered. */
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
  /** NIT of the organization that receives what arrives in this mailbox. */
  organizationNit: string;
  pollMs: number;
  afterProcess: AfterProcess;
  /** Reject servers with invalid TLS certificates (default true). */
  rejectUnauthorized: boolean;
  /** Largest attachment read, bytes. */
  maxAttachmentBytes: number;
}

/**
 * The IMAP settings from the environment, or undefined when `PREVIA_IMAP_HOST` is not set
 * (docs/configuration.md): `PREVIA_IMAP_HOST`, `PREVIA_IMAP_PORT` (993), `PREVIA_IMAP_SECURE`
 * (1), `PREVIA_IMAP_USER`, `PREVIA_IMAP_PASS`, `PREVIA_IMAP_MAILBOX` (INBOX),
 * `PREVIA_IMAP_ORG_NIT`, `PREVIA_IMAP_POLL_MS` (60000), `PREVIA_IMAP_AFTER` (keep | seen | delete),
 * `PREVIA_IMAP_TLS_REJECT_UNAUTHORIZED` (1).
 */
export function imapConfigFromEnv(env: Record<string, string | undefined>): ImapConfig | undefined {
  if (!env.PREVIA_IMAP_HOST) return undefined;
  const missing = ['PREVIA_IMAP_USER', 'PREVIA_IMAP_PASS', 'PREVIA_IMAP_ORG_NIT'].filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`Con PREVIA_IMAP_HOST defina también ${missing.join(', ')}`);
  const after = (env.PREVIA_IMAP_AFTER ?? 'keep') as AfterProcess;
  if (!['keep', 'seen', 'delete'].includes(after)) throw new Error(`PREVIA_IMAP_AFTER inválido: ${after} (keep, seen o delete)`);
  const secure = (env.PREVIA_IMAP_SECURE ?? '1') !== '0';
  return {
    host: env.PREVIA_IMAP_HOST,
    port: Number(env.PREVIA_IMAP_PORT ?? (secure ? 993 : 143)),
    secure,
    user: env.PREVIA_IMAP_USER!,
    pass: env.PREVIA_IMAP_PASS!,
    mailbox: env.PREVIA_IMAP_MAILBOX ?? 'INBOX',
    organizationNit: env.PREVIA_IMAP_ORG_NIT!,
    pollMs: Number(env.PREVIA_IMAP_POLL_MS ?? 60_000),
    afterProcess: after,
    rejectUnauthorized: (env.PREVIA_IMAP_TLS_REJECT_UNAUTHORIZED ?? '1') !== '0',
    maxAttachmentBytes: Number(env.PREVIA_IMAP_MAX_ATTACHMENT_BYTES ?? 10 * 1024 * 1024),
  };
}

/** An attachment worth ingesting: a ZIP or an XML file. */
function documentParts(node: MessageStructureObject | undefined, out: Array<{ part: string; name: string }> = []): Array<{ part: string; name: string }> {
  if (!node) return out;
  if (node.childNodes && node.childNodes.length > 0) {
    for (const c of node.childNodes) documentParts(c, out);
    return out;
  }
  const name = node.dispositionParameters?.filename ?? node.parameters?.name ?? '';
  const type = node.type.toLowerCase();
  const looksLikeDocument = /\.(zip|xml)$/i.test(name) || ['application/zip', 'application/x-zip-compressed', 'application/xml', 'text/xml'].includes(type);
  if (looksLikeDocument && (node.part || !node.childNodes)) out.push({ part: node.part ?? '1', name: name || (type.includes('zip') ? 'adjunto.zip' : 'adjunto.xml') });
  return out;
}

/** Reads at most `max` bytes (the download itself is capped, so a huge part is never held whole). */
async function readAll(stream: NodeJS.ReadableStream, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(b.subarray(0, Math.max(0, max - size)));
    size += b.length;
    if (size >= max) break;
  }
  return Buffer.concat(chunks);
}

/** What one poll did. */
export interface PollReport {
  messages: number;
  documents: IngestResult[];
  skipped: Array<{ uid: number; reason: string }>;
}

/**
 * Polls the mailbox once: every message with a UID above the stored cursor.
 *
 * @throws when the organization is unknown or the mailbox cannot be reached (the poller logs it).
 */
export async function pollMailboxOnce(d: ReceptionDeps, config: ImapConfig): Promise<PollReport> {
  const org = await d.app.store.findOrganizationByNit(config.organizationNit);
  if (!org) throw new Error(`No hay organización con NIT ${config.organizationNit} para el buzón ${config.user}@${config.host}`);
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.pass },
    logger: false,
    tls: { rejectUnauthorized: config.rejectUnauthorized },
  });
  const report: PollReport = { messages: 0, documents: [], skipped: [] };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(config.mailbox);
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error(`No se pudo abrir el buzón ${config.mailbox}`);
      const uidValidity = String(mailbox.uidValidity);
      const key = `${org.id}|${config.user}@${config.host}:${config.port}/${config.mailbox}`;
      const cursor = await d.store.getImapCursor(key);
      const lastUid = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid : 0;
      if (mailbox.exists === 0) return report;
      // `n:*` always returns the newest message, even below n: filter by UID.
      const messages = (await client.fetchAll(`${lastUid + 1}:*`, { uid: true, envelope: true, bodyStructure: true }, { uid: true })).filter((m) => m.uid > lastUid).sort((a, b) => a.uid - b.uid);
      for (const m of messages) {
        report.messages++;
        const parts = documentParts(m.bodyStructure);
        const sourceRef = m.envelope?.messageId ?? `uid:${m.uid}`;
        if (parts.length === 0) report.skipped.push({ uid: m.uid, reason: 'sin adjuntos ZIP o XML' });
        for (const p of parts) {
          // One byte over the limit is enough for the analysis to refuse it by size (kept as invalid, with the reason).
          const dl = await client.download(String(m.uid), p.part, { uid: true, maxBytes: config.maxAttachmentBytes + 1 });
          const bytes = dl.content ? await readAll(dl.content, config.maxAttachmentBytes + 1) : new Uint8Array(0);
          report.documents.push(await ingestReceived(d, org.id, { bytes, source: 'imap', fileName: p.name, sourceRef }));
        }
        if (config.afterProcess === 'seen') await client.messageFlagsAdd(String(m.uid), ['\\Seen'], { uid: true });
        if (config.afterProcess === 'delete') await client.messageDelete(String(m.uid), { uid: true });
        // Advance after each message: a crash re-reads at most the message in progress.
        await d.store.saveImapCursor(key, { uidValidity, lastUid: m.uid }, d.app.clock.now());
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return report;
}

/** A running poller. */
export interface ImapPoller {
  /** Polls now (waits for a poll in progress first). */
  pollNow(): Promise<PollReport | undefined>;
  stop(): Promise<void>;
}

/** Polls every `pollMs`; errors are logged and the next poll tries again. */
export function startImapPoller(d: ReceptionDeps, config: ImapConfig): ImapPoller {
  let running: Promise<PollReport | undefined> | undefined;
  let stopped = false;
  const poll = (): Promise<PollReport | undefined> => {
    running ??= pollMailboxOnce(d, config)
      .catch((e: unknown) => {
        d.app.log(`Buzón IMAP ${config.user}@${config.host}: no se pudo leer`, e);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void poll();
  }, config.pollMs);
  timer.unref();
  void poll();
  return {
    async pollNow() {
      if (running) await running;
      return poll();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
