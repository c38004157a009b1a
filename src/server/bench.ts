/**
 * Platform benchmark: issue path (HTTP create → validated, numbered, signed, persisted and
 * enqueued) throughput and p50/p99 latency on PGlite and on PostgreSQL, then sending
 * throughput against the in-process DIAN simulator.
 *
 *   npx tsx src/server/bench.ts [--n 2000] [--concurrency 16] [--send 300] [--postgres URL] [--no-pglite]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { startWorker } from '../app/worker.js';
import { openDatabase, type DatabaseConfig } from '../adapters/db/database.js';
import { createApp } from './app.js';
import { composePlatform, configFromEnv, seedDemoOrganization } from './main.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    send: { type: 'string', default: '300' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    'no-pglite': { type: 'boolean', default: false },
    'no-postgres': { type: 'boolean', default: false },
  },
});

const body = (i: number) =>
  JSON.stringify({
    kind: 'invoice',
    customer: { personType: '1', idType: '31', id: '800199436', name: 'Distribuidora del Valle Ltda.', responsibilities: ['O-13'], taxScheme: '01', address: { municipalityCode: '76001', line: 'Calle 5 # 38-25' }, email: 'recepcion@distvalle.example' },
    payment: { form: '1', means: '10' },
    lines: [
      { description: `Producto ${i}`, code: 'P-1', quantity: '3', unitPrice: '12500.00', taxes: [{ code: '01', percent: '19' }] },
      { description: 'Servicio', quantity: '1', unitPrice: '80000.00', taxes: [{ code: '01', percent: '19' }], withholdings: [{ code: '06', percent: '4' }] },
    ],
  });

/** Plain-JavaScript load generator run in a worker thread: `conc` clients posting `bodies`. */
const LOAD_GENERATOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, bodies, conc } = workerData;
(async () => {
  const lat = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const s = performance.now();
      const r = await fetch(url, { method: 'POST', headers, body });
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error('HTTP ' + r.status);
      lat.push(performance.now() - s);
    }
  }));
  parentPort.postMessage({ lat, secs: (performance.now() - t0) / 1000 });
})().catch((e) => parentPort.postMessage({ error: String(e) }));
`;

function loadFromWorker(url: string, headers: Record<string, string>, bodies: string[], conc: number): Promise<{ lat: number[]; secs: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOAD_GENERATOR, { eval: true, workerData: { url, headers, bodies, conc } });
    w.once('message', (m: { lat: number[]; secs: number; error?: string }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    w.once('error', reject);
  });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(label: string, db: DatabaseConfig): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'previa-bench-'));
  if (db.kind === 'postgres') {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('DROP SCHEMA IF EXISTS previa_bench CASCADE');
    await c.end();
  }
  const base = configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_SIMULATOR_PORT: '0', PREVIA_MASTER_KEY: 'clave-maestra-bench-0123456789' });
  const database = await openDatabase(db.kind === 'postgres' ? { ...db, schema: 'previa_bench', poolSize: 20 } : db);
  const platform = await composePlatform(base, { database });
  const key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
  const org = (await platform.deps.store.findOrganizationByNit('900108281'))!;
  await platform.deps.store.updateOrganization(org.id, { habilitacionState: 'habilitado', einvoicingEnabled: true });
  const app = createApp(platform.deps, { adminKey: platform.adminKey });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/documents`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const n = Number(values.n);
  const conc = Number(values.concurrency);
  const post = async (i: number) => {
    const r = await fetch(url, { method: 'POST', headers, body: body(i) });
    await r.arrayBuffer();
    if (r.status !== 201) throw new Error(`HTTP ${r.status}`);
  };
  for (let i = 0; i < 50; i++) await post(i); // warm-up
  // The load comes from another thread (its own event loop and core), so the server's
  // figures are not shared with the client's own work.
  const { lat, secs } = await loadFromWorker(url, headers, Array.from({ length: n }, (_, i) => body(i)), conc);
  lat.sort((a, b) => a - b);
  console.log(`[${label}] emisión HTTP: ${n} facturas, concurrencia ${conc}: ${(n / secs).toFixed(0)} facturas/s, p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms`);

  // Sending: drain `send` documents through SendBillSync against the simulator.
  const toSend = Math.min(Number(values.send), n + 50);
  await database.db.updateTable('jobs').set({ status: 'done' }).where('id', 'in', (eb) => eb.selectFrom('jobs').select('id').orderBy('id').offset(toSend)).execute();
  const worker = startWorker(platform.deps, { workerId: 'bench', concurrency: 16, pollMs: 10, leaseMs: 60_000 });
  const s0 = performance.now();
  for (;;) {
    const counts = await platform.deps.store.queue.countByStatus();
    if (!counts.pending && !counts.running) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const sendSecs = (performance.now() - s0) / 1000;
  await worker.stop();
  const accepted = await database.db.selectFrom('documents').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'accepted').executeTakeFirstOrThrow();
  console.log(`[${label}] envío SendBillSync al simulador: ${toSend} documentos en ${sendSecs.toFixed(1)} s = ${(toSend / sendSecs).toFixed(0)} documentos/s (aceptados: ${accepted.n})`);
  await new Promise<void>((r) => server.close(() => r()));
  await platform.close();
  rmSync(dir, { recursive: true, force: true });
}

if (!values['no-pglite']) await run('PGlite', { kind: 'pglite' });
if (!values['no-postgres']) await run('PostgreSQL', { kind: 'postgres', url: values.postgres! });
