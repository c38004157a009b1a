import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createApp } from '../server/app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from '../server/main.js';

/** POST /v1/documents/preview: the issue pipeline without numbering, signing or storing. */
describe('document preview (totals and DIAN rules of a draft)', { timeout: 120_000 }, () => {
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let dir: string;
  let key: string;
  let orgId: string;
  let customerId: string;
  let itemId: string;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const preview = (body: unknown) => call('POST', '/v1/documents/preview', body);
  const invoiceRange = async () => (await call('GET', '/v1/numbering-ranges')).json.data.find((r: { prefix: string }) => r.prefix === 'SETP');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-preview-'));
    // No DIAN is contacted: a preview never sends anything.
    platform = await composePlatform(configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_DIAN_URL: 'http://127.0.0.1:9/sin-dian' }), { database: await DATABASE_TARGETS[0]!.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    orgId = (await platform.deps.store.findOrganizationByNit('900108281'))!.id;
    app = createApp(platform.deps, { adminKey: platform.adminKey });
    const party = JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer;
    customerId = (await call('POST', '/v1/customers', { party, receptionEmails: ['recepcion@distvalle.example'] })).json.id;
    itemId = (await call('POST', '/v1/items', { code: 'ARZ-001', description: 'Arroz blanco 1 kg', unitPrice: '4200.00', taxes: [{ code: '01', percent: '5' }] })).json.id;
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // 24 × 4 200 = 100 800 − 10 % = 90 720, IVA 5 % 4 536; 1 × 150 000, IVA 19 % 28 500;
  // ReteRenta 4 % of 150 000 = 6 000 (informative: the payable amount keeps it).
  const draft = {
    kind: 'invoice',
    customerId: '',
    payment: { form: '1', means: '10' },
    lines: [
      { itemId: '', quantity: '24', allowanceCharges: [{ charge: false, reason: 'Descuento', percent: '10' }] },
      { description: 'Servicio de instalación', quantity: '1', unitPrice: '150000.00', taxes: [{ code: '01', percent: '19' }], withholdings: [{ code: '06', percent: '4' }] },
    ],
  };
  const body = () => ({ ...draft, customerId, lines: [{ ...draft.lines[0], itemId }, draft.lines[1]] });

  it('before e-invoicing is enabled: computes the totals and says what blocks issuing', async () => {
    const r = await preview(body());
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.totals.payable).toBe('273756.00');
    const rejections = r.json.issues.filter((i: { severity: string }) => i.severity === 'rejection');
    expect(rejections).toEqual([expect.objectContaining({ path: '', message: expect.stringMatching(/aún no factura electrónicamente/) })]);
  });

  describe('for an organization that issues', () => {
    beforeAll(async () => {
      await platform.deps.store.updateOrganization(orgId, { habilitacionState: 'habilitado', einvoicingEnabled: true });
    });

    it('returns the core totals, taxes, withholdings and next number, and consumes nothing', async () => {
      const next = (await invoiceRange()).nextNumber;
      const r = await preview(body());
      expect(r.json).toMatchObject({
        ok: true,
        stage: 'dian',
        number: `SETP${next}`,
        totals: { lineExtension: '240720.00', taxExclusive: '240720.00', taxInclusive: '273756.00', payable: '273756.00', withholdings: '6000.00', allowanceTotal: '0.00' },
        taxes: [{ code: '01', name: 'IVA', amount: '33036.00' }],
        withholdings: [{ code: '06', name: 'ReteRenta', amount: '6000.00' }],
        lines: [{ lineExtension: '90720.00', taxes: '4536.00', withholdings: '0.00' }, { lineExtension: '150000.00', taxes: '28500.00', withholdings: '6000.00' }],
      });
      expect(r.json.issues.filter((i: { severity: string }) => i.severity === 'rejection')).toEqual([]);
      expect((await preview(body())).json.number).toBe(`SETP${next}`);
      expect((await invoiceRange()).nextNumber).toBe(next);
      expect((await call('GET', '/v1/documents')).json.data).toEqual([]);
    });

    it('agrees with what issuing the same body stores', async () => {
      const p = (await preview(body())).json;
      const created = await call('POST', '/v1/documents', body(), { 'idempotency-key': 'preview-igual' });
      expect(created.status).toBe(201);
      expect(created.json.number).toBe(p.number);
      expect(created.json.totals).toEqual({ lineExtension: p.totals.lineExtension, taxExclusive: p.totals.taxExclusive, taxInclusive: p.totals.taxInclusive, payable: p.totals.payable });
      // The next preview already points at the following number.
      expect((await preview(body())).json.number).not.toBe(p.number);
    });

    it('reports input problems with their DIAN rule IDs (FAN04, FAK24) and Spanish messages', async () => {
      const credit = await preview({ ...body(), payment: { form: '2', means: '10' } });
      expect(credit.status).toBe(200);
      expect(credit.json).toMatchObject({ ok: false, stage: 'input', totals: null, number: null });
      expect(credit.json.issues).toContainEqual({ path: 'payment.dueDate', ruleId: 'FAN04', severity: 'rejection', message: 'La forma de pago crédito ("2") requiere fecha de vencimiento' });
      const party = JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer;
      const dv = await preview({ ...body(), customerId: undefined, customer: { ...party, dv: '1' } });
      expect(dv.json.issues).toContainEqual(expect.objectContaining({ path: 'customer.dv', ruleId: 'FAK24' }));
    });

    it('reports DIAN rules over the XML: rejections (VLR01, FBE05) block, notifications (FAS14) do not', async () => {
      const [first, second] = body().lines;
      const negative = await preview({ ...body(), lines: [{ ...first, allowanceCharges: [{ charge: false, reason: 'Descuento', percent: '150' }] }, second] });
      expect(negative.json.ok).toBe(false);
      expect(negative.json.stage).toBe('dian');
      expect(negative.json.totals).not.toBeNull();
      const ids = new Set(negative.json.issues.map((i: { ruleId?: string }) => i.ruleId));
      expect(ids).toContain('VLR01');
      expect(ids).toContain('FBE05');
      expect(negative.json.issues[0].severity).toBe('rejection');
      const odd = await preview({ ...body(), lines: [first, { ...second, taxes: [{ code: '01', percent: '17' }] }] });
      expect(odd.json.ok).toBe(true);
      expect(odd.json.issues).toContainEqual(expect.objectContaining({ ruleId: 'FAS14', severity: 'notification' }));
    });

    it('answers catalog and shape problems as issues, not errors', async () => {
      const noCustomer = await preview({ kind: 'invoice', lines: [{ description: 'x', quantity: '1', unitPrice: '1' }] });
      expect(noCustomer.status).toBe(200);
      expect(noCustomer.json).toMatchObject({ ok: false, stage: 'request', issues: [{ path: 'customerId', severity: 'rejection' }] });
      const unknownItem = await preview({ ...body(), lines: [{ itemId: 'no-existe', quantity: '1' }] });
      expect(unknownItem.json.issues).toEqual([expect.objectContaining({ path: 'lines[0].itemId', message: 'Producto no encontrado' })]);
      const noLines = await preview({ kind: 'invoice', customerId, lines: [] });
      expect(noLines.json.issues).toEqual([expect.objectContaining({ path: 'lines', message: 'El documento debe tener al menos una línea' })]);
      expect((await preview({ customerId })).status).toBe(400);
      expect((await app.request('/v1/documents/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) })).status).toBe(401);
    });
  });
});
