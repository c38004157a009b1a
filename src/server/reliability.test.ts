import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorker } from '../app/worker.js';
import { DATABASE_TARGETS, TEST_DATABASE_URL } from '../adapters/db/test-support.js';
import { createApp } from './app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from './main.js';

const MASTER = 'clave-maestra-de-pruebas-0123456789';

async function setUp(target: (typeof DATABASE_TARGETS)[number], appOverrides: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'previa-rel-'));
  const base = configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_SIMULATOR_PORT: '0', PREVIA_MASTER_KEY: MASTER });
  const database = await target.open();
  const platform = await composePlatform({ ...base, app: { ...base.app, backoffBaseMs: 100, backoffMaxMs: 1000, ...appOverrides } }, { database });
  const key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
  const org = (await platform.deps.store.findOrganizationByNit('900108281'))!;
  // Habilitación is covered end to end elsewhere; here the organization is taken as enabled.
  await platform.deps.store.updateOrganization(org.id, { habilitacionState: 'habilitado', einvoicingEnabled: true });
  const app = createApp(platform.deps, { adminKey: platform.adminKey });
  return { dir, platform, app, key, orgId: org.id, database };
}

const invoice = (i: number) => ({
  kind: 'invoice',
  customer: { personType: '1', idType: '31', id: '800199436', name: 'Distribuidora del Valle Ltda.', responsibilities: ['O-13'], taxScheme: '01', address: { municipalityCode: '76001', line: 'Calle 5 # 38-25' }, email: 'recepcion@distvalle.example' },
  lines: [{ description: `Producto ${i}`, quantity: '2', unitPrice: '1000.00', taxes: [{ code: '01', percent: '19' }] }],
});

async function waitAllFinal(platform: Platform, orgId: string, count: number, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const docs = await platform.deps.store.listDocuments(orgId, { limit: 1000, offset: 0 });
    if (docs.length >= count && docs.every((d) => d.status !== 'queued')) return docs;
    if (Date.now() > end) throw new Error(`sin estado final: ${docs.filter((d) => d.status === 'queued').length} en cola`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(DATABASE_TARGETS)('reliability on $name', { timeout: 240_000 }, (target) => {
  let cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  it('200 concurrent create requests get contiguous numbers, no duplicate', async () => {
    const s = await setUp(target);
    cleanup.push(() => s.platform.close(), () => rmSync(s.dir, { recursive: true, force: true }));
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        s.app.request('/v1/documents', { method: 'POST', headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json', 'idempotency-key': `k-${i % 190}` }, body: JSON.stringify(invoice(i % 190)) }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((x) => x >= 500)).toEqual([]);
    const docs = await s.platform.deps.store.listDocuments(s.orgId, { limit: 1000, offset: 0 });
    // 10 requests repeat an Idempotency-Key with the same body: they get the same document.
    expect(docs.length).toBe(190);
    const numbers = docs.map((d) => d.consecutive).sort((a, b) => (a < b ? -1 : 1));
    numbers.forEach((n, i) => expect(n).toBe(990000000n + BigInt(i)));
    expect((await s.platform.deps.store.queue.countByStatus()).pending).toBe(190);
  });

  it('DIAN down for a while: documents wait and are accepted when it returns', async () => {
    const s = await setUp(target);
    cleanup.push(() => s.platform.close(), () => rmSync(s.dir, { recursive: true, force: true }));
    s.platform.simulator!.setFaults({ downForSeconds: 2 });
    for (let i = 0; i < 5; i++) {
      const r = await s.app.request('/v1/documents', { method: 'POST', headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' }, body: JSON.stringify(invoice(i)) });
      expect(r.status).toBe(201);
    }
    const worker = startWorker(s.platform.deps, { workerId: 'w-down', concurrency: 5, pollMs: 20, leaseMs: 30_000 });
    cleanup.push(() => worker.stop());
    const docs = await waitAllFinal(s.platform, s.orgId, 5);
    expect(docs.map((d) => d.status)).toEqual(Array(5).fill('accepted'));
    expect(Math.max(...docs.map((d) => d.sendAttempts))).toBeGreaterThan(1);
  });

  it.runIf(target.name === 'postgres')('a worker killed with kill -9 mid-send: after restart every document reaches a final state once', async () => {
    const s = await setUp(target);
    cleanup.push(() => s.platform.close(), () => rmSync(s.dir, { recursive: true, force: true }));
    for (let i = 0; i < 6; i++) {
      const r = await s.app.request('/v1/documents', { method: 'POST', headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' }, body: JSON.stringify(invoice(i)) });
      expect(r.status).toBe(201);
    }
    // Slow DIAN: the child is inside SendBillSync when it dies (DIAN may or may not have processed).
    s.platform.simulator!.setFaults({ latencyMs: 1500, operations: ['SendBillSync'] });
    const schema = (await s.database.db.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s;
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/test-support/worker-child.ts'], {
      env: { ...process.env, DATABASE_URL: url.toString(), PREVIA_DIAN_URL: s.platform.simulator!.url, PREVIA_MASTER_KEY: MASTER, PREVIA_WORKER_LEASE_MS: '2000', PREVIA_WORKER_CONCURRENCY: '6', PREVIA_DATA_DIR: s.dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanup.push(() => void child.kill('SIGKILL'));
    await new Promise<void>((ok) => child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && ok()));
    // Wait until the child has sent something, then kill -9.
    for (let i = 0; i < 200; i++) {
      const docs = await s.platform.deps.store.listDocuments(s.orgId, { limit: 100, offset: 0 });
      if (docs.some((d) => d.sendAttempts > 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    s.platform.simulator!.setFaults({});
    const worker = startWorker(s.platform.deps, { workerId: 'w-restart', concurrency: 6, pollMs: 50, leaseMs: 30_000 });
    cleanup.push(() => worker.stop());
    const docs = await waitAllFinal(s.platform, s.orgId, 6);
    expect(docs.map((d) => d.status)).toEqual(Array(6).fill('accepted'));
    for (const d of docs) {
      const audit = await s.platform.deps.store.listAudit(s.orgId, { entityId: d.id, limit: 100 });
      expect(audit.filter((a) => a.toState === 'accepted' && a.fromState !== 'accepted')).toHaveLength(1);
      expect(d.dianMessages.some((m) => m.ruleId === '90')).toBe(false);
    }
  });
});
