import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { uploadCertificate } from '../app/certificates.js';
import { createAppDeps, DEFAULT_APP_CONFIG, type AppConfig, type AppDeps } from '../app/context.js';
import { createNumberingRange } from '../app/numbering.js';
import { createOrganization, updateOrganizationSettings } from '../app/organizations.js';
import { startWorker, type RunningWorker } from '../app/worker.js';
import { createSecretBox } from '../adapters/crypto/secret-box.js';
import { openDatabase, type DatabaseConfig, type OpenDatabase } from '../adapters/db/database.js';
import { createStore } from '../adapters/db/store.js';
import { createDianGateway } from '../adapters/dian/dian-gateway.js';
import { newWorkerId } from '../adapters/queue/outbox-queue.js';
import { makeDemoPkcs12 } from '../adapters/signing/demo-certificate.js';
import { createXadesSigner } from '../adapters/signing/xades-signer.js';
import { DEMO, DEMO_CONFIG, startSimulator, type RunningSimulator } from '../dian/index.js';
import { createApp } from './app.js';
import { createDeliveryStore, DELIVERY_JOB } from '../adapters/db/delivery-store.js';
import { createReceptionStore } from '../adapters/db/reception-store.js';
import { createRadianGateway } from '../adapters/dian/radian-gateway.js';
import { imapConfigFromEnv, startImapPoller, type ImapPoller } from '../adapters/imap/poller.js';
import { trackRecentInvoices } from '../app/events.js';
import { receptionConfigFromEnv, type ReceptionDeps } from '../app/reception-deps.js';
import { createUserStore } from '../adapters/db/users-store.js';
import type { UserStore } from '../app/ports.js';
import { createMailer, mailConfigFromEnv, type MailConfig } from '../adapters/mail/config.js';
import { createPdfRenderer } from '../adapters/pdf/pdfkit-renderer.js';
import { giveUpDeliveryJob, pdfContext, processDeliveryJob, recoverMissedDeliveries, scheduleDelivery, type DeliveryDeps } from '../delivery/service.js';

/** Platform configuration (from the environment: see {@link configFromEnv}). */
export interface PlatformConfig {
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: string | undefined;
  adminKey: string | undefined;
  /** `simulator` (embedded, default), `habilitacion`, `produccion`. */
  dianEnv: 'simulator' | 'habilitacion' | 'produccion';
  /** Explicit DIAN endpoint URL (overrides dianEnv's). */
  dianUrl: string | undefined;
  simulatorPort: number;
  workerConcurrency: number;
  /** Lease of a claimed job; a killed worker's jobs return after it (PREVIA_WORKER_LEASE_MS, 60000). */
  workerLeaseMs: number;
  dianTimeoutMs: number;
  /** Seed the demo organization (default with the embedded simulator). */
  seedDemo: boolean;
  app: AppConfig;
  /** Delivery e-mail: SMTP or the local .eml outbox (docs/delivery.md). */
  mail: MailConfig;
}

/**
 * Reads the configuration: `PORT` (3000), `PREVIA_DATA_DIR` (./data), `DATABASE_URL`
 * (PostgreSQL instead of PGlite), `PREVIA_MASTER_KEY`, `PREVIA_ADMIN_KEY`, `PREVIA_DIAN_ENV`
 * (simulator | habilitacion | produccion), `PREVIA_DIAN_URL`, `PREVIA_SIMULATOR_PORT` (PORT+1),
 * `PREVIA_WORKER_CONCURRENCY` (8), `PREVIA_DIAN_TIMEOUT_MS` (60000), `PREVIA_SEED_DEMO` (1 with the simulator).
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const port = Number(env.PORT ?? 3000);
  const dianEnv = (env.PREVIA_DIAN_ENV ?? 'simulator') as PlatformConfig['dianEnv'];
  if (!['simulator', 'habilitacion', 'produccion'].includes(dianEnv)) throw new Error(`PREVIA_DIAN_ENV inválido: ${dianEnv} (use simulator, habilitacion o produccion)`);
  return {
    port,
    dataDir: resolve(env.PREVIA_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    masterKey: env.PREVIA_MASTER_KEY || undefined,
    adminKey: env.PREVIA_ADMIN_KEY || undefined,
    dianEnv,
    dianUrl: env.PREVIA_DIAN_URL || undefined,
    simulatorPort: Number(env.PREVIA_SIMULATOR_PORT ?? port + 1),
    workerConcurrency: Number(env.PREVIA_WORKER_CONCURRENCY ?? 8),
    workerLeaseMs: Number(env.PREVIA_WORKER_LEASE_MS ?? 60_000),
    dianTimeoutMs: Number(env.PREVIA_DIAN_TIMEOUT_MS ?? 60_000),
    seedDemo: (env.PREVIA_SEED_DEMO ?? (dianEnv === 'simulator' ? '1' : '0')) === '1',
    mail: mailConfigFromEnv(env, resolve(env.PREVIA_DATA_DIR ?? './data')),
    // The embedded simulator's test set asks for 2 invoices, 1 credit note, 1 debit note.
    app: dianEnv === 'simulator' ? { ...DEFAULT_APP_CONFIG, habilitacionComposition: { invoices: 2, creditNotes: 1, debitNotes: 1 } } : DEFAULT_APP_CONFIG,
  };
}

/** A secret from the environment, or generated once and kept in the data folder. */
function persistentSecret(dataDir: string, file: string, given: string | undefined, warn: string | undefined): { value: string; path: string | undefined } {
  if (given) return { value: given, path: undefined };
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, file);
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), path };
  const value = randomBytes(32).toString('base64url');
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  if (warn) console.warn(warn.replace('{path}', path));
  return { value, path };
}

/** What the composition root built. */
export interface Platform {
  deps: AppDeps;
  /** Delivery to the buyer (PDF, package, e-mail). */
  delivery: DeliveryDeps;
  /** Received documents and RADIAN events (docs/reception.md). */
  reception: ReceptionDeps;
  /** Organization users of the web application (password sign-in, roles). */
  users: UserStore;
  simulator: RunningSimulator | undefined;
  dianEndpoint: string;
  adminKey: string;
  close(): Promise<void>;
}

/** The one composition root: database, store, secrets, signer, DIAN gateway (and simulator). */
export async function composePlatform(config: PlatformConfig, opts: { simulator?: boolean; database?: OpenDatabase } = {}): Promise<Platform> {
  const masterKey = persistentSecret(config.dataDir, 'master.key', config.masterKey, 'AVISO: PREVIA_MASTER_KEY no definida; se generó una clave maestra en {path}. En producción defina PREVIA_MASTER_KEY y guárdela fuera del servidor.');
  const adminKey = persistentSecret(config.dataDir, 'admin.key', config.adminKey, undefined);
  const dbConfig: DatabaseConfig = config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') };
  const database = opts.database ?? (await openDatabase(dbConfig));
  const store = createStore(database);
  let simulator: RunningSimulator | undefined;
  if (config.dianEnv === 'simulator' && !config.dianUrl && opts.simulator !== false) {
    simulator = await startSimulator({ port: config.simulatorPort, config: DEMO_CONFIG, stateFile: join(config.dataDir, 'simulator-state.json') });
  }
  const endpoint = config.dianUrl ?? simulator?.url ?? (config.dianEnv === 'produccion' ? 'produccion' : 'habilitacion');
  if (config.dianEnv === 'simulator' && !simulator && !config.dianUrl) throw new Error('Con PREVIA_DIAN_ENV=simulator y sin simulador embebido, defina PREVIA_DIAN_URL');
  // Organizations in habilitación talk to the habilitación endpoint, those in production to production;
  // with the simulator (or an explicit URL) both go there.
  const endpoints = config.dianEnv === 'simulator' || config.dianUrl ? { '1': endpoint, '2': endpoint } : { '1': 'produccion', '2': 'habilitacion' };
  const deps = createAppDeps({
    store,
    clock: { now: () => new Date() },
    secrets: createSecretBox(masterKey.value),
    signer: createXadesSigner(),
    dian: createDianGateway({ endpoints, timeoutMs: config.dianTimeoutMs, store }),
    config: config.app,
  });
  const delivery = composeDelivery(deps, database, config);
  const reception: ReceptionDeps = {
    app: deps,
    store: createReceptionStore(database),
    dian: createRadianGateway({ endpoints, timeoutMs: config.dianTimeoutMs, store }),
    config: receptionConfigFromEnv(process.env),
  };
  return {
    deps,
    delivery,
    reception,
    users: createUserStore(database),
    simulator,
    dianEndpoint: endpoint,
    adminKey: adminKey.value,
    async close() {
      delivery.mailer.close?.();
      await simulator?.close();
      await store.close();
    },
  };
}

/** Delivery wiring: store, mailer (SMTP or outbox), PDF renderer (logo from `<dataDir>/logos/<NIT>.png|jpg`), job and hook. */
function composeDelivery(deps: AppDeps, database: OpenDatabase, config: PlatformConfig): DeliveryDeps {
  const logoFor = (nit: string): Uint8Array | undefined => {
    for (const ext of ['png', 'jpg', 'jpeg']) {
      const path = join(config.dataDir, 'logos', `${nit}.${ext}`);
      if (existsSync(path)) return readFileSync(path);
    }
    return undefined;
  };
  const delivery: DeliveryDeps = {
    app: deps,
    store: createDeliveryStore(database),
    mailer: createMailer(config.mail),
    pdf: createPdfRenderer({
      context: async (doc) => {
        const org = await deps.store.getOrganization(doc.organizationId);
        const logo = org ? logoFor(org.nit) : undefined;
        return { ...(await pdfContext(deps, doc)), ...(logo && { logo }) };
      },
    }),
    config: { from: config.mail.from, maxAttempts: config.mail.maxAttempts, autoSend: config.mail.autoSend },
  };
  deps.jobHandlers.set(DELIVERY_JOB, { process: (job) => processDeliveryJob(delivery, job), giveUp: (job, error) => giveUpDeliveryJob(delivery, job, error) });
  deps.onDocumentAccepted.push(async (doc) => {
    await scheduleDelivery(delivery, doc.organizationId, doc.id);
  });
  return delivery;
}

/** The demo organization (the examples' issuer, NIT 900108281) with everything set for habilitación. */
export async function seedDemoOrganization(deps: AppDeps, dataDir: string): Promise<{ apiKey: string | undefined; created: boolean }> {
  const keyFile = join(dataDir, 'demo-api-key.txt');
  if (await deps.store.findOrganizationByNit(DEMO.nit)) return { apiKey: existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined, created: false };
  const { organization, apiKey } = await createOrganization(deps, {
    nit: DEMO.nit,
    dv: '3',
    legalName: 'Comercializadora Andina de Prueba S.A.S.',
    commercialName: 'Andina Prueba',
    personType: '1',
    responsibilities: ['O-13', 'O-15'],
    taxScheme: '01',
    address: { municipalityCode: '11001', postalCode: '110111', line: 'Carrera 7 # 32-16, oficina 501', countryCode: 'CO' },
    industryCodes: ['4711'],
    commercialRegistration: '0123456',
    email: 'facturacion@andina-prueba.example',
    phone: '6013456789',
  });
  await updateOrganizationSettings(deps, organization.id, { softwareId: DEMO.softwareId, softwarePin: DEMO.pin, testSetId: DEMO.testSetId, softwareProviderNit: DEMO.nit });
  const password = randomBytes(12).toString('base64url');
  await uploadCertificate(deps, organization.id, makeDemoPkcs12({ nit: DEMO.nit, name: organization.legalName, password }), password);
  await createNumberingRange(deps, organization.id, { documentKind: 'invoice', resolution: '18760000001', resolutionDate: '2019-01-19', prefix: 'SETP', fromNumber: 990000000, toNumber: 995000000, validFrom: '2019-01-19', validTo: '2030-01-19', technicalKey: 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c' });
  await createNumberingRange(deps, organization.id, { documentKind: 'credit-note', prefix: 'NC', fromNumber: 1, toNumber: 99999999 });
  await createNumberingRange(deps, organization.id, { documentKind: 'debit-note', prefix: 'ND', fromNumber: 1, toNumber: 99999999 });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(keyFile, `${apiKey.key}\n`, { mode: 0o600 });
  return { apiKey: apiKey.key, created: true };
}

/** A running platform process (API + worker, or worker alone). */
export interface RunningPlatform {
  url: string | undefined;
  platform: Platform;
  worker: RunningWorker | undefined;
  demoApiKey: string | undefined;
  stop(): Promise<void>;
}

/** `previa serve`: API + worker (+ simulator and demo organization by default). */
export async function startServer(config: PlatformConfig, opts: { worker?: boolean } = {}): Promise<RunningPlatform> {
  const platform = await composePlatform(config);
  const demo = config.seedDemo ? await seedDemoOrganization(platform.deps, config.dataDir) : undefined;
  const app = createApp(platform.deps, { adminKey: platform.adminKey, delivery: platform.delivery, users: platform.users, reception: platform.reception });
  // Deliveries lost between DIAN acceptance and their enqueue (a crash in between), last 7 days.
  await recoverMissedDeliveries(platform.delivery, new Date(Date.now() - 7 * 86_400_000)).catch((e: unknown) => platform.deps.log('No se pudieron recuperar entregas pendientes', e));
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: '0.0.0.0' }, () => ok(s));
  });
  const port = (server.address() as AddressInfo).port;
  const worker = opts.worker === false ? undefined : startWorker(platform.deps, { workerId: newWorkerId(), concurrency: config.workerConcurrency, pollMs: 250, leaseMs: config.workerLeaseMs });
  // Reception from a mailbox, opt-in (PREVIA_IMAP_HOST…, docs/reception.md).
  const imap = imapConfigFromEnv(process.env);
  const poller: ImapPoller | undefined = imap ? startImapPoller(platform.reception, imap) : undefined;
  // Events buyers register on our invoices (GetStatusEvent), every PREVIA_EVENTS_TRACK_MS (6 h; 0 = off).
  const trackMs = Number(process.env.PREVIA_EVENTS_TRACK_MS ?? 6 * 3_600_000);
  const trackDays = Number(process.env.PREVIA_EVENTS_TRACK_DAYS ?? 30);
  const tracker = trackMs > 0 ? setInterval(() => void trackRecentInvoices(platform.reception, new Date(Date.now() - trackDays * 86_400_000)).catch((e: unknown) => platform.deps.log('Seguimiento de eventos RADIAN', e)), trackMs) : undefined;
  tracker?.unref();
  return {
    url: `http://localhost:${port}`,
    platform,
    worker,
    demoApiKey: demo?.apiKey,
    async stop() {
      if (tracker) clearInterval(tracker);
      await poller?.stop();
      await worker?.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await platform.close();
    },
  };
}

/** `previa worker`: sending worker alone (scale-out on a shared PostgreSQL). */
export async function startWorkerProcess(config: PlatformConfig): Promise<RunningPlatform> {
  if (!config.databaseUrl) throw new Error('previa worker necesita DATABASE_URL (PostgreSQL compartido): PGlite no admite varios procesos');
  const platform = await composePlatform(config, { simulator: false });
  const worker = startWorker(platform.deps, { workerId: newWorkerId(), concurrency: config.workerConcurrency, pollMs: 250, leaseMs: config.workerLeaseMs });
  return {
    url: undefined,
    platform,
    worker,
    demoApiKey: undefined,
    async stop() {
      await worker.stop();
      await platform.close();
    },
  };
}
