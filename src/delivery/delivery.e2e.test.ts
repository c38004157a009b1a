/**
 * End to end: an invoice is issued through the API, the DIAN simulator accepts it, the durable
 * queue delivers it and a real SMTP server (smtp-server) receives the e-mail; the message is
 * parsed (mailparser) and its ZIP opened and checked down to the signed bytes DIAN accepted.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../app/worker.js';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createOutboxMailer } from '../adapters/mail/outbox-mailer.js';
import { startTestSmtpServer, type TestSmtpServer } from '../adapters/mail/test-support/smtp-test-server.js';
import { createApp } from '../server/app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from '../server/main.js';
import { readAttachedDocument } from '../signing/attached-document.js';
import { HAS_XMLSEC1, skipReason, xmlsec1Verify } from '../signing/test-support/external-tools.js';
import { verifyXml } from '../signing/verify.js';
import { unzipDocuments } from '../signing/zip.js';

const target = DATABASE_TARGETS[0]!;

describe('delivery to the buyer, end to end (simulator + real SMTP server)', { timeout: 120_000 }, () => {
  let smtp: TestSmtpServer;
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let worker: RunningWorker;
  let key = '';
  let dir: string;
  const H = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await app.request(path, { method, headers: H(), ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    try {
      return { status: res.status, json: JSON.parse(text) };
    } catch {
      return { status: res.status, json: text };
    }
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const waitFor = async (path: string, done: (j: any) => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const r = await call('GET', path);
      if (done(r.json)) return r.json;
      if (Date.now() > end) throw new Error(`timeout esperando ${path}: ${JSON.stringify(r.json).slice(0, 800)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ refuse: (a) => a.startsWith('nobody@') });
    dir = mkdtempSync(join(tmpdir(), 'previa-delivery-'));
    const env = { PREVIA_DATA_DIR: dir, PREVIA_SIMULATOR_PORT: '0', PREVIA_SMTP_URL: smtp.url, PREVIA_MAIL_FROM: 'Previa <facturacion@previa.test>', PREVIA_SMTP_TIMEOUT_MS: '3000' };
    const base = configFromEnv(env);
    const config = { ...base, app: { ...base.app, backoffBaseMs: 200, backoffMaxMs: 600 } };
    platform = await composePlatform(config, { database: await target.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    // Habilitación is covered by the platform's e2e suite; here the organization is enabled directly.
    const org = (await platform.deps.store.listOrganizations())[0]!;
    await platform.deps.store.updateOrganization(org.id, { habilitacionState: 'habilitado', einvoicingEnabled: true });
    app = createApp(platform.deps, { adminKey: platform.adminKey, delivery: platform.delivery });
    worker = startWorker(platform.deps, { workerId: 'delivery-e2e', concurrency: 4, pollMs: 20, leaseMs: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await platform?.close();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let invoiceId = '';
  let invoiceNumber = '';
  it('after DIAN acceptance the buyer receives the e-mail at every reception address', async () => {
    const party = JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer;
    const customer = await call('POST', '/v1/customers', { party, receptionEmails: ['recepcion@distvalle.example', 'contabilidad@distvalle.example'] });
    expect(customer.status).toBe(201);
    const created = await call('POST', '/v1/documents', {
      kind: 'invoice',
      customerId: customer.json.id,
      payment: { form: '2', means: '42', dueDate: '2030-01-15' },
      lines: [
        { description: 'Arroz blanco 1 kg', code: 'ARZ-001', quantity: '24', unitPrice: '4200.00', taxes: [{ code: '01', percent: '5' }] },
        { description: 'Servicio de instalación', quantity: '1', unitPrice: '1050000.00', taxes: [{ code: '01', percent: '19' }] },
      ],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    invoiceId = created.json.id;
    invoiceNumber = created.json.number;
    const doc = await waitFor(`/v1/documents/${invoiceId}`, (j) => j.status !== 'queued');
    expect(doc.status).toBe('accepted');

    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelope.to.sort()).toEqual(['contabilidad@distvalle.example', 'recepcion@distvalle.example']);
    expect(mail!.envelope.from).toBe('facturacion@previa.test');
    const parsed = mail!.parsed;
    // DIAN's convention: NIT;Name;Number;Type code;Commercial name;Business line.
    expect(parsed.subject).toBe(`900108281;Comercializadora Andina de Prueba S.A.S.;${invoiceNumber};01;Andina Prueba;`);
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Andina Prueba', address: 'facturacion@previa.test' });
    expect(parsed.replyTo?.value[0]?.address).toBe('facturacion@andina-prueba.example');
    expect(parsed.text).toContain(`No. ${invoiceNumber}`);
    expect(parsed.text).toContain('facturacion@andina-prueba.example');
    expect(parsed.html).toContain(doc.uuid);

    // One ZIP named per DIAN with the AttachedDocument and the PDF.
    expect(parsed.attachments).toHaveLength(1);
    const zip = parsed.attachments[0]!;
    expect(zip.filename).toMatch(/^z0900108281000\d{2}[0-9A-F]{8}\.zip$/);
    expect(zip.contentType).toBe('application/zip');
    const entries = unzipDocuments(new Uint8Array(zip.content));
    const stem = zip.filename!.slice(1, -4);
    expect(entries.map((e) => e.name).sort()).toEqual([`ad${stem}.pdf`, `ad${stem}.xml`]);
    const attached = Buffer.from(entries.find((e) => e.name.endsWith('.xml'))!.content).toString('utf8');
    const pdf = entries.find((e) => e.name.endsWith('.pdf'))!.content;
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');

    // The container verifies, with our verifier and with xmlsec1.
    expect(verifyXml(attached).valid).toBe(true);
    if (HAS_XMLSEC1) expect(xmlsec1Verify({ xml: attached }).ok).toBe(true);
    else console.warn(`xmlsec1 ${skipReason({ xmlsec1: true })}`);

    // It embeds the exact signed invoice DIAN accepted, and DIAN's ApplicationResponse.
    const sentXml = await (await app.request(`/v1/documents/${invoiceId}/xml`, { headers: H() })).text();
    const ar = await (await app.request(`/v1/documents/${invoiceId}/application-response`, { headers: H() })).text();
    const inside = readAttachedDocument(attached);
    expect(inside.documentXml).toBe(sentXml.replace(/\r\n?/g, '\n').trim());
    expect(inside.applicationResponseXml).toBe(ar.replace(/\r\n?/g, '\n').trim());
    expect(verifyXml(inside.documentXml).valid).toBe(true);

    const status = await waitFor(`/v1/documents/${invoiceId}/delivery`, (j) => j.status === 'delivered');
    expect(status.deliveries).toHaveLength(1);
    expect(status.deliveries[0]).toMatchObject({ trigger: 'auto', status: 'delivered', zipName: zip.filename, attempts: 1 });
    expect(status.deliveries[0].history).toMatchObject([{ attempt: 1, transport: 'smtp', outcome: 'delivered', responseCode: null }]);
    expect(status.deliveries[0].history[0].accepted.sort()).toEqual(['contabilidad@distvalle.example', 'recepcion@distvalle.example']);
    expect(status.deliveries[0].lastResponse).toMatch(/^250 /);
  });

  it('downloads the PDF and the same ZIP through the API', async () => {
    const pdf = await app.request(`/v1/documents/${invoiceId}/pdf`, { headers: H() });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const zip = await app.request(`/v1/documents/${invoiceId}/zip`, { headers: H() });
    expect(zip.status).toBe(200);
    const name = /filename="([^"]+)"/.exec(zip.headers.get('content-disposition') ?? '')![1]!;
    expect(name).toBe(smtp.received[0]!.parsed.attachments[0]!.filename);
    const entries = unzipDocuments(new Uint8Array(await zip.arrayBuffer()));
    // The AttachedDocument is made once: the download carries the bytes that were e-mailed.
    const mailed = unzipDocuments(new Uint8Array(smtp.received[0]!.parsed.attachments[0]!.content));
    expect(Buffer.from(entries.find((e) => e.name.endsWith('.xml'))!.content).equals(Buffer.from(mailed.find((e) => e.name.endsWith('.xml'))!.content))).toBe(true);
    expect((await call('GET', '/v1/documents/00000000-0000-4000-8000-000000000000/pdf')).status).toBe(404);
  });

  it('a refused recipient is recorded as failed with the server answer (no retries)', async () => {
    const r = await call('POST', `/v1/documents/${invoiceId}/send-email`, { to: ['nobody@distvalle.example'] });
    expect(r.status).toBe(202);
    const status = await waitFor(`/v1/documents/${invoiceId}/delivery`, (j) => j.deliveries.some((x: { id: string; status: string }) => x.id === r.json.id && x.status === 'failed'));
    const d = status.deliveries.find((x: { id: string }) => x.id === r.json.id);
    expect(d.trigger).toBe('manual');
    expect(d.history).toHaveLength(1);
    expect(d.history[0]).toMatchObject({ outcome: 'failed', responseCode: 550, rejected: ['nobody@distvalle.example'] });
    expect(d.history[0].response).toMatch(/550.*User unknown/);
    expect(d.lastResponse).toMatch(/550/);
    expect(status.status).toBe('failed');
    expect((await call('POST', `/v1/documents/${invoiceId}/send-email`, { to: ['no es un correo'] })).status).toBe(422);
  });

  it('SMTP down: the delivery is retried and delivered once the server is back', async () => {
    const port = smtp.port;
    const before = smtp.received.length;
    await smtp.close();
    const r = await call('POST', `/v1/documents/${invoiceId}/send-email`, { to: ['tesoreria@distvalle.example'] });
    expect(r.status).toBe(202);
    await waitFor(`/v1/documents/${invoiceId}/delivery`, (j) => j.deliveries.find((x: { id: string }) => x.id === r.json.id)?.history.length >= 2);
    const received = smtp.received;
    smtp = await startTestSmtpServer({ port, refuse: (a) => a.startsWith('nobody@') });
    const status = await waitFor(`/v1/documents/${invoiceId}/delivery`, (j) => j.deliveries.find((x: { id: string }) => x.id === r.json.id)?.status === 'delivered', 30_000);
    const d = status.deliveries.find((x: { id: string }) => x.id === r.json.id);
    const outcomes = d.history.map((a: { outcome: string }) => a.outcome);
    expect(outcomes.at(-1)).toBe('delivered');
    expect(outcomes.slice(0, -1).every((o: string) => o === 'retry')).toBe(true);
    expect(d.history[0].response).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
    const [mail] = await smtp.waitFor(1);
    expect(received.length).toBe(before);
    expect(mail!.envelope.to).toEqual(['tesoreria@distvalle.example']);
  });

  it('without SMTP the message is written to the outbox as .eml and recorded as delivered to outbox', async () => {
    const outbox = join(dir, 'outbox');
    platform.delivery.mailer = createOutboxMailer(outbox);
    const r = await call('POST', `/v1/documents/${invoiceId}/send-email`, {});
    expect(r.status).toBe(202);
    expect(r.json.recipients.sort()).toEqual(['contabilidad@distvalle.example', 'recepcion@distvalle.example']);
    const status = await waitFor(`/v1/documents/${invoiceId}/delivery`, (j) => j.status === 'delivered_to_outbox');
    const d = status.deliveries.at(-1);
    expect(d.history[0]).toMatchObject({ transport: 'outbox', outcome: 'delivered_to_outbox' });
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const parsed = await simpleParser(readFileSync(join(outbox, files[0]!)));
    expect(parsed.subject).toContain(`;${invoiceNumber};01;`);
    expect(parsed.attachments[0]!.filename).toMatch(/^z.*\.zip$/);
  });
});
