import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createApp } from '../server/app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from '../server/main.js';
import { SESSION_COOKIE } from './session.js';

const ORIGIN = 'http://localhost';
const NIT = '900108281';
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('organization users with roles: API and web', { timeout: 180_000 }, () => {
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let dir: string;
  let key: string;
  let orgId: string;

  const api = async (method: string, path: string, body?: unknown, auth: Record<string, string> = { authorization: `Bearer ${key}` }) => {
    const res = await app.request(path, { method, headers: { ...auth, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as Json };
  };
  const form = (path: string, fields: Record<string, string>, cookie = '') =>
    app.request(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const page = async (path: string, cookie: string) => {
    const res = await app.request(path, { headers: { cookie } });
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  };
  /** The notice a redirect carries (`?ok=` or `?error=`). */
  const noticeOf = (res: Response) => {
    const q = new URL(res.headers.get('location')!, ORIGIN).searchParams;
    return q.get('error') ? `error=${q.get('error')}` : `ok=${q.get('ok')}`;
  };
  const cookieOf = (res: Response) => /^[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  const webLogin = async (email: string, password: string) => {
    const res = await form('/app/ingresar', { nit: NIT, email, password });
    expect(res.status, await res.clone().text()).toBe(303);
    return cookieOf(res);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-web-users-'));
    platform = await composePlatform(configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_SIMULATOR_PORT: '0' }), { database: await DATABASE_TARGETS[0]!.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    app = createApp(platform.deps, { adminKey: platform.adminKey, users: platform.users });
    orgId = (await api('GET', '/v1/organization')).body.id;
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let adminPassword = '';
  it('creates the first admin with the provider admin key; the password is stored only as a scrypt hash', async () => {
    const noKey = await api('POST', `/v1/admin/organizations/${orgId}/users`, { email: 'ana@andina.example', name: 'Ana Admin', role: 'admin' }, {});
    expect(noKey.status).toBe(401);
    const r = await api('POST', `/v1/admin/organizations/${orgId}/users`, { email: 'Ana@Andina.example', name: 'Ana Admin', role: 'admin' }, { 'x-admin-key': platform.adminKey });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ email: 'ana@andina.example', role: 'admin', active: true });
    expect(r.body.user).not.toHaveProperty('passwordHash');
    adminPassword = r.body.temporaryPassword;
    expect(adminPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const stored = await platform.users.findUserByEmail(orgId, 'ana@andina.example');
    expect(stored!.passwordHash).toMatch(/^scrypt\$/);
    expect(stored!.passwordHash).not.toContain(adminPassword);
    const dup = await api('POST', '/v1/users', { email: 'ana@andina.example', name: 'Otra', role: 'consulta', password: 'una-clave-larga' });
    expect(dup.status).toBe(409);
  });

  let facturadorToken = '';
  it('signs in with NIT + e-mail + password; wrong data and disabled users get the same 401', async () => {
    for (const role of ['facturador', 'consulta'] as const) {
      const r = await api('POST', '/v1/users', { email: `${role}@andina.example`, name: `Persona ${role}`, role, password: `clave-de-${role}-123` });
      expect(r.status).toBe(201);
      expect(r.body.temporaryPassword).toBeUndefined();
    }
    const short = await api('POST', '/v1/users', { email: 'x@andina.example', name: 'X', role: 'consulta', password: 'corta' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('al menos 10 caracteres');

    const ok = await api('POST', '/v1/auth/login', { nit: NIT, email: 'FACTURADOR@andina.example', password: 'clave-de-facturador-123' }, {});
    expect(ok.status).toBe(200);
    expect(ok.body.token).toMatch(/^pvu_/);
    expect(ok.body.user.role).toBe('facturador');
    expect(ok.body.organization.nit).toBe(NIT);
    facturadorToken = ok.body.token;
    for (const wrong of [{ nit: NIT, email: 'facturador@andina.example', password: 'otra-clave-cualquiera' }, { nit: NIT, email: 'nadie@andina.example', password: 'clave-de-facturador-123' }, { nit: '800199436', email: 'facturador@andina.example', password: 'clave-de-facturador-123' }]) {
      const r = await api('POST', '/v1/auth/login', wrong, {});
      expect(r.status).toBe(401);
      expect(r.body.error.message).toBe('NIT, correo o contraseña incorrectos, o usuario desactivado');
    }
    const me = await api('GET', '/v1/session', undefined, { authorization: `Bearer ${facturadorToken}` });
    expect(me.body).toMatchObject({ role: 'facturador', via: 'user', user: { email: 'facturador@andina.example' } });
    expect((await api('GET', '/v1/session')).body).toMatchObject({ role: 'admin', via: 'api_key', user: null });
    const forged = await api('GET', '/v1/organization', undefined, { authorization: `Bearer pvu_v1.AAAA.BBBB.CCCC` });
    expect(forged.status).toBe(401);
  });

  it('enforces roles in the API: facturador issues and manages the catalog, consulta only reads, admin everything', async () => {
    const asF = { authorization: `Bearer ${facturadorToken}` };
    const consulta = await api('POST', '/v1/auth/login', { nit: NIT, email: 'consulta@andina.example', password: 'clave-de-consulta-123' }, {});
    const asC = { authorization: `Bearer ${consulta.body.token}` };
    const customer = { party: { personType: '1', idType: '31', id: '800199436', dv: '4', name: 'Distribuidora del Valle Ltda.', responsibilities: ['O-13'], address: { municipalityCode: '76001', line: 'Calle 5 # 38-25' } }, receptionEmails: ['recepcion@distvalle.example'] };
    expect((await api('POST', '/v1/customers', customer, asF)).status).toBe(201);
    expect((await api('POST', '/v1/customers', customer, asC)).status).toBe(403);
    expect((await api('GET', '/v1/customers', undefined, asC)).status).toBe(200);
    const denied = await api('POST', '/v1/habilitacion', {}, asF);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ kind: 'forbidden', message: 'Su rol no permite esta operación' });
    expect((await api('PATCH', '/v1/organization', { phone: '6010000000' }, asF)).status).toBe(403);
    expect((await api('GET', '/v1/users', undefined, asF)).status).toBe(403);
    expect((await api('POST', '/v1/numbering-ranges/sync', undefined, asC)).status).toBe(403);
    expect((await api('GET', '/v1/users')).body.data).toHaveLength(3);
  });

  it('changes roles, disables users at once, and always keeps one active admin', async () => {
    const users = (await api('GET', '/v1/users')).body.data as Array<{ id: string; email: string; role: string }>;
    const ana = users.find((u) => u.role === 'admin')!;
    const fact = users.find((u) => u.role === 'facturador')!;
    const last = await api('PATCH', `/v1/users/${ana.id}`, { role: 'consulta' });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toContain('al menos un administrador activo');
    expect((await api('PATCH', `/v1/users/${ana.id}`, { active: false })).status).toBe(409);

    expect((await api('PATCH', `/v1/users/${fact.id}`, { role: 'consulta' })).body.role).toBe('consulta');
    expect((await api('POST', '/v1/items', { code: 'X', description: 'X', unitPrice: '1' }, { authorization: `Bearer ${facturadorToken}` })).status).toBe(403);
    expect((await api('PATCH', `/v1/users/${fact.id}`, { role: 'facturador' })).status).toBe(200);
    expect((await api('PATCH', `/v1/users/${fact.id}`, { active: false })).body.active).toBe(false);
    expect((await api('GET', '/v1/organization', undefined, { authorization: `Bearer ${facturadorToken}` })).status).toBe(401);
    expect((await api('POST', '/v1/auth/login', { nit: NIT, email: fact.email, password: 'clave-de-facturador-123' }, {})).status).toBe(401);
    expect((await api('PATCH', `/v1/users/${fact.id}`, { active: true })).body.active).toBe(true);
    const audit = (await api('GET', `/v1/audit?entityId=${fact.id}`)).body.data.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['created', 'role', 'disabled', 'enabled']));
  });

  let adminCookie = '';
  it('keeps the API-key login (as admin) and adds the password login to the web, with the user and role in the header', async () => {
    const login = await page('/app/ingresar', '');
    for (const t of ['<label for="login-nit">NIT de la organización (sin DV)</label>', '<label for="login-email">Correo electrónico</label>', '<label for="login-password">Contraseña</label>', '<label for="apiKey">API key de la organización</label>']) expect(login.text).toContain(t);
    const bad = await form('/app/ingresar', { nit: NIT, email: 'ana@andina.example', password: 'equivocada-123' });
    expect(bad.status).toBe(401);
    const badText = await bad.text();
    expect(badText).toContain('NIT, correo o contraseña incorrectos');
    expect(badText).toContain('value="ana@andina.example"');
    adminCookie = await webLogin('ana@andina.example', adminPassword);
    expect(adminCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    const dash = await page('/app', adminCookie);
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('Ana Admin · Administrador');
    expect(dash.text).toContain('href="/app/usuarios"');
    const byKey = await form('/app/ingresar', { apiKey: key });
    const keyCookie = cookieOf(byKey);
    const keyDash = await page('/app', keyCookie);
    expect(keyDash.text).toContain('API key · Administrador');
    expect((await page('/app/usuarios', keyCookie)).status).toBe(200);
  });

  it('lets the admin manage users from the users page (temporary password shown once, role, disable)', async () => {
    let r = await page('/app/usuarios', adminCookie);
    expect(r.status).toBe(200);
    for (const t of ['<h1>Usuarios</h1>', 'ana@andina.example', 'facturador@andina.example', '<label for="u-role">Rol</label>', 'Restablecer contraseña']) expect(r.text).toContain(t);
    const created = await form('/app/usuarios', { name: 'Carla Contadora', email: 'carla@andina.example', role: 'consulta', password: '' }, adminCookie);
    expect(created.status).toBe(200);
    const text = await created.text();
    const temp = /<code id="contrasena-temporal">([^<]+)<\/code>/.exec(text)![1]!;
    expect(text).toContain('Usuario carla@andina.example creado como Consulta');
    const invalid = await form('/app/usuarios', { name: '', email: 'no-es-correo', role: 'consulta' }, adminCookie);
    expect(invalid.status).toBe(422);
    const invalidText = await invalid.text();
    expect(invalidText).toContain('role="alert"');
    expect(invalidText).toContain('aria-invalid="true"');
    expect(invalidText).toContain('href="#u-email"');

    const carla = (await api('GET', '/v1/users')).body.data.find((u: { email: string }) => u.email === 'carla@andina.example');
    const toFact = await form(`/app/usuarios/${carla.id}`, { accion: 'rol', role: 'facturador' }, adminCookie);
    expect(toFact.status).toBe(303);
    expect(noticeOf(toFact)).toBe('ok=Rol de carla@andina.example: Facturador.');
    const carlaCookie = await webLogin('carla@andina.example', temp);
    expect((await page('/app', carlaCookie)).text).toContain('Carla Contadora · Facturador');
    await form(`/app/usuarios/${carla.id}`, { accion: 'desactivar' }, adminCookie);
    const after = await page('/app', carlaCookie);
    expect(after.status).toBe(303);
    expect(after.location).toBe('/app/ingresar?motivo=sesion');
    const lastAdmin = await form(`/app/usuarios/${(await api('GET', '/v1/users')).body.data[0].id}`, { accion: 'rol', role: 'consulta' }, adminCookie);
    expect(noticeOf(lastAdmin)).toBe('error=La organización debe conservar al menos un administrador activo');
    r = await page('/app/usuarios', adminCookie);
    expect(r.text).toContain('Desactivado');
  });

  it('enforces roles in the web: consulta reads without forms, facturador manages the catalog but not settings or users', async () => {
    const consulta = await webLogin('consulta@andina.example', 'clave-de-consulta-123');
    const facturador = await webLogin('facturador@andina.example', 'clave-de-facturador-123');
    const dash = await page('/app', consulta);
    expect(dash.status).toBe(200);
    expect(dash.text).not.toContain('href="/app/usuarios"');
    expect(dash.text).not.toContain('href="/app/facturas/nueva"');
    expect((await page('/app/facturas/nueva', consulta)).status).toBe(403);
    expect((await page('/app/documentos', consulta)).text).not.toContain('Nueva factura');
    const cfg = await page('/app/configuracion', consulta);
    expect(cfg.status).toBe(200);
    expect(cfg.text).toContain('Su rol (Consulta) puede ver la configuración');
    expect(cfg.text).not.toContain('Subir certificado');
    expect(cfg.text).not.toContain('Iniciar habilitación');
    const customers = await page('/app/clientes', consulta);
    expect(customers.text).toContain('Distribuidora del Valle Ltda.');
    expect(customers.text).not.toContain('Nuevo cliente');
    for (const p of ['/app/clientes/nuevo', '/app/productos/nuevo', '/app/usuarios', '/app/organizacion']) {
      const r = await page(p, consulta);
      expect(r.status, p).toBe(403);
      expect(r.text).toContain('Su rol (Consulta) no permite esta página o acción');
    }
    expect((await form('/app/medios-de-pago', { name: 'Efectivo', form: '1', means: '10' }, consulta)).status).toBe(403);
    expect((await form('/app/configuracion/habilitacion', {}, facturador)).status).toBe(403);
    expect((await form('/app/configuracion/software', { softwareId: 'x' }, facturador)).status).toBe(403);
    expect((await page('/app/usuarios', facturador)).status).toBe(403);
    expect((await page('/app/clientes/nuevo', facturador)).status).toBe(200);
    const pm = await form('/app/medios-de-pago', { name: 'Transferencia', form: '2', means: '42', dueDays: '30' }, facturador);
    expect(pm.status).toBe(303);
    expect((await page('/app/medios-de-pago', consulta)).text).toContain('Transferencia');
  });

  it('lets a user change their own password from "Mi cuenta"', async () => {
    const facturador = await webLogin('facturador@andina.example', 'clave-de-facturador-123');
    const wrong = await form('/app/cuenta', { currentPassword: 'no-es-la-actual', newPassword: 'nueva-clave-larga-1' }, facturador);
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('La contraseña actual no es correcta');
    const ok = await form('/app/cuenta', { currentPassword: 'clave-de-facturador-123', newPassword: 'nueva-clave-larga-1' }, facturador);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Contraseña cambiada.');
    expect((await api('POST', '/v1/auth/login', { nit: NIT, email: 'facturador@andina.example', password: 'nueva-clave-larga-1' }, {})).status).toBe(200);
  });

  it('throttles repeated failed sign-ins for the same NIT and e-mail', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await api('POST', '/v1/auth/login', { nit: NIT, email: 'consulta@andina.example', password: `mala-${i}` }, {})).status;
    expect(last).toBe(429);
    expect((await api('POST', '/v1/auth/login', { nit: NIT, email: 'consulta@andina.example', password: 'clave-de-consulta-123' }, {})).status).toBe(429);
  });
});
