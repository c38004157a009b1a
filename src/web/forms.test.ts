import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../app/worker.js';
import { DATABASE_TARGETS } from '../adapters/db/test-support.js';
import { createApp } from '../server/app.js';
import { composePlatform, configFromEnv, seedDemoOrganization, type Platform } from '../server/main.js';

const ORIGIN = 'http://localhost';
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('web forms with DIAN code lists, documents filters and notes from an invoice', { timeout: 240_000 }, () => {
  let platform: Platform;
  let app: ReturnType<typeof createApp>;
  let worker: RunningWorker;
  let dir: string;
  let key: string;
  let cookie: string;
  let otherKey: string;
  let otherCookie: string;

  const api = async (method: string, path: string, body?: unknown, apiKey = key) => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    return (res.status === 204 ? null : await res.json()) as Json;
  };
  const until = async (path: string, done: (j: Json) => boolean) => {
    const end = Date.now() + 120_000;
    for (;;) {
      const j = await api('GET', path);
      if (done(j)) return j;
      if (Date.now() > end) throw new Error(`timeout ${path}: ${JSON.stringify(j).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const login = async (apiKey: string) => {
    const res = await app.request('/app/ingresar', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ apiKey }).toString() });
    return /^[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  };
  const page = async (path: string, as = cookie) => {
    const res = await app.request(path, { headers: { cookie: as } });
    return { status: res.status, text: await res.text() };
  };
  /** Posts a form; fields given as pairs so names may repeat (checkbox groups). */
  const submit = async (path: string, fields: Record<string, string> | Array<[string, string]>, as = cookie) => {
    const res = await app.request(path, { method: 'POST', headers: { cookie: as, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const location = res.headers.get('location');
    const q = location ? new URL(location, ORIGIN).searchParams : undefined;
    return { status: res.status, location, ok: q?.get('ok') ?? null, error: q?.get('error') ?? null, text: await res.text() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'previa-web-forms-'));
    const config = { ...configFromEnv({ PREVIA_DATA_DIR: dir, PREVIA_SIMULATOR_PORT: '0' }), app: { ...configFromEnv({}).app, habilitacionPollMs: 50 } };
    platform = await composePlatform(config, { database: await DATABASE_TARGETS[0]!.open() });
    key = (await seedDemoOrganization(platform.deps, dir)).apiKey!;
    app = createApp(platform.deps, { adminKey: platform.adminKey, users: platform.users });
    worker = startWorker(platform.deps, { workerId: 'web-forms', concurrency: 4, pollMs: 20, leaseMs: 30_000 });
    cookie = await login(key);
    const other = await app.request('/v1/admin/organizations', {
      method: 'POST',
      headers: { 'x-admin-key': platform.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ nit: '800199436', dv: '4', legalName: 'Otra S.A.S.', personType: '1', responsibilities: ['O-13'], address: { municipalityCode: '76001', line: 'Calle 1' } }),
    });
    otherKey = ((await other.json()) as { apiKey: string }).apiKey;
    otherCookie = await login(otherKey);
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const orgForm = (over: Record<string, string> = {}, responsibilities = ['O-13', 'O-15']): Array<[string, string]> => [
    ...Object.entries({ nit: '800199436', dv: '4', legalName: 'Otra Compañía S.A.S.', commercialName: 'Otra', personType: '1', regime: '48', taxScheme: '01', municipalityCode: '05001', addressLine: 'Carrera 43A # 1-50', postalCode: '050021', ciiu0: '4711', ciiu1: '6201', ciiu2: '', ciiu3: '', commercialRegistration: '', email: 'facturas@otra.example', phone: '6041234567', ...over }),
    ...responsibilities.map((r): [string, string] => ['responsibilities', r]),
  ];

  it('edits the organization data with DIAN pickers and the NIT check digit checked as you type and on the server', async () => {
    const r = await page('/app/organizacion', otherCookie);
    expect(r.status).toBe(200);
    for (const t of ['<label for="org-nit">NIT (sin puntos ni DV)</label>', 'data-nit="org-dv"', 'aria-live="polite"', '<label for="org-municipio">Municipio (código DANE)</label>', '<label for="org-municipio-departamento">Departamento</label>', '<optgroup label="Valle del Cauca" data-dept="76">', '<option value="76001" selected>CALI (76001)</option>', '<option value="48">48 · responsable del impuesto sobre las ventas –IVA</option>', 'value="O-13" checked', 'value="R-99-PN">', 'var W=[3,7,13,17,19,23,29,37,41,43,47,53,59,67,71]']) expect(r.text).toContain(t);
    const wrong = await submit('/app/organizacion', orgForm({ dv: '5' }), otherCookie);
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('El dígito de verificación 5 no corresponde al NIT 800199436 (debería ser 4)');
    expect(wrong.text).toContain('<a href="#org-dv">');
    expect(wrong.text).toMatch(/id="org-dv" name="dv" value="5"[^>]*aria-invalid="true"/);
    expect(wrong.text).toContain('value="Otra Compañía S.A.S."'); // what was typed is kept
    const unknown = await submit('/app/organizacion', orgForm({ municipalityCode: '99999' }), otherCookie);
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('Código DANE de municipio desconocido: 99999');
    const ok = await submit('/app/organizacion', orgForm(), otherCookie);
    expect(ok.status).toBe(303);
    expect(ok.ok).toBe('Datos de la organización guardados.');
    const org = await api('GET', '/v1/organization', undefined, otherKey);
    expect(org).toMatchObject({ legalName: 'Otra Compañía S.A.S.', regime: '48', responsibilities: ['O-13', 'O-15'], industryCodes: ['4711', '6201'], address: { municipalityCode: '05001', line: 'Carrera 43A # 1-50', postalCode: '050021' }, email: 'facturas@otra.example' });
    const cfg = await page('/app/configuracion', otherCookie);
    expect(cfg.text).toContain('MEDELLÍN (05001)');
    expect(cfg.text).toContain('800.199.436-4');
  });

  it('lists, creates and edits customers with every DIAN party field and the reception e-mail', async () => {
    const form = await page('/app/clientes/nuevo');
    for (const t of ['<label for="c-tipo-id">Tipo de documento (DIAN)</label>', '<option value="31" selected>31 · NIT</option>', '<option value="13">13 · Cédula de ciudadanía</option>', 'data-tipo-id="c-tipo-id"', '<label for="c-recepcion">Correos de recepción de facturas electrónicas</label>', '<option value="ZZ">ZZ · No aplica</option>', '<option value="CO" selected>']) expect(form.text).toContain(t);
    const fields = (over: Record<string, string> = {}): Array<[string, string]> => [
      ...Object.entries({ personType: '1', idType: '31', id: '800.197.268', dv: '4', name: 'Dirección de Impuestos y Aduanas Nacionales', commercialName: 'DIAN', taxScheme: '01', regime: '', countryCode: 'CO', municipalityCode: '11001', addressLine: 'Carrera 8 # 6C-38', cityName: '', postalCode: '', email: 'contacto@dian.example', phone: '6013078064', receptionEmails: 'facturas@dian.example\nrecepcion@dian.example', ...over }),
      ['responsibilities', 'O-13'],
    ];
    const bad = await submit('/app/clientes/nuevo', fields({ dv: '7' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('El dígito de verificación 7 no corresponde al NIT 800197268');
    expect(bad.text).toContain('<a href="#c-dv">');
    const created = await submit('/app/clientes/nuevo', fields());
    expect(created.status).toBe(303);
    expect(created.ok).toBe('Cliente Dirección de Impuestos y Aduanas Nacionales creado.');
    const stored = (await api('GET', '/v1/customers?search=800197268')).data[0];
    expect(stored).toMatchObject({ party: { idType: '31', id: '800197268', dv: '4', responsibilities: ['O-13'], address: { municipalityCode: '11001', countryCode: 'CO' }, email: 'contacto@dian.example' }, receptionEmails: ['facturas@dian.example', 'recepcion@dian.example'] });
    const list = await page('/app/clientes?buscar=Aduanas');
    expect(list.text).toContain('NIT 800.197.268-4');
    expect(list.text).toContain('BOGOTÁ, D.C.');
    expect(list.text).toContain('facturas@dian.example, recepcion@dian.example');
    const edit = await page(`/app/clientes/${stored.id}/editar`);
    expect(edit.text).toContain('value="800197268"');
    expect(edit.text).toContain('<option value="11001" selected>');
    expect(edit.text).toMatch(/value="O-13" checked/);
    const updated = await submit(`/app/clientes/${stored.id}/editar`, fields({ receptionEmails: 'nuevo@dian.example', idType: '31' }));
    expect(updated.status).toBe(303);
    expect((await api('GET', `/v1/customers/${stored.id}`)).receptionEmails).toEqual(['nuevo@dian.example']);
    // A cédula has no check digit: the DV field is not sent.
    const person = await submit('/app/clientes/nuevo', [...Object.entries({ personType: '2', idType: '13', id: '1020304050', dv: '9', name: 'Laura Gómez', firstName: 'Laura', familyName: 'Gómez', taxScheme: 'ZZ', countryCode: 'CO', municipalityCode: '', addressLine: '', receptionEmails: 'laura@correo.example' }), ['responsibilities', 'R-99-PN'] as [string, string]]);
    expect(person.status).toBe(303);
    expect((await api('GET', '/v1/customers?search=1020304050')).data[0].party).toMatchObject({ idType: '13', person: { firstName: 'Laura', familyName: 'Gómez' } });
    expect((await api('GET', '/v1/customers?search=1020304050')).data[0].party.dv).toBeUndefined();
  });

  it('creates and edits items with DIAN units and taxes, prices typed the Colombian way', async () => {
    const form = await page('/app/productos/nuevo');
    expect(form.text).not.toContain('&quot;'); // attributes are markup, not escaped text
    expect(form.text).toContain('<input id="i-code" name="code" value="" required autocomplete="off">');
    for (const t of ['<optgroup label="Frecuentes"><option value="94" selected>94 · Unidad</option>', '<option value="01" selected>01 · IVA</option>', '<datalist id="tarifas-01">', '<option value="05">05 · ReteIVA</option>', '<label for="i-price">Precio unitario antes de impuestos (COP)</label>']) expect(form.text).toContain(t);
    const item = { code: 'CAF-500', description: 'Café de origen 500 g', unitCode: '94', unitPrice: '12.500,50', standardScheme: '999', standardId: '', tax0Code: '01', tax0Value: '19', tax1Code: '22', tax1Value: '66', tax2Code: '', tax2Value: '', ret0Code: '', ret0Value: '', ret1Code: '', ret1Value: '' };
    const created = await submit('/app/productos/nuevo', item);
    expect(created.status, created.text.slice(0, 2000)).toBe(303);
    const stored = (await api('GET', '/v1/items')).data.find((i: { code: string }) => i.code === 'CAF-500');
    expect(stored).toMatchObject({ unitPrice: '12500.50', taxes: [{ code: '01', percent: '19' }, { code: '22', perUnitAmount: '66' }] });
    const list = await page('/app/productos');
    expect(list.text).toContain('$ 12.500,50');
    expect(list.text).toContain('IVA 19 %, INC Bolsas $ 66,00');
    const dup = await submit('/app/productos/nuevo', item);
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('Ya existe un producto con el código CAF-500');
    const edit = await page(`/app/productos/${stored.id}/editar`);
    expect(edit.text).toContain('value="12.500,50"');
    const badPrice = await submit(`/app/productos/${stored.id}/editar`, { ...item, unitPrice: 'doce mil' });
    expect(badPrice.status).toBe(422);
    expect(badPrice.text).toContain('aria-invalid="true"');
    const ok = await submit(`/app/productos/${stored.id}/editar`, { ...item, unitPrice: '13.000', tax1Code: '' });
    expect(ok.status).toBe(303);
    expect(await api('GET', `/v1/items/${stored.id}`)).toMatchObject({ unitPrice: '13000', taxes: [{ code: '01', percent: '19' }] });
  });

  it('shows numbering ranges with the next number, the DIAN prefix reminder, and takes a manual resolution', async () => {
    const r = await page('/app/numeracion');
    expect(r.status).toBe(200);
    expect(r.text).toContain('al menos dos horas después de expedida la resolución');
    expect(r.text).toContain('<strong>SETP990000000</strong>');
    expect(r.text).toContain('19/01/2019 al 19/01/2030');
    expect(r.text).toContain('Consultar numeración en la DIAN');
    expect(r.text).toContain('<option value="invoice" selected>invoice · Factura electrónica</option>');
    const missing = await submit('/app/numeracion', { documentKind: 'invoice', prefix: 'FE', resolution: '18764000000001', resolutionDate: '15/12/2025', fromNumber: '1', toNumber: '1000', validFrom: '01/01/2026', validTo: '31/12/2027', technicalKey: '' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Requerido para rangos de facturación');
    expect(missing.text).toContain('<a href="#n-key">');
    expect(missing.text).toContain('value="31/12/2027"'); // what was typed is kept
    const full = await submit('/app/numeracion', { documentKind: 'invoice', prefix: 'FE', resolution: '18764000000001', resolutionDate: '15/12/2025', fromNumber: '1', toNumber: '1000', validFrom: '01/01/2026', validTo: '31/12/2027', technicalKey: 'clave-tecnica-de-prueba' });
    expect(full.status).toBe(303);
    expect((await api('GET', '/v1/numbering-ranges')).data.find((r: { prefix: string }) => r.prefix === 'FE')).toMatchObject({ resolutionDate: '2025-12-15', validFrom: '2026-01-01', validTo: '2027-12-31', hasTechnicalKey: true, nextNumber: '1' });
    const ok = await submit('/app/numeracion', { documentKind: 'credit-note', prefix: 'nca', fromNumber: '1', toNumber: '5000', nextNumber: '', resolution: '', resolutionDate: '', validFrom: '', validTo: '', technicalKey: '' });
    expect(ok.status).toBe(303);
    expect(ok.ok).toBe('Rango NCA registrado.');
    expect((await page('/app/numeracion')).text).toContain('<strong>NCA1</strong>');
  });

  let invoice: Json;
  it('filters documents by customer, dates and number or CUFE', async () => {
    await api('POST', '/v1/habilitacion', {});
    await until('/v1/habilitacion', (j) => j.state !== 'in_progress');
    expect((await api('POST', '/v1/organization/einvoicing', { enabled: true })).einvoicingEnabled).toBe(true);
    const customer = (await api('GET', '/v1/customers?search=800197268')).data[0];
    invoice = await api('POST', '/v1/documents', { kind: 'invoice', customerId: customer.id, lines: [{ description: 'Asesoría tributaria', quantity: '2', unitPrice: '100000', taxes: [{ code: '01', percent: '19' }] }, { description: 'Papelería', quantity: '3', unitPrice: '5000', taxes: [{ code: '01', percent: '19' }] }] });
    expect(invoice.id, JSON.stringify(invoice)).toBeTruthy();
    invoice = await until(`/v1/documents/${invoice.id}`, (j) => j.status !== 'queued');
    expect(invoice.status).toBe('accepted');
    const other = await api('POST', '/v1/documents', { kind: 'invoice', customer: { personType: '2', idType: '13', id: '1020304050', name: 'Laura Gómez', taxScheme: 'ZZ' }, lines: [{ description: 'Otro', quantity: '1', unitPrice: '1000' }] });
    expect(other.id, JSON.stringify(other)).toBeTruthy();

    const filters = await page('/app/documentos');
    for (const t of ['<label for="f-customer">Cliente (identificación)</label>', '<label for="f-from">Desde (dd/mm/aaaa)</label>', 'placeholder="dd/mm/aaaa"', '<label for="f-q">Número o CUFE/CUDE</label>', '<option value="800197268">Dirección de Impuestos y Aduanas Nacionales</option>']) expect(filters.text).toContain(t);
    const byCustomer = await page('/app/documentos?customer=800197268');
    expect(byCustomer.text).toContain(invoice.number);
    expect(byCustomer.text).not.toContain(other.number);
    expect(byCustomer.text).toContain('Quitar filtros');
    const byNumber = await page(`/app/documentos?q=${invoice.number.toLowerCase()}`);
    expect(byNumber.text).toContain(`href="/app/documentos/${invoice.id}"`);
    expect(byNumber.text).not.toContain(other.number);
    const byCufe = await page(`/app/documentos?q=${invoice.uuid.toUpperCase()}`);
    expect(byCufe.text).toContain(`href="/app/documentos/${invoice.id}"`);
    expect(byCufe.text).not.toContain(other.number);
    expect((await page(`/app/documentos?q=${'0'.repeat(96)}`)).text).toContain('No hay documentos con estos filtros');
    expect((await page(`/app/documentos?from=${invoice.issueDate}&to=${invoice.issueDate}`)).text).toContain(invoice.number);
    const [y, m, d] = invoice.issueDate.split('-');
    const typed = await page(`/app/documentos?from=${encodeURIComponent(`${d}/${m}/${y}`)}&to=${encodeURIComponent(`${d}/${m}/${y}`)}`);
    expect(typed.text).toContain(invoice.number);
    expect(typed.text).toContain(`value="${d}/${m}/${y}"`);
    expect((await page('/app/documentos?from=2000-01-01&to=2000-12-31')).text).not.toContain(invoice.number);
    const api2 = await api('GET', `/v1/documents?q=${invoice.uuid}`);
    expect(api2.data.map((d: { id: string }) => d.id)).toEqual([invoice.id]);
  });

  it('makes a credit note from an invoice in two clicks: prefilled form, concept picker, issued through the API', async () => {
    const detail = await page(`/app/documentos/${invoice.id}`);
    expect(detail.text).toContain(`<a class="button" href="/app/documentos/${invoice.id}/nota-credito">Nota crédito</a>`);
    expect(detail.text).toContain(`href="/app/documentos/${invoice.id}/nota-debito">Nota débito</a>`);
    const form = await page(`/app/documentos/${invoice.id}/nota-credito`);
    expect(form.status).toBe(200);
    for (const t of [invoice.number, invoice.uuid, 'Asesoría tributaria', 'Papelería', '<option value="2" selected>2 · Anulación de factura electrónica</option>', '<option value="6">6 · Descuento comercial por volumen de ventas</option>', 'value="Anulación de factura electrónica"', 'id="l0-cantidad" name="l0Quantity" inputmode="decimal" value="2"', 'value="100.000"', 'IVA 19 %']) expect(form.text).toContain(t);
    const idem = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
    const fields = { idempotencyKey: idem, concept: '1', description: 'Devolución de una asesoría', l0Include: '1', l0Quantity: '1', l0UnitPrice: '100.000', l1Quantity: '3', l1UnitPrice: '5.000', extraDescription: '', extraQuantity: '1', extraUnitPrice: '', extraTaxCode: '', extraTaxValue: '' };
    const issued = await submit(`/app/documentos/${invoice.id}/nota-credito`, fields);
    expect(issued.status, issued.text.slice(0, 3000)).toBe(303);
    const noteId = /\/app\/documentos\/([^?]+)/.exec(issued.location!)![1]!;
    expect(issued.ok).toMatch(/^Nota crédito NC\d+ emitida y en cola de envío a la DIAN\.$/);
    const note = await until(`/v1/documents/${noteId}`, (j) => j.status !== 'queued');
    expect(note).toMatchObject({ kind: 'credit-note', status: 'accepted', referencedDocumentId: invoice.id, customer: { id: '800197268' }, totals: { lineExtension: '100000.00', payable: '119000.00' } });
    // The same form sent twice (double click) is one note.
    const again = await submit(`/app/documentos/${invoice.id}/nota-credito`, fields);
    expect(again.location).toBe(issued.location!.split('?')[0] + '?' + new URL(again.location!, ORIGIN).searchParams.toString());
    expect(new URL(again.location!, ORIGIN).pathname).toBe(`/app/documentos/${noteId}`);
    const noteDetail = await page(`/app/documentos/${noteId}`);
    expect(noteDetail.text).toContain('Corrige la factura');
    expect(noteDetail.text).not.toContain('nota-credito"');
    const empty = await submit(`/app/documentos/${invoice.id}/nota-credito`, { ...fields, idempotencyKey: 'otra', l0Include: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Incluya al menos una línea en la nota.');
  });

  it('makes a debit note with an extra line (interest) and shows DIAN-rule errors from the API', async () => {
    const form = await page(`/app/documentos/${invoice.id}/nota-debito`);
    expect(form.text).toContain('<option value="4" selected>4 · Otros</option>');
    expect(form.text).toContain('<option value="1">1 · Intereses</option>');
    const base = { idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!, concept: '1', description: 'Intereses de mora', l0Quantity: '2', l0UnitPrice: '100.000', l1Quantity: '3', l1UnitPrice: '5.000', extraDescription: 'Intereses de mora noviembre', extraQuantity: '1', extraUnitPrice: '2.500,00', extraTaxCode: '', extraTaxValue: '' };
    const bad = await submit(`/app/documentos/${invoice.id}/nota-debito`, { ...base, extraUnitPrice: 'mucho' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain('value="mucho"');
    const ok = await submit(`/app/documentos/${invoice.id}/nota-debito`, base);
    expect(ok.status, ok.text.slice(0, 3000)).toBe(303);
    const note = await until(`/v1/documents/${new URL(ok.location!, ORIGIN).pathname.split('/').pop()}`, (j) => j.status !== 'queued');
    expect(note).toMatchObject({ kind: 'debit-note', status: 'accepted', totals: { payable: '2500.00' } });
  });

  it('refuses notes on anything but this organization\'s invoices', async () => {
    expect((await page(`/app/documentos/${invoice.id}/nota-credito`, otherCookie)).status).toBe(404);
    expect((await page('/app/documentos/no-existe/nota-debito')).status).toBe(404);
  });
});
