import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { ImapFlow } from 'imapflow';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../cli/commands.js';
import { uploadCertificate } from '../app/certificates.js';
import { updateOrganizationSettings } from '../app/organizations.js';
import { startWorker, type RunningWorker } from '../app/worker.js';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { pollMailboxOnce, type ImapConfig } from '../adapters/imap/poller.js';
import { dovecotAvailable, startDovecot, type TestImapServer } from '../adapters/imap/test-support/dovecot.js';
import { makeDemoPkcs12 } from '../adapters/signing/demo-certificate.js';
import { buildEvent } from '../core/ubl/event.js';
import { DEMO, DEMO_CONFIG, startSimulator, type RunningSimulator } from '../dian/index.js';
import { createApp } from './app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from './main.js';

const target = DATABASE_TARGETS[0]!;
/** Organization B: the buyer of the examples (Distribuidora del Valle), with its own software. */
const BUYER = { nit: '800199436', dv: '4', softwareId: '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b', pin: '31415' };

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('received documents and RADIAN events end to end (organization A issues, organization B receives)', { timeout: 240_000 }, () => {
  let platform: Platform;
  let sim: RunningSimulator;
  let app: ReturnType<typeof createApp>;
  let worker: RunningWorker;
  let dir: string;
  let keyA = '';
  let keyB = '';
  let orgB = '';
  let clockOffsetMs = 0;

  const call = async (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const isBytes = body instanceof Uint8Array || typeof body === 'string';
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': isBytes ? 'application/octet-stream' : 'application/json', ...headers },
      ...(body !== undefined && { body: isBytes ? (body as never) : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: Json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json, text };
  };
  const waitFor = async (key: string, path: string, done: (j: Json) => boolean, ms = 90_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const r = await call(key, 'GET', path);
      if (done(r.json)) return r.json;
      if (Date.now() > end) throw new Error(`timeout esperando ${path}: ${JSON.stringify(r.json).slice(0, 400)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  /** Signs in to the web application with an API key; returns the session cookie. */
  const webLogin = async (key: string) => {
    const login = await app.request('/app/ingresar', { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ apiKey: key }).toString() });
    expect(login.status).toBe(303);
    return /^[^;]+/.exec(login.headers.get('set-cookie')!)![0];
  };
  const webPost = (cookie: string, path: string) => app.request(path, { method: 'POST', headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  const issueInvoice = async (idem: string) => {
    const invoice = JSON.parse(readFileSync('examples/invoice.json', 'utf8'));
    const body = { kind: 'invoice', customer: invoice.customer, payment: invoice.payment, lines: invoice.lines };
    const created = await call(keyA, 'POST', '/v1/documents', body, { 'idempotency-key': idem });
    expect(created.status).toBe(201);
    const doc = await waitFor(keyA, `/v1/documents/${created.json.id}`, (j) => j.status !== 'queued' && j.uuid);
    expect(doc.status).toBe('accepted');
    return doc as { id: string; uuid: string; number: string };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-reception-'));
    sim = await startSimulator({
      port: 0,
      config: { ...DEMO_CONFIG, software: [...(DEMO_CONFIG.software ?? []), { id: BUYER.softwareId, pin: BUYER.pin, name: 'Software del comprador', ownerNit: BUYER.nit }] },
    });
    const env = configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_DIAN_URL: sim.url, PREVIA_DIAN_ENV: 'simulator' });
    const config = { ...env, app: { ...env.app, habilitacionComposition: { invoices: 2, creditNotes: 1, debitNotes: 1 }, habilitacionPollMs: 50 } };
    platform = await composePlatform(config, { database: await target.open() });
    const realNow = platform.deps.clock.now.bind(platform.deps.clock);
    platform.deps.clock = { now: () => new Date(realNow().getTime() + clockOffsetMs) };
    keyA = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    app = createApp(platform.deps, { adminKey: platform.adminKey, delivery: platform.delivery, reception: platform.reception });
    worker = startWorker(platform.deps, { workerId: 'reception-e2e', concurrency: 4, pollMs: 20, leaseMs: 30_000 });

    // Organization A: habilitación, then e-invoicing.
    expect((await call(keyA, 'POST', '/v1/habilitacion', {})).status).toBe(202);
    const hab = await waitFor(keyA, '/v1/habilitacion', (j) => j.state !== 'in_progress');
    expect(hab.state).toBe('habilitado');
    expect((await call(keyA, 'POST', '/v1/organization/einvoicing', { enabled: true })).status).toBe(200);

    // Organization B: the buyer, with its certificate and software.
    const res = await app.request('/v1/admin/organizations', {
      method: 'POST',
      headers: { 'x-admin-key': platform.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ nit: BUYER.nit, dv: BUYER.dv, legalName: 'Distribuidora del Valle Ltda.', personType: '1', responsibilities: ['O-13'], address: { municipalityCode: '76001', line: 'Calle 5 # 38-25' } }),
    });
    expect(res.status).toBe(201);
    const createdB = (await res.json()) as { organization: { id: string }; apiKey: string };
    keyB = createdB.apiKey;
    orgB = createdB.organization.id;
    await updateOrganizationSettings(platform.deps, orgB, { softwareId: BUYER.softwareId, softwarePin: BUYER.pin, environment: '2' });
    const password = randomBytes(9).toString('base64url');
    await uploadCertificate(platform.deps, orgB, makeDemoPkcs12({ nit: BUYER.nit, name: 'Distribuidora del Valle Ltda.', password }), password);
  }, 200_000);

  afterAll(async () => {
    await worker?.stop();
    await platform?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let invoice: { id: string; uuid: string; number: string };
  let receivedId = '';
  let zipBytes: Uint8Array;

  it('B receives the ZIP that A delivers (AttachedDocument + PDF): every check passes, stored with supplier, totals, taxes and PDF', async () => {
    invoice = await issueInvoice('factura-para-b');
    const zip = await app.request(`/v1/documents/${invoice.id}/zip`, { headers: { authorization: `Bearer ${keyA}` } });
    expect(zip.status).toBe(200);
    zipBytes = new Uint8Array(await zip.arrayBuffer());
    const r = await call(keyB, 'POST', '/v1/received-documents?fileName=factura.zip', zipBytes);
    expect(r.status).toBe(201);
    const doc = r.json.document;
    expect(doc.status).toBe('valid');
    expect(doc.reason).toBeNull();
    expect(doc.checks.map((c: { check: string; outcome: string }) => `${c.check}:${c.outcome}`)).toEqual([
      'package:ok', 'attached-signature:ok', 'xml:ok', 'signature:ok', 'cufe:ok', 'dian-response:ok', 'buyer:ok',
    ]);
    expect(doc).toMatchObject({ cufe: invoice.uuid, number: invoice.number, documentType: 'invoice', supplier: { nit: DEMO.nit }, customer: { nit: BUYER.nit }, hasPdf: true, hasApplicationResponse: true, source: 'upload' });
    expect(doc.totals.payable).toMatch(/^\d+\.\d{2}$/);
    expect(doc.taxes.length).toBeGreaterThan(0);
    expect(doc.deadline.state).toBe('none');
    receivedId = doc.id;
    const pdf = await app.request(`/v1/received-documents/${receivedId}/pdf`, { headers: { authorization: `Bearer ${keyB}` } });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // Tenant isolation: A does not see B's received documents.
    expect((await call(keyA, 'GET', `/v1/received-documents/${receivedId}`)).status).toBe(404);
  });

  it('recognizes the same document received again (same bytes, or the same CUFE in another form)', async () => {
    const again = await call(keyB, 'POST', '/v1/received-documents', zipBytes);
    expect(again.status).toBe(200);
    expect(again.json.outcome).toBe('duplicate');
    expect(again.json.document.id).toBe(receivedId);
    const xml = (await call(keyB, 'GET', `/v1/received-documents/${receivedId}/xml`)).text;
    const sameCufe = await call(keyB, 'POST', '/v1/received-documents', xml, { 'content-type': 'application/xml' });
    expect(sameCufe.json.outcome).toBe('duplicate');
    expect(sameCufe.json.document.timesReceived).toBe(3);
    const list = await call(keyB, 'GET', '/v1/received-documents?status=valid');
    expect(list.json.data.map((d: { id: string }) => d.id)).toEqual([receivedId]);
  });

  it('keeps a tampered invoice as invalid with the reason', async () => {
    const xml = (await call(keyB, 'GET', `/v1/received-documents/${receivedId}/xml`)).text;
    const tampered = xml.replace(/(<cbc:PayableAmount currencyID="COP">)([\d.]+)/, (_m, tag: string) => `${tag}1.00`);
    expect(tampered).not.toBe(xml);
    // Carrying the CUFE of the valid document: kept apart as invalid, never merged into it.
    const sameKey = await call(keyB, 'POST', '/v1/received-documents?fileName=alterada-mismo-cufe.xml', tampered, { 'content-type': 'application/xml' });
    expect(sameKey.status).toBe(201);
    expect(sameKey.json.document).toMatchObject({ status: 'invalid', cufe: invoice.uuid });
    expect(sameKey.json.document.id).not.toBe(receivedId);
    expect((await call(keyB, 'GET', `/v1/received-documents/${receivedId}`)).json.status).toBe('valid');
    // A different CUFE too: the UUID is part of the signed content.
    const renumbered = tampered.replace(new RegExp(invoice.uuid, 'g'), invoice.uuid.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
    const r = await call(keyB, 'POST', '/v1/received-documents?fileName=alterada.xml', renumbered, { 'content-type': 'application/xml' });
    expect(r.status).toBe(201);
    expect(r.json.document.status).toBe('invalid');
    expect(r.json.document.reason).toMatch(/cambió después de firmado/);
    const bad = await call(keyB, 'GET', '/v1/received-documents?status=invalid');
    expect(bad.json.data.map((d: { id: string }) => d.id)).toContain(r.json.document.id);
  });

  it('rejects malformed ZIPs and XML bombs without harm, keeping them as invalid', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Invoice>&lol2;</Invoice>`;
    const b = await call(keyB, 'POST', '/v1/received-documents?fileName=bomba.xml', bomb, { 'content-type': 'application/xml' });
    expect(b.json.document.status).toBe('invalid');
    expect(b.json.document.reason).toMatch(/XML inválido o inseguro/);
    const deep = `<a>${'<b>'.repeat(5000)}${'</b>'.repeat(5000)}</a>`;
    expect((await call(keyB, 'POST', '/v1/received-documents', deep)).json.document.reason).toMatch(/XML inválido o inseguro/);
    const truncated = zipBytes.subarray(0, Math.floor(zipBytes.length / 2));
    const z = await call(keyB, 'POST', '/v1/received-documents?fileName=roto.zip', truncated);
    expect(z.json.document.status).toBe('invalid');
    expect(z.json.document.reason).toMatch(/ZIP inválido/);
    const traversal = zipSync({ '../../etc/passwd.xml': new TextEncoder().encode('<x/>') });
    expect((await call(keyB, 'POST', '/v1/received-documents', traversal)).json.document.reason).toMatch(/ZIP inválido/);
    // A "zip bomb": 50 MB of zeros compressed to a few KB.
    const zeros = zipSync({ 'bomba.xml': new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
    expect(zeros.length).toBeLessThan(200_000);
    const zb = await call(keyB, 'POST', '/v1/received-documents', zeros);
    expect(zb.json.document.reason).toMatch(/ZIP inválido/);
  });

  it('enforces the event order before sending, with DIAN rule IDs', async () => {
    const early = await call(keyB, 'POST', `/v1/received-documents/${receivedId}/events`, { code: '033' });
    expect(early.status).toBe(409);
    expect(early.json.error.issues.map((i: { ruleId: string }) => i.ruleId)).toEqual(['LGC13', 'LGC12']);
    const receiptFirst = await call(keyB, 'POST', `/v1/received-documents/${receivedId}/events`, { code: '032' });
    expect(receiptFirst.json.error.issues.map((i: { ruleId: string }) => i.ruleId)).toEqual(['LGC09']);
    const invalid = (await call(keyB, 'GET', '/v1/received-documents?status=invalid')).json.data.find((x: { cufe: string | null }) => x.cufe === invoice.uuid);
    const onInvalid = await call(keyB, 'POST', `/v1/received-documents/${invalid.id}/events`, { code: '030' });
    expect(onInvalid.status).toBe(409);
    expect(onInvalid.json.error.message).toMatch(/no es válido/);
  });

  it('runs the buyer chain 030 → 032 → 033 accepted by the simulator; the deadline shows after 032; nothing after a final state', async () => {
    const acuse = await call(keyB, 'POST', `/v1/received-documents/${receivedId}/events`, { code: '030' });
    expect(acuse.status).toBe(201);
    expect(acuse.json).toMatchObject({ code: '030', status: 'accepted', number: 'ACU1', direction: 'issued' });
    expect(acuse.json.cude).toMatch(/^[0-9a-f]{96}$/);
    const recibo = await call(keyB, 'POST', `/v1/received-documents/${receivedId}/events`, { code: '032', person: { id: '16789012', firstName: 'Ana', familyName: 'Ríos', jobTitle: 'Almacenista' } });
    expect(recibo.json.status).toBe('accepted');
    const detail = await call(keyB, 'GET', `/v1/received-documents/${receivedId}`);
    expect(detail.json.radian).toEqual({ code: '032', label: 'Bien o servicio recibido' });
    expect(['open', 'due_soon']).toContain(detail.json.deadline.state);
    expect(detail.json.deadline.at).toMatch(/T04:59:59\.999Z$/);
    const xml = (await call(keyB, 'GET', `/v1/events/${recibo.json.id}/xml`)).text;
    expect(xml).toContain('<cbc:FirstName>Ana</cbc:FirstName>');
    expect(xml).toContain('<ds:Signature');
    const accept = await call(keyB, 'POST', '/v1/events', { cufe: invoice.uuid, code: '033' });
    expect(accept.json.status).toBe('accepted');
    const claim = await call(keyB, 'POST', `/v1/received-documents/${receivedId}/events`, { code: '031', claimConcept: '01' });
    expect(claim.status).toBe(409);
    expect(claim.json.error.issues.map((i: { ruleId: string }) => i.ruleId)).toEqual(['LGC02']);
    const history = await call(keyB, 'GET', `/v1/received-documents/${receivedId}/events`);
    expect(history.json.data.map((e: { code: string; status: string }) => `${e.code}:${e.status}`)).toEqual(['030:accepted', '032:accepted', '033:accepted']);
    const after = await call(keyB, 'GET', `/v1/received-documents/${receivedId}`);
    expect(after.json.deadline.state).toBe('closed');
  });

  it('the simulator itself rejects an out-of-order event with the rule ID (bypassing the app check)', async () => {
    const built = buildEvent({
      code: '031',
      number: 'REC-X1',
      issueDate: '2026-11-27',
      issueTime: '12:00:00-05:00',
      environment: '2',
      software: { id: BUYER.softwareId, pin: BUYER.pin, providerNit: BUYER.nit },
      sender: { name: 'Distribuidora del Valle Ltda.', id: BUYER.nit },
      receiver: { name: 'Comercializadora Andina', id: DEMO.nit },
      invoice: { number: invoice.number, cufe: invoice.uuid },
      claimConcept: '01',
    });
    const session = await (await import('../app/reception-deps.js')).dianSession(platform.reception, orgB);
    const signed = await platform.deps.signer.sign(built.xml, session.identity, new Date());
    const r = await platform.reception.dian.sendEvent(session, { fileName: 'ar0800199436000260000FFFF', xml: signed });
    expect(r.kind).toBe('rejected');
    expect(r.kind === 'rejected' && r.messages.map((m) => m.ruleId)).toContain('LGC02');
  });

  it('A sees the events B registered on its invoice (GetStatusEvent)', async () => {
    const r = await call(keyA, 'GET', `/v1/documents/${invoice.id}/events?refresh=1`);
    expect(r.status).toBe(200);
    expect(r.json.refreshError).toBeUndefined();
    expect(r.json.data.map((e: { code: string; direction: string }) => `${e.code}:${e.direction}`)).toEqual(['030:tracked', '032:tracked', '033:tracked']);
    // The same events on the invoice's page of the web application; no 034 button after a final event.
    const detail = await (await app.request(`/app/documentos/${invoice.id}?eventos=1`, { headers: { cookie: await webLogin(keyA) } })).text();
    expect(detail).toContain('Eventos RADIAN del adquiriente');
    for (const label of ['Acuse de recibo (030)', 'Recibo del bien o servicio (032)', 'Aceptación expresa (033)']) expect(detail).toContain(label);
    expect(detail).not.toContain('Registrar aceptación tácita (034)');
  });

  it('a document DIAN could not confirm is not valid until verified again (recheck)', async () => {
    const fifth = await issueInvoice('quinta-factura-dian-caida');
    const xml = (await call(keyA, 'GET', `/v1/documents/${fifth.id}/xml`)).text;
    sim.setFaults({ httpStatus: 503, operations: ['GetStatus'] });
    const r = await call(keyB, 'POST', '/v1/received-documents?fileName=sin-respuesta.xml', xml, { 'content-type': 'application/xml' });
    sim.setFaults({});
    expect(r.json.document.status).toBe('invalid');
    expect(r.json.document.checks.find((c: { check: string }) => c.check === 'dian-response')).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/No se pudo consultar a la DIAN/) });
    const again = await call(keyB, 'POST', `/v1/received-documents/${r.json.document.id}/recheck`);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: 'valid', reason: null, hasApplicationResponse: true });
  });

  it('follows the events on all recent own invoices in one pass (the periodic tracker)', async () => {
    const { trackRecentInvoices } = await import('../app/events.js');
    const r = await trackRecentInvoices(platform.reception, new Date(Date.now() - 86_400_000));
    expect(r.failures).toBe(0);
    expect(r.invoices).toBeGreaterThanOrEqual(1);
  });

  it('B pulls a second invoice from DIAN by CUFE, with automatic 030 + 032 (opt-in); A registers tacit acceptance (034) only after 3 business days', async () => {
    expect((await call(keyB, 'PUT', '/v1/reception/settings', { autoAcknowledge: true, autoReceipt: true, person: { id: '16789012', firstName: 'Ana', familyName: 'Ríos' } })).status).toBe(200);
    const second = await issueInvoice('segunda-factura-para-b');
    const fetched = await call(keyB, 'POST', '/v1/received-documents/fetch', { cufe: second.uuid });
    expect(fetched.status).toBe(201);
    expect(fetched.json.document).toMatchObject({ status: 'valid', source: 'dian', cufe: second.uuid, hasApplicationResponse: true });
    expect(fetched.json.document.checks.find((c: { check: string }) => c.check === 'dian-response').message).toMatch(/^Consultado en la DIAN/);
    expect(fetched.json.autoEvents).toEqual([{ code: '030', status: 'accepted' }, { code: '032', status: 'accepted' }]);
    const early = await call(keyA, 'POST', '/v1/events', { cufe: second.uuid, code: '034' });
    expect(early.status).toBe(409);
    expect(early.json.error.issues.map((i: { ruleId: string }) => i.ruleId)).toEqual(['DC24e']);
    const earlyPage = await webPost(await webLogin(keyA), `/app/documentos/${second.id}/aceptacion-tacita`);
    expect(earlyPage.status).toBe(303);
    expect(new URL(earlyPage.headers.get('location')!, 'http://localhost').searchParams.get('error')).toContain('DC24e');
    // Ten calendar days later the window (3 business days) is over.
    clockOffsetMs = 10 * 86_400_000;
    const expired = await call(keyB, 'GET', `/v1/received-documents?deadline=expired`);
    expect(expired.json.data.map((d: { cufe: string }) => d.cufe)).toEqual([second.uuid]);
    const summary = await call(keyB, 'GET', '/v1/received-documents/summary');
    expect(summary.json.attention.map((x: { deadline: { state: string } }) => x.deadline.state)).toEqual(['expired']);
    expect(summary.json.received.valid).toBeGreaterThanOrEqual(2);
    // The dashboard (API and web page) carries the same reception figures and the expired window.
    const dash = await call(keyB, 'GET', '/v1/dashboard');
    expect(dash.json.received).toEqual(summary.json.received);
    expect(dash.json.acceptanceAttention.map((x: { id: string }) => x.id)).toEqual(summary.json.attention.map((x: { id: string }) => x.id));
    const cookie = await webLogin(keyB);
    const board = await (await app.request('/app', { headers: { cookie } })).text();
    expect(board).toContain('Documentos recibidos de proveedores (últimos 30 días)');
    expect(board).toContain(`<div class="stat">${summary.json.received.valid}</div><a href="/app/recibidos?status=valid">Válidos</a>`);
    expect(board).toContain('Venció el plazo para reclamar o aceptar');
    // A registers the tacit acceptance from the invoice's page (the web application calls the same API).
    const cookieA = await webLogin(keyA);
    const tacitPage = await webPost(cookieA, `/app/documentos/${second.id}/aceptacion-tacita`);
    expect(tacitPage.status).toBe(303);
    expect(new URL(tacitPage.headers.get('location')!, 'http://localhost').searchParams.get('ok')).toBe('Aceptación tácita (034) registrada por la DIAN.');
    const own = await call(keyA, 'GET', `/v1/documents/${second.id}/events`);
    const tacit = { json: own.json.data.find((e: { code: string }) => e.code === '034') };
    expect(tacit.json).toMatchObject({ status: 'accepted', direction: expect.any(String) });
    const xml = (await call(keyA, 'GET', `/v1/events/${tacit.json.id}/xml`)).text;
    expect(xml).toContain('gravedad de juramento');
    clockOffsetMs = 0;
  });

  it('CLI: `previa receive <zip>` and `previa event <cufe> <code>` against the running API', async () => {
    const server: ServerType = await new Promise((ok) => {
      const srv = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(srv));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const fourth = await issueInvoice('cuarta-factura-cli');
      const zip = new Uint8Array(await (await app.request(`/v1/documents/${fourth.id}/zip`, { headers: { authorization: `Bearer ${keyA}` } })).arrayBuffer());
      const file = join(dir, 'proveedor.zip');
      (await import('node:fs')).writeFileSync(file, zip);
      expect(await run(['receive', file, '--url', url, '--api-key', keyB])).toBe(0);
      expect(out.join('')).toMatch(/Resultado: VÁLIDO/);
      // Automatic 030/032 are on for B: a claim within the window is allowed and registered.
      out.length = 0;
      expect(await run(['event', fourth.uuid, '031', '--concept', '02', '--url', url, '--api-key', keyB])).toBe(0);
      expect(out.join('')).toMatch(/Evento 031 REC1: registrado por la DIAN/);
      out.length = 0;
      expect(await run(['event', fourth.uuid, '033', '--url', url, '--api-key', keyB])).toBe(1);
      expect(out.join('')).toMatch(/Regla LGC04/);
      out.length = 0;
      expect(await run(['receive', file, '--offline', '--nit', BUYER.nit])).toBe(0);
      expect(out.join('')).toMatch(/OK {6}dian-response/);
    } finally {
      spy.mockRestore();
      errSpy.mockRestore();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  describe.skipIf(!dovecotAvailable)('from a real IMAP mailbox (dovecot)', () => {
    let imap: TestImapServer;
    let config: ImapConfig;
    const mailbox = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
      const c = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.logout();
      }
    };
    beforeAll(async () => {
      imap = await startDovecot();
      config = { host: imap.host, port: imap.port, secure: false, user: imap.user, pass: imap.pass, mailbox: 'INBOX', organizationNit: BUYER.nit, pollMs: 60_000, afterProcess: 'keep', rejectUnauthorized: true, maxAttachmentBytes: 2 * 1024 * 1024 };
    });
    afterAll(async () => {
      await imap?.stop();
    });

    it('ingests the supplier e-mail A sent (ZIP attachment), once, leaving the mailbox untouched', async () => {
      const third = await issueInvoice('tercera-factura-por-correo');
      // Organization A's delivery wrote the e-mail to its outbox (no SMTP configured): the real message.
      const outbox = join(dir, 'outbox');
      let eml: string | undefined;
      const end = Date.now() + 30_000;
      while (!eml && Date.now() < end) {
        const files = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
        eml = files.map((f) => readFileSync(join(outbox, f), 'utf8')).find((m) => m.includes(third.number));
        if (!eml) await new Promise((r) => setTimeout(r, 100));
      }
      expect(eml, 'correo de entrega de la tercera factura').toBeDefined();
      await mailbox(async (c) => {
        await c.append('INBOX', eml!);
        await c.append('INBOX', 'From: otro@example.com\r\nTo: recepcion@distvalle.example\r\nSubject: Hola\r\nMessage-ID: <sin-adjunto@example.com>\r\n\r\nSin adjuntos.\r\n');
      });
      const first = await pollMailboxOnce(platform.reception, config);
      expect(first.messages).toBe(2);
      expect(first.skipped).toEqual([expect.objectContaining({ reason: 'sin adjuntos ZIP o XML' })]);
      expect(first.documents.map((r) => [r.outcome, r.document.status, r.document.cufe, r.document.source])).toEqual([['created', 'valid', third.uuid, 'imap']]);
      // Automatic 030/032 are on for B since the previous test.
      expect(first.documents[0]!.autoEvents.map((e) => `${e.code}:${e.status}`)).toEqual(['030:accepted', '032:accepted']);
      // Polling again reads nothing new; the same mail delivered twice is a duplicate, not a new document.
      expect((await pollMailboxOnce(platform.reception, config)).messages).toBe(0);
      await mailbox((c) => c.append('INBOX', eml!));
      const again = await pollMailboxOnce(platform.reception, config);
      expect(again.documents.map((r) => r.outcome)).toEqual(['duplicate']);
      // Nothing deleted, nothing marked as read.
      const state = await mailbox(async (c) => {
        const lock = await c.getMailboxLock('INBOX');
        try {
          return (await c.fetchAll('1:*', { flags: true })).map((m) => [...(m.flags ?? [])]);
        } finally {
          lock.release();
        }
      });
      expect(state).toEqual([[], [], []]);
      const list = await call(keyB, 'GET', `/v1/received-documents?number=${third.number}`);
      expect(list.json.data[0]).toMatchObject({ source: 'imap', status: 'valid', timesReceived: 2 });
    });

    it('deletes processed messages only when configured', async () => {
      await mailbox((c) => c.append('INBOX', 'From: x@example.com\r\nSubject: Otro\r\n\r\nnada\r\n'));
      const r = await pollMailboxOnce(platform.reception, { ...config, afterProcess: 'delete' });
      expect(r.messages).toBe(1);
      const left = await mailbox(async (c) => {
        const st = await c.status('INBOX', { messages: true });
        return st ? st.messages : -1;
      });
      expect(left).toBe(3);
    });
  });
});
