/**
 * Browser-test harness: the whole platform in process (`previa serve`'s composition: API, web
 * UI, worker, delivery, the embedded DIAN simulator) on PGlite in a temporary folder, and
 * Debian's Chromium driven by playwright-core. No browser is ever downloaded: the tests use
 * /usr/bin/chromium (`.ci/run` installs it) and fail, with the reason, when it is missing.
 * Only an explicit `PREVIA_SKIP_BROWSER_TESTS=1` outside CI skips them.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { configFromEnv, startServer, type RunningPlatform } from '../../src/server/main.js';

/** Debian's Chromium (package `chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/** Where the test run saves the README's screenshots. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

const skipAsked = process.env.PREVIA_SKIP_BROWSER_TESTS === '1' && !process.env.CI;

/** `describe`, or `describe.skip` only when a developer explicitly asked for it outside CI. */
export const describeBrowser: typeof describe = skipAsked ? (describe.skip as typeof describe) : describe;

/** Throws a clear Spanish/English message when Chromium is absent (CI must install it). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium no está instalado en ${CHROMIUM}: las pruebas de navegador lo necesitan (apt-get install -y chromium; .ci/run lo instala). ` +
        'Fuera de CI puede omitirlas a propósito con PREVIA_SKIP_BROWSER_TESTS=1.',
    );
  }
}

/** A running platform for one test file. */
export interface TestPlatform {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  adminKey: string;
  /** The demo organization's API key when seeded. */
  demoApiKey: string | undefined;
  dataDir: string;
  running: RunningPlatform;
  /** Calls the REST API over HTTP with a bearer key (or the admin key). */
  api(method: string, path: string, opts?: { key?: string; admin?: boolean; body?: unknown }): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

/**
 * Boots `previa serve` in process: HTTP on an ephemeral port, the DIAN simulator on another,
 * PGlite in a fresh temporary folder, a fast habilitación poll. `seedDemo` adds the demo
 * organization (NIT 900108281, ready for habilitación) exactly as `npm start` does.
 */
export async function startPlatform(opts: { seedDemo: boolean }): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'previa-browser-'));
  const base = configFromEnv({ PREVIA_DATA_DIR: dataDir, PORT: '0', PREVIA_SIMULATOR_PORT: '0', PREVIA_SEED_DEMO: opts.seedDemo ? '1' : '0', PREVIA_WORKER_CONCURRENCY: '2' });
  const running = await startServer({ ...base, app: { ...base.app, habilitacionPollMs: 50 } });
  // The server listens on 0.0.0.0 (IPv4): use the IPv4 loopback so "localhost" never resolves to ::1.
  const url = running.url!.replace('localhost', '127.0.0.1');
  const adminKey = running.platform.adminKey;
  return {
    url,
    adminKey,
    demoApiKey: running.demoApiKey,
    dataDir,
    running,
    async api(method, path, o = {}) {
      const headers: Record<string, string> = o.admin ? { 'x-admin-key': adminKey } : { authorization: `Bearer ${o.key}` };
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, ...(o.body !== undefined && { body: JSON.stringify(o.body) }) });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, json };
    },
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One Chromium per test file: a persistent context on a fresh profile folder. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless, sandbox-less, offline-quiet, on a fresh --user-data-dir. */
export async function launchBrowser(): Promise<TestBrowser> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'previa-chromium-'));
  // playwright passes the profile as --user-data-dir (it refuses that flag in `args`).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'es-CO',
    timezoneId: 'America/Bogota',
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login page with an API key (the login that exists for every organization). */
export async function loginWithApiKey(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/app/ingresar`);
  const field = page.getByLabel('API key de la organización');
  await field.fill(apiKey);
  // Enter submits the field's own form (the page may also offer a password login).
  await field.press('Enter');
  await page.waitForURL(`${baseUrl}/app`);
}

/** Saves a full-page PNG under docs/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // From the top, so sticky panels sit where a reader expects them, and without a focus ring.
  // (A string: this project's TypeScript has no DOM library.)
  await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur(); window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Polls until `check` is true (server-side state the page reflects after reloads). */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Tiempo agotado esperando: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
