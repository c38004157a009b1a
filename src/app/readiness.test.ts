import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createApp } from '../server/app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from '../server/main.js';

/** GET /v1/organization/readiness: what would block issuing now, with DIAN's rule IDs. */
describe('pre-issue check of the configuration', { timeout: 120_000 }, () => {
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let dir: string;
  let key: string;
  let orgId: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const readiness = async () => (await call('GET', '/v1/organization/readiness')).json;
  const check = (r: { checks: Array<{ key: string }> }, k: string) => r.checks.find((c) => c.key === k) as unknown as { status: string; issues: Array<{ path: string; message: string; ruleId?: string; severity?: string }> };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-readiness-'));
    // Nothing is sent: the check never contacts DIAN.
    platform = await composePlatform(configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_DIAN_URL: 'http://127.0.0.1:9/sin-dian' }), { database: await DATABASE_TARGETS[0]!.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    orgId = (await platform.deps.store.findOrganizationByNit('900108281'))!.id;
    app = createApp(platform.deps, { adminKey: platform.adminKey });
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('before habilitación: the invoice is blocked and the page says why; a missing payment method only warns', async () => {
    const r = await readiness();
    expect(r.ok).toBe(false);
    expect(check(r, 'invoice').status).toBe('blocking');
    expect(check(r, 'invoice').issues).toContainEqual(expect.objectContaining({ severity: 'rejection', message: expect.stringMatching(/aún no factura electrónicamente/) }));
    expect(check(r, 'payment-methods')).toMatchObject({ status: 'warning', issues: [{ path: 'paymentMethods', severity: 'notification' }] });
  });

  it('for an organization that issues: ready, with the next number, and nothing consumed', async () => {
    await platform.deps.store.updateOrganization(orgId, { habilitacionState: 'habilitado', einvoicingEnabled: true });
    expect((await call('POST', '/v1/payment-methods', { name: 'Contado efectivo', form: '1', means: '10' })).status).toBe(201);
    const range = (await call('GET', '/v1/numbering-ranges')).json.data.find((x: { prefix: string }) => x.prefix === 'SETP');
    const r = await readiness();
    expect(r.ok).toBe(true);
    expect(r.nextInvoiceNumber).toBe(`SETP${range.nextNumber}`);
    for (const k of ['invoice', 'credit-note', 'debit-note', 'payment-methods']) expect(check(r, k).issues.filter((i) => i.severity !== 'notification')).toEqual([]);
    expect((await call('GET', '/v1/numbering-ranges')).json.data.find((x: { prefix: string }) => x.prefix === 'SETP').nextNumber).toBe(range.nextNumber);
    expect((await call('GET', '/v1/documents')).json.data).toEqual([]);
  });

  it("reports a problem in the organization's own data with the DIAN rule it breaks", async () => {
    const org = (await platform.deps.store.getOrganization(orgId))!;
    // A check digit typed wrong (the API checks it; a record from an older import may not).
    await platform.deps.store.updateOrganization(orgId, { dv: org.dv === '0' ? '1' : '0' });
    const r = await readiness();
    await platform.deps.store.updateOrganization(orgId, { dv: org.dv });
    expect(r.ok).toBe(false);
    const issues = check(r, 'invoice').issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.path.startsWith('supplier'))).toBe(true);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'supplier.dv', ruleId: 'FAJ24', severity: 'rejection' }));
    expect((await readiness()).ok).toBe(true);
  });

  it('notes without a numbering range are blocked', async () => {
    const notes = (await call('GET', '/v1/numbering-ranges')).json.data.filter((x: { documentKind: string }) => x.documentKind === 'credit-note');
    for (const n of notes) await platform.deps.store.updateNumberingRange(orgId, n.id, { active: false }, new Date());
    const r = await readiness();
    expect(check(r, 'credit-note')).toMatchObject({ status: 'blocking', issues: [{ path: 'numberingRangeId', message: expect.stringMatching(/notas crédito/) }] });
    expect(r.ok).toBe(true);
  });
});
