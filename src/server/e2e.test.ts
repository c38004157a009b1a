import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../app/worker.js';
import { startWorker } from '../app/worker.js';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createApp } from './app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from './main.js';

const target = DATABASE_TARGETS[0]!; // PGlite: the default; PostgreSQL runs in the reliability suite

describe('end to end against the DIAN simulator', { timeout: 180_000 }, () => {
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let key: string;
  let worker: RunningWorker;
  let dir: string;
  const H = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { method, headers: { ...H(), ...headers }, ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    const text = await res.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  const waitFor = async (path: string, done: (j: any) => boolean, ms = 90_000) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const end = Date.now() + ms;
    for (;;) {
      const r = await call('GET', path);
      if (done(r.json)) return r.json;
      if (Date.now() > end) throw new Error(`timeout esperando ${path}: ${JSON.stringify(r.json).slice(0, 500)}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-e2e-'));
    const config = { ...configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_SIMULATOR_PORT: '0' }), app: { ...configFromEnv({}).app, habilitacionPollMs: 50 } };
    platform = await composePlatform(config, { database: await target.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    app = createApp(platform.deps, { adminKey: platform.adminKey, maxBodyBytes: 256 * 1024 });
    worker = startWorker(platform.deps, { workerId: 'e2e', concurrency: 4, pollMs: 20, leaseMs: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to issue before habilitación, runs it to Habilitado, enables e-invoicing', async () => {
    const early = await call('POST', '/v1/documents', { kind: 'invoice', customer: {}, lines: [{ quantity: '1' }] });
    expect(early.status).toBe(409);
    expect((await call('POST', '/v1/organization/einvoicing', { enabled: true })).status).toBe(409);
    const start = await call('POST', '/v1/habilitacion', {});
    expect(start.status).toBe(202);
    const done = await waitFor('/v1/habilitacion', (j) => j.state !== 'in_progress');
    expect(done.run.detail).toMatch(/aceptado/i);
    expect(done.state).toBe('habilitado');
    expect(done.run.progress.invoices.accepted).toBe(2);
    expect(done.run.progress.creditNotes.accepted).toBe(1);
    expect(done.run.progress.debitNotes.accepted).toBe(1);
    expect((await call('POST', '/v1/organization/einvoicing', { enabled: true })).json.einvoicingEnabled).toBe(true);
  });

  it('syncs numbering from DIAN (technical key included), keeping the next number', async () => {
    const before = (await call('GET', '/v1/numbering-ranges')).json.data.find((r: { prefix: string }) => r.prefix === 'SETP');
    const r = await call('POST', '/v1/numbering-ranges/sync');
    expect(r.status).toBe(200);
    expect(r.json.data[0]).toMatchObject({ prefix: 'SETP', resolution: '18760000001', hasTechnicalKey: true, source: 'dian', nextNumber: before.nextNumber });
  });

  let invoiceId = '';
  it('issues an invoice from catalog IDs; the simulator accepts it; XML and ApplicationResponse download', async () => {
    const customer = await call('POST', '/v1/customers', { party: JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer, receptionEmails: ['recepcion@distvalle.example'] });
    expect(customer.status).toBe(201);
    const item = await call('POST', '/v1/items', { code: 'ARZ-001', description: 'Arroz blanco 1 kg', unitPrice: '4200.00', taxes: [{ code: '01', percent: '5' }] });
    expect(item.status).toBe(201);
    const pm = await call('POST', '/v1/payment-methods', { name: 'Crédito 30 días', form: '2', means: '42', dueDays: 30 });
    expect(pm.status).toBe(201);
    const body = { kind: 'invoice', customerId: customer.json.id, paymentMethodId: pm.json.id, lines: [{ itemId: item.json.id, quantity: '24' }, { description: 'Servicio de instalación', quantity: '1', unitPrice: '150000.00', taxes: [{ code: '01', percent: '19' }] }] };
    const created = await call('POST', '/v1/documents', body, { 'idempotency-key': 'factura-1' });
    expect(created.status).toBe(201);
    expect(created.json.number).toMatch(/^SETP99\d{7}$/);
    invoiceId = created.json.id;
    const again = await call('POST', '/v1/documents', body, { 'idempotency-key': 'factura-1' });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(invoiceId);
    expect((await call('POST', '/v1/documents', { ...body, notes: ['otra'] }, { 'idempotency-key': 'factura-1' })).status).toBe(409);
    const accepted = await waitFor(`/v1/documents/${invoiceId}`, (j) => j.status !== 'queued');
    expect(accepted.status).toBe('accepted');
    expect(accepted.dian.statusCode).toBe('00');
    const xml = await app.request(`/v1/documents/${invoiceId}/xml`, { headers: H() });
    expect(xml.headers.get('content-type')).toMatch(/xml/);
    expect(await xml.text()).toContain('<ds:Signature');
    const ar = await app.request(`/v1/documents/${invoiceId}/application-response`, { headers: H() });
    expect(ar.status).toBe(200);
    expect(await ar.text()).toContain('ApplicationResponse');
  });

  it('issues credit and debit notes from the invoice (reference and CUFE filled in), accepted', async () => {
    const cn = await call('POST', `/v1/documents/${invoiceId}/credit-notes`, {});
    expect(cn.status).toBe(201);
    expect(cn.json.number).toMatch(/^NC\d+$/);
    const dn = await call('POST', `/v1/documents/${invoiceId}/debit-notes`, { discrepancy: { code: '1', description: 'Intereses de mora' }, lines: [{ description: 'Intereses', quantity: '1', unitPrice: '10000.00', taxes: [{ code: '01', percent: '19' }] }] });
    expect(dn.status).toBe(201);
    for (const id of [cn.json.id, dn.json.id]) {
      const d = await waitFor(`/v1/documents/${id}`, (j) => j.status !== 'queued');
      expect(d.status).toBe('accepted');
      expect(d.referencedDocumentId).toBe(invoiceId);
    }
    const dash = await call('GET', '/v1/dashboard');
    expect(dash.json.sent.invoice.accepted).toBe(1);
    expect(dash.json.sent['credit-note'].accepted).toBe(1);
  });

  it('answers 422 with the DIAN rule ID for a document DIAN would reject, consuming no number', async () => {
    const before = (await call('GET', '/v1/numbering-ranges')).json.data.find((r: { prefix: string }) => r.prefix === 'SETP').nextNumber;
    const customer = { ...JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer, dv: '1' };
    const r = await call('POST', '/v1/documents', { kind: 'invoice', customer, lines: [{ description: 'X', quantity: '1', unitPrice: '1000.00' }] });
    expect(r.status).toBe(422);
    expect(r.json.error.issues.map((i: { ruleId?: string }) => i.ruleId)).toContain('FAK24');
    const after = (await call('GET', '/v1/numbering-ranges')).json.data.find((x: { prefix: string }) => x.prefix === 'SETP').nextNumber;
    expect(after).toBe(before);
  });

  it('bad input is 4xx naming the field, never 500', async () => {
    const malformed = await call('POST', '/v1/customers', '{"party": ');
    expect(malformed.status).toBe(400);
    const wrongType = await call('POST', '/v1/items', { code: 'X', description: 'Y', unitPrice: true });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.issues[0].path).toBe('unitPrice');
    const unknownCode = await call('POST', '/v1/items', { code: 'Z', description: 'Y', unitPrice: '1', taxes: [{ code: '77', percent: '1' }] });
    expect(unknownCode.status).toBe(422);
    expect(unknownCode.json.error.issues[0].path).toBe('taxes[0].code');
    const docBad = await call('POST', '/v1/documents', { kind: 'invoice', customer: { name: 1 }, lines: [{ quantity: 'abc', unitPrice: '1' }] });
    expect(docBad.status).toBe(422);
    expect(docBad.json.error.issues.map((i: { path: string }) => i.path)).toContain('lines[0].quantity');
    const big = await call('POST', '/v1/items', { code: 'B', description: 'x'.repeat(300 * 1024), unitPrice: '1' });
    expect(big.status).toBe(413);
    expect((await call('GET', '/v1/documents/no-such-id')).status).toBe(404);
    expect((await call('GET', '/v1/documents?status=nope')).status).toBe(400);
  });

  it('isolates tenants: another organization gets 404 for this one\'s data', async () => {
    const other = await app.request('/v1/admin/organizations', {
      method: 'POST',
      headers: { 'x-admin-key': platform.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ nit: '800199436', dv: '4', legalName: 'Otra S.A.S.', personType: '1', responsibilities: ['O-13'], address: { municipalityCode: '76001', line: 'Calle 1' } }),
    });
    expect(other.status).toBe(201);
    const otherKey = ((await other.json()) as { apiKey: string }).apiKey;
    const h = { authorization: `Bearer ${otherKey}` };
    expect((await app.request(`/v1/documents/${invoiceId}`, { headers: h })).status).toBe(404);
    expect((await app.request(`/v1/documents/${invoiceId}/xml`, { headers: h })).status).toBe(404);
    expect(((await (await app.request('/v1/documents', { headers: h })).json()) as { data: unknown[] }).data).toEqual([]);
    expect((await app.request('/v1/documents', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await app.request('/v1/admin/organizations', { headers: { 'x-admin-key': 'nope' } })).status).toBe(401);
  });

  it('serves OpenAPI 3.1 and the docs page', async () => {
    const spec = (await (await app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/v1/documents');
    expect((await app.request('/docs')).status).toBe(200);
  });
});
