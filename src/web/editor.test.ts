import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createApp } from '../server/app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from '../server/main.js';

const ORIGIN = 'http://localhost';

/** The invoice editor's page and JSON endpoints, in process (the browser tests drive the script). */
describe('invoice editor (web)', { timeout: 120_000 }, () => {
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let dir: string;
  let key: string;
  let cookie: string;
  let customerId: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-editor-'));
    platform = await composePlatform(configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_DIAN_URL: 'http://127.0.0.1:9/sin-dian' }), { database: await DATABASE_TARGETS[0]!.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    app = createApp(platform.deps, { adminKey: platform.adminKey, delivery: platform.delivery, users: platform.users });
    const login = await app.request('/app/ingresar', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ apiKey: key }).toString() });
    expect(login.status).toBe(303);
    cookie = /^[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    customerId = (await api('POST', '/v1/customers', { party: JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer, receptionEmails: ['recepcion@distvalle.example'] })).id;
    await api('POST', '/v1/items', { code: 'XSS-1', description: 'Tornillo </script><script>alert(1)</script>', unitPrice: '100.00', taxes: [{ code: '01', percent: '19' }] });
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const draft = () => ({ customerId, payment: { form: '1', means: '10' }, lines: [{ description: 'Asesoría', quantity: '2', unitPrice: '50000', taxes: [{ code: '01', percent: '19' }] }] });

  it('needs a session and renders a labelled, Spanish editor with the catalog embedded safely', async () => {
    const anonymous = await app.request('/app/facturas/nueva');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/app/ingresar');
    const res = await app.request('/app/facturas/nueva', { headers: { cookie } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<html lang="es-CO">');
    expect(text).toMatch(/<a href="\/app\/facturas\/nueva" aria-current="page">Nueva factura<\/a>/);
    for (const id of ['buscar-cliente', 'buscar-producto', 'pago-forma', 'pago-medio', 'pago-vence', 'notas']) expect(text).toContain(`<label for="${id}">`);
    expect(text).toContain('aún no factura electrónicamente');
    // The catalog travels as JSON inside the page: a description cannot close the script element.
    expect(text).not.toContain('</script><script>alert(1)');
    expect(text).toContain('Tornillo \\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    expect(text).toMatch(/data-idempotency-key="[0-9a-f-]{36}"/);
  });

  it('previews through the API: JSON only, same origin only, always an invoice', async () => {
    const bad = await app.request('/app/facturas/vista-previa', { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(bad.status).toBe(400);
    const foreign = await postJson('/app/facturas/vista-previa', draft(), { origin: 'https://otro.example' });
    expect(foreign.status).toBe(403);
    const res = await postJson('/app/facturas/vista-previa', { ...draft(), kind: 'credit-note' });
    expect(res.status).toBe(200);
    const p = (await res.json()) as { totals: { payable: string }; number: string; issues: Array<{ message: string }> };
    expect(p.totals.payable).toBe('119000.00');
    expect(p.number).toMatch(/^SETP/);
    expect(p.issues.map((i) => i.message).join(' ')).toMatch(/aún no factura electrónicamente/);
    const anonymous = await app.request('/app/facturas/vista-previa', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(302);
  });

  it('issues through the API with the page key (a repeated click returns the same invoice), or passes its refusal on', async () => {
    const early = await postJson('/app/facturas', draft(), { 'idempotency-key': 'editor-1' });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/habilitación/);
    const org = (await platform.deps.store.findOrganizationByNit('900108281'))!;
    await platform.deps.store.updateOrganization(org.id, { habilitacionState: 'habilitado', einvoicingEnabled: true });
    const rejected = await postJson('/app/facturas', { ...draft(), payment: { form: '2', means: '10' } }, { 'idempotency-key': 'editor-2' });
    expect(rejected.status).toBe(422);
    expect(((await rejected.json()) as { error: { issues: Array<{ ruleId?: string }> } }).error.issues).toContainEqual(expect.objectContaining({ ruleId: 'FAN04' }));
    const first = await postJson('/app/facturas', draft(), { 'idempotency-key': 'editor-3' });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; number: string; url: string };
    expect(created.url).toBe(`/app/documentos/${created.id}`);
    const again = await postJson('/app/facturas', draft(), { 'idempotency-key': 'editor-3' });
    expect(((await again.json()) as { id: string }).id).toBe(created.id);
    expect((await api('GET', '/v1/documents')).data).toHaveLength(1);

    // The detail page: PDF preview once signed, e-mail panel; re-sending waits for DIAN's acceptance.
    const detail = await (await app.request(created.url, { headers: { cookie } })).text();
    expect(detail).toContain('Envío por correo al adquiriente');
    expect(detail).toContain('Se envía por correo cuando la DIAN acepte el documento.');
    expect(detail).toContain("location.reload()"); // polls while queued
    await app.request(`/v1/documents/${created.id}/xml`, { headers: { authorization: `Bearer ${key}` } }); // signs it
    const resend = await app.request(`${created.url}/correo`, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(resend.status).toBe(303);
    const back = resend.headers.get('location')!;
    expect(back).toMatch(/correo_error=/);
    expect(await (await app.request(back, { headers: { cookie } })).text()).toMatch(/Solo se envían documentos aceptados por la DIAN/);
    const signed = await (await app.request(created.url, { headers: { cookie } })).text();
    expect(signed).toContain(`data-src="/app/api/documents/${created.id}/pdf" title="Vista previa del PDF ${created.number}"`);
  });
});
