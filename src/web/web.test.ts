import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../app/worker.js';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createApp } from '../server/app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from '../server/main.js';
import { makeDemoPkcs12 } from '../adapters/signing/demo-certificate.js';
import { SESSION_COOKIE } from './session.js';

const ORIGIN = 'http://localhost';

describe('web application (Spanish, server-rendered over the REST API)', { timeout: 180_000 }, () => {
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let worker: RunningWorker;
  let dir: string;
  let key: string;
  let cookie: string;

  /** Signs in through the login form; returns the session cookie ("name=value"). */
  const login = async (apiKey: string) => {
    const res = await app.request('/app/ingresar', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ apiKey }).toString() });
    expect(res.status).toBe(303);
    return /^[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  };
  const page = async (path: string, as = cookie) => {
    const res = await app.request(path, { headers: { cookie: as } });
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), type: res.headers.get('content-type') };
  };
  const submit = (path: string, form: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const until = async (path: string, done: (j: any) => boolean) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const end = Date.now() + 90_000;
    for (;;) {
      const j = await api('GET', path);
      if (done(j)) return j;
      if (Date.now() > end) throw new Error(`timeout ${path}: ${JSON.stringify(j).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-web-'));
    const config = { ...configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_SIMULATOR_PORT: '0' }), app: { ...configFromEnv({}).app, habilitacionPollMs: 50 } };
    platform = await composePlatform(config, { database: await DATABASE_TARGETS[0]!.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    app = createApp(platform.deps, { adminKey: platform.adminKey });
    worker = startWorker(platform.deps, { workerId: 'web', concurrency: 4, pollMs: 20, leaseMs: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends people without a session to the Spanish login page', async () => {
    for (const path of ['/app', '/app/configuracion', '/app/documentos', '/app/documentos/x']) {
      const r = await page(path, '');
      expect(r.status).toBe(302);
      expect(r.location).toBe('/app/ingresar');
    }
    expect((await page('/app/api/dashboard', '')).status).toBe(401);
    expect((await page('/')).location).toBe('/app');
    const login = await page('/app/ingresar', '');
    expect(login.status).toBe(200);
    expect(login.type).toMatch(/text\/html/);
    expect(login.text).toContain('<html lang="es-CO">');
    expect(login.text).toContain('<label for="apiKey">API key de la organización</label>');
    expect(login.text).toContain('id="apiKey"');
  });

  it('logs in with the API key into a sealed HttpOnly cookie; rejects wrong keys and cross-site posts', async () => {
    const bad = await app.request('/app/ingresar', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: 'apiKey=nope' });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('API key inválida');
    const cross = await app.request('/app/ingresar', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ apiKey: key }).toString() });
    expect(cross.status).toBe(403);
    const res = await app.request('/app/ingresar', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ apiKey: key }).toString() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toContain(key);
    cookie = /^[^;]+/.exec(setCookie)![0];
    const tampered = await page('/app', `${SESSION_COOKIE}=v1.AAAA.BBBB.CCCC`);
    expect(tampered.location).toBe('/app/ingresar');
  });

  it('shows the dashboard in Spanish with the last 30 days and the set-up alert', async () => {
    const r = await page('/app');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<h1>Tablero</h1>');
    expect(r.text).toContain('últimos 30 días');
    expect(r.text).toContain('Andina Prueba');
    expect(r.text).toContain('Aceptado por la DIAN');
    expect(r.text).toContain('La organización aún no factura electrónicamente');
    expect(r.text).toMatch(/desde el \d{2}\/\d{2}\/\d{4}/);
  });

  it('walks the guided set-up: habilitación from the button to Habilitado, then enables e-invoicing', async () => {
    let r = await page('/app/configuracion');
    expect(r.status).toBe(200);
    expect(r.text).toContain('Configuración guiada');
    for (const t of ['Datos de la organización', 'Certificado de firma', 'Software y habilitación', 'Numeración', 'La organización maneja facturación electrónica', '900108281-3', 'SETP']) expect(r.text).toContain(t);
    expect(r.text).toMatch(/<button type="submit" disabled aria-disabled="true">Activar facturación electrónica/);
    expect(r.text).toMatch(/<button type="submit">Iniciar habilitación/);
    // The pre-issue check says what blocks an invoice now.
    expect(r.text).toContain('Verificación previa a la emisión');
    expect(r.text).toContain('Aún no puede facturar');
    expect(r.text).toContain('La organización aún no factura electrónicamente');
    // Enabling before habilitación is refused by the API, and the page says why.
    const early = await submit('/app/configuracion/facturacion', { enabled: '1' });
    expect(early.status).toBe(303);
    expect(decodeURIComponent(early.headers.get('location')!)).toMatch(/error=/);

    const start = await submit('/app/configuracion/habilitacion');
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toMatch(/^\/app\/configuracion\?ok=/);
    const progress = await page('/app/api/habilitacion');
    expect(progress.type).toMatch(/json/);
    await until('/v1/habilitacion', (j) => j.state !== 'in_progress');
    r = await page('/app/configuracion');
    expect(r.text).toContain('Habilitado');
    expect(r.text).toContain('Documentos del set de pruebas (4)');
    expect(r.text).toMatch(/<button type="submit">Activar facturación electrónica/);
    expect((await submit('/app/configuracion/facturacion', { enabled: '1' })).status).toBe(303);
    expect((await api('GET', '/v1/organization')).einvoicingEnabled).toBe(true);
    r = await page('/app/configuracion');
    expect(r.text).toContain('Desactivar facturación electrónica');
    expect(r.text).toContain('Puede facturar');
    expect(r.text).toMatch(/La próxima factura sería la SETP\d+\./);
  });

  let invoiceId = '';
  let otherCookie = '';
  let invoiceNumber = '';
  it('lists documents with filters and shows the detail with DIAN status and downloads', async () => {
    const created = await api('POST', '/v1/documents', {
      kind: 'invoice',
      customer: JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer,
      lines: [{ description: 'Servicio de consultoría', quantity: '1', unitPrice: '1234567.50', taxes: [{ code: '01', percent: '19' }] }],
    });
    expect(created.id, JSON.stringify(created)).toBeTruthy();
    invoiceId = created.id;
    invoiceNumber = created.number;
    const done = await until(`/v1/documents/${invoiceId}`, (j) => j.status !== 'queued');
    expect(done.status).toBe('accepted');

    const list = await page('/app/documentos?kind=invoice');
    expect(list.status).toBe(200);
    expect(list.text).toContain(invoiceNumber);
    expect(list.text).toContain(`href="/app/documentos/${invoiceId}"`);
    expect(list.text).toContain(`$ ${'1.469.135,33'}`);
    expect(list.text).toContain('<label for="f-status">Estado</label>');
    expect((await page('/app/documentos?status=rejected')).text).not.toContain(invoiceNumber);
    expect((await page('/app/documentos?kind=credit-note')).text).not.toContain(invoiceNumber);

    const detail = await page(`/app/documentos/${invoiceId}`);
    expect(detail.status).toBe(200);
    for (const t of ['Aceptado por la DIAN', 'CUFE', 'Respuesta de la DIAN', 'XML firmado', 'PDF', 'ZIP para el adquiriente', done.customer.name]) expect(detail.text).toContain(t);
    const xml = await app.request(`/app/api/documents/${invoiceId}/xml`, { headers: { cookie } });
    expect(xml.status).toBe(200);
    expect(await xml.text()).toContain('<ds:Signature');
  });

  it('keeps tenants apart: another organization cannot see the document', async () => {
    const other = await app.request('/v1/admin/organizations', {
      method: 'POST',
      headers: { 'x-admin-key': platform.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ nit: '800199436', dv: '4', legalName: 'Otra S.A.S.', personType: '1', responsibilities: ['O-13'], address: { municipalityCode: '76001', line: 'Calle 1' } }),
    });
    expect(other.status).toBe(201);
    otherCookie = await login(((await other.json()) as { apiKey: string }).apiKey);
    const detail = await page(`/app/documentos/${invoiceId}`, otherCookie);
    expect(detail.status).toBe(404);
    expect(detail.text).toContain('Documento no encontrado');
    expect((await page('/app/documentos', otherCookie)).text).not.toContain(invoiceNumber);
    expect((await app.request(`/app/api/documents/${invoiceId}/xml`, { headers: { cookie: otherCookie } })).status).toBe(404);
    expect((await page('/app', otherCookie)).text).toContain('Otra S.A.S.');
  });

  it('uploads the certificate and saves the software data from the set-up page', async () => {
    let r = await page('/app/configuracion', otherCookie);
    expect(r.text).toContain('No hay certificado cargado');
    expect(r.text).toContain('<label for="p12">Archivo del certificado (.p12 o .pfx)</label>');
    const form = new FormData();
    form.set('p12', new File([makeDemoPkcs12({ nit: '800199436', name: 'Otra S.A.S.', password: 'clave-123' }) as Uint8Array<ArrayBuffer>], 'otra.p12', { type: 'application/x-pkcs12' }));
    form.set('password', 'clave-123');
    const up = await app.request('/app/configuracion/certificado', { method: 'POST', headers: { cookie: otherCookie, origin: ORIGIN }, body: form });
    expect(up.status).toBe(303);
    expect(decodeURIComponent(up.headers.get('location')!)).toContain('ok=Certificado cargado.');
    const wrong = new FormData();
    wrong.set('p12', new File([new Uint8Array([1, 2, 3])], 'x.p12'));
    wrong.set('password', 'x');
    const bad = await app.request('/app/configuracion/certificado', { method: 'POST', headers: { cookie: otherCookie, origin: ORIGIN }, body: wrong });
    expect(decodeURIComponent(bad.headers.get('location')!)).toContain('error=');
    const sw = await app.request('/app/configuracion/software', { method: 'POST', headers: { cookie: otherCookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ softwareId: 'sw-otra', softwarePin: '12345', testSetId: 'ts-otra' }).toString() });
    expect(sw.status).toBe(303);
    r = await page('/app/configuracion', otherCookie);
    expect(r.text).toContain('CN=Otra S.A.S.');
    expect(r.text).toContain('value="sw-otra"');
    expect(r.text).toContain('Ya registrado');
    expect(r.text).toMatch(/<button type="submit">Iniciar habilitación/);
  });

  it('ends a session whose key no longer authenticates (revoked) with a redirect to the login', async () => {
    const stale = `${SESSION_COOKIE}=${encodeURIComponent(platform.deps.secrets.seal(JSON.stringify({ k: 'pv_revocada', t: Date.now() })))}`;
    const r = await page('/app', stale);
    expect(r.status).toBe(303);
    expect(r.location).toBe('/app/ingresar?motivo=sesion');
    expect((await page('/app/ingresar?motivo=sesion', '')).text).toContain('Su sesión terminó');
  });

  it('logs out', async () => {
    const res = await submit('/app/salir');
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
  });
});
