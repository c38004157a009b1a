import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../delivery/ports.js';
import { createMailer, mailConfigFromEnv } from './config.js';
import { createOutboxMailer } from './outbox-mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';
import { freePort, startTestSmtpServer } from './test-support/smtp-test-server.js';

const mail = (to: string[]): OutgoingMail => ({
  from: '"Andina Prueba" <facturacion@previa.test>',
  replyTo: 'facturacion@andina-prueba.example',
  to,
  subject: '900108281;Comercializadora Andina de Prueba S.A.S.;SETP990000001;01;Andina Prueba;',
  text: 'Señores Distribuidora del Valle: adjuntamos la factura.',
  html: '<p>Señores <b>Distribuidora del Valle</b></p>',
  attachments: [{ filename: 'z09001082810002600000001.zip', content: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), contentType: 'application/zip' }],
});

const dir = mkdtempSync(join(tmpdir(), 'previa-mail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SMTP mailer against a real SMTP server', () => {
  it('delivers to every recipient and returns the server answer', async () => {
    const server = await startTestSmtpServer();
    const mailer = createSmtpMailer({ url: server.url });
    try {
      const r = await mailer.send(mail(['a@buyer.example', 'b@buyer.example']));
      expect(r).toMatchObject({ ok: true, transport: 'smtp', accepted: ['a@buyer.example', 'b@buyer.example'], rejected: [] });
      if (r.ok) expect(r.response).toMatch(/^250 /);
      const [got] = await server.waitFor(1);
      expect(got!.envelope).toEqual({ from: 'facturacion@previa.test', to: ['a@buyer.example', 'b@buyer.example'] });
      expect(got!.parsed.subject).toBe('900108281;Comercializadora Andina de Prueba S.A.S.;SETP990000001;01;Andina Prueba;');
      expect(got!.parsed.text).toContain('Señores Distribuidora del Valle');
      expect(got!.parsed.html).toContain('<b>Distribuidora del Valle</b>');
      expect(got!.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.length])).toEqual([['z09001082810002600000001.zip', 'application/zip', 7]]);
    } finally {
      mailer.close?.();
      await server.close();
    }
  });

  it('a refused recipient is a permanent failure with the server answer; others still get it', async () => {
    const server = await startTestSmtpServer({ refuse: (a) => a.startsWith('nobody@') });
    const mailer = createSmtpMailer({ url: server.url });
    try {
      const bad = await mailer.send(mail(['nobody@buyer.example']));
      expect(bad).toMatchObject({ ok: false, retryable: false, responseCode: 550, rejected: ['nobody@buyer.example'] });
      if (!bad.ok) expect(bad.response).toMatch(/550.*User unknown/);
      const mixed = await mailer.send(mail(['nobody@buyer.example', 'ok@buyer.example']));
      expect(mixed).toMatchObject({ ok: true, accepted: ['ok@buyer.example'], rejected: ['nobody@buyer.example'] });
    } finally {
      mailer.close?.();
      await server.close();
    }
  });

  it('a server that is down is a retryable failure', async () => {
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: await freePort(), timeoutMs: 2000 });
    const r = await mailer.send(mail(['a@buyer.example']));
    expect(r).toMatchObject({ ok: false, retryable: true });
    if (!r.ok) expect(r.response).toMatch(/ECONNREFUSED|ECONNECTION/);
  });
});

describe('outbox mailer (no SMTP configured)', () => {
  it('writes a complete .eml that parses back with the attachment', async () => {
    const mailer = createOutboxMailer(join(dir, 'outbox'));
    const r = await mailer.send(mail(['a@buyer.example']));
    expect(r.ok && r.transport).toBe('outbox');
    if (!r.ok) throw new Error(r.response);
    const parsed = await simpleParser(readFileSync(r.location!));
    expect(parsed.subject).toBe(mail([]).subject);
    expect(parsed.attachments[0]!.filename).toBe('z09001082810002600000001.zip');
    expect(r.response).toContain(r.location!);
  });

  it('is the default without SMTP settings; PREVIA_SMTP_URL or PREVIA_SMTP_HOST select SMTP', () => {
    const none = mailConfigFromEnv({}, '/data');
    expect(none.smtp).toBeUndefined();
    expect(none.outboxDir).toBe(join('/data', 'outbox'));
    expect(createMailer(none).transport).toBe('outbox');
    expect(mailConfigFromEnv({ PREVIA_SMTP_URL: 'smtps://u:p@mail.example:465' }, '/d').smtp).toEqual({ url: 'smtps://u:p@mail.example:465' });
    expect(mailConfigFromEnv({ PREVIA_SMTP_HOST: 'mail.example', PREVIA_SMTP_PORT: '2525', PREVIA_SMTP_USER: 'u', PREVIA_SMTP_PASS: 'p', PREVIA_SMTP_SECURE: 'true' }, '/d').smtp).toEqual({ host: 'mail.example', port: 2525, user: 'u', pass: 'p', secure: true });
    expect(() => mailConfigFromEnv({ PREVIA_SMTP_URL: 'http://x' }, '/d')).toThrow(/smtp:\/\//);
  });
});
