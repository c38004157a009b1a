import { readFileSync, statSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, loginWithApiKey, requireChromium, screenshot, startPlatform, until, type TestBrowser, type TestPlatform } from './harness.js';

/** Waits until the locator's text contains `text` (the editor fills totals after a debounced preview). */
async function waitText(locator: Locator, text: string | RegExp, timeout = 15_000): Promise<string> {
  const end = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (await locator.textContent()) ?? '';
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    if (Date.now() > end) throw new Error(`Se esperaba «${String(text)}» y se encontró «${last}»`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const line = (page: Page, n: number) => page.getByRole('group', { name: `Línea ${n}` });

/**
 * Daily invoicing in a real browser, for the demo organization already habilitada:
 * (b) an invoice built in the editor (catalog customer and items, discount, withholding), totals
 * computed live by the server's core, issued, accepted by the simulator, with its detail page
 * (DIAN status, downloads, PDF preview, e-mail re-send); (c) a draft DIAN would reject, shown
 * with its rule IDs as the user types and again when issuing is attempted, consuming no number;
 * (d) screenshots of the main pages into docs/screenshots/.
 */
describeBrowser('browser: invoice editor against the DIAN simulator', { timeout: 240_000 }, () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let key: string;
  let invoiceId = '';

  beforeAll(async () => {
    requireChromium();
    platform = await startPlatform({ seedDemo: true });
    key = platform.demoApiKey!;
    // Habilitación and e-invoicing through the API (the set-up pages have their own test).
    expect((await platform.api('POST', '/v1/habilitacion', { key, body: {} })).status).toBe(202);
    await until('habilitación', async () => (await platform.api('GET', '/v1/habilitacion', { key })).json.state === 'habilitado', 120_000);
    expect((await platform.api('POST', '/v1/organization/einvoicing', { key, body: { enabled: true } })).json.einvoicingEnabled).toBe(true);
    const customer = JSON.parse(readFileSync('examples/invoice.json', 'utf8')).customer;
    expect((await platform.api('POST', '/v1/customers', { key, body: { party: customer, receptionEmails: ['recepcion@distvalle.example'] } })).status).toBe(201);
    for (const item of [
      { code: 'CAF-500', description: 'Café de origen 500 g', unitPrice: '12500.00', taxes: [{ code: '01', percent: '19' }] },
      { code: 'ARZ-001', description: 'Arroz blanco 1 kg', unitPrice: '4200.00', taxes: [{ code: '01', percent: '5' }] },
      { code: 'SRV-INS', description: 'Servicio de instalación', unitPrice: '150000.00', taxes: [{ code: '01', percent: '19' }], withholdings: [{ code: '06', percent: '4' }] },
    ]) {
      expect((await platform.api('POST', '/v1/items', { key, body: item })).status).toBe(201);
    }
    browser = await launchBrowser();
    await loginWithApiKey(browser.page, platform.url, key);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('(b) builds an invoice with live totals, issues it, and the simulator accepts it', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Nueva factura' }).click();
    await page.waitForURL(`${platform.url}/app/facturas/nueva`);

    // Customer search (the API's customer search).
    await page.getByLabel('Buscar cliente por nombre o número de identificación').fill('distri');
    await page.getByRole('button', { name: /^Distribuidora del Valle Ltda\. — NIT 800199436/ }).click();
    await waitText(page.locator('#cliente-elegido'), 'Cliente: Distribuidora del Valle Ltda.');

    // Item search (the organization's catalog) and line editing, keyboard-friendly.
    const search = page.getByLabel('Agregar un producto del catálogo (código o descripción)');
    await search.fill('cafe');
    await page.getByRole('button', { name: /^Agregar CAF-500/ }).click();
    await line(page, 1).getByLabel('Cantidad *').fill('3');
    await line(page, 1).getByLabel('Retención en la fuente (%)').fill('2,5'); // decimal comma
    await search.fill('arroz');
    await page.getByRole('button', { name: /^Agregar ARZ-001/ }).click();
    await line(page, 2).getByLabel('Cantidad *').fill('24');
    await line(page, 2).getByLabel('Descuento (%)').fill('10');

    // 3 × 12 500 = 37 500 + IVA 19 % 7 125; 24 × 4 200 = 100 800 − 10 % = 90 720 + IVA 5 % 4 536.
    await waitText(page.locator('[data-t="payable"]'), '$ 139.881,00');
    expect(await page.locator('[data-t="lineExtension"]').textContent()).toBe('$ 128.220,00');
    expect(await page.locator('[data-t="taxInclusive"]').textContent()).toBe('$ 139.881,00');
    expect(await page.locator('[data-t="withholdings"]').textContent()).toBe('$ 937,50');
    await waitText(page.locator('#validacion'), 'Sin rechazos: la DIAN aceptaría esta factura.');
    const number = (await page.locator('[data-t="number"]').textContent())!;
    expect(number).toMatch(/^SETP99\d{7}$/);
    await waitText(page.locator('#l2-valor'), '$ 90.720,00');
    await screenshot(page, 'editor');

    await page.getByRole('button', { name: 'Emitir factura' }).click();
    await page.waitForURL(/\/app\/documentos\/[0-9a-f-]{36}$/);
    invoiceId = page.url().split('/').pop()!;
    // The detail page reloads itself until DIAN answers.
    await page.locator('h2#estado', { hasText: 'Aceptado por la DIAN' }).waitFor({ timeout: 60_000 });
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    expect(heading).toBe(`Factura electrónica ${number}`);
    await waitText(page.locator('#dian + p'), 'Código 00');
    expect(await page.getByRole('link', { name: 'XML firmado' }).getAttribute('href')).toBe(`/app/api/documents/${invoiceId}/xml`);
    await page.getByRole('link', { name: 'ApplicationResponse de la DIAN' }).waitFor();
    await page.getByRole('link', { name: /^ZIP para el adquiriente/ }).waitFor();
    // The PDF preview loads when opened (the PDF is rendered on request).
    const pdf = page.locator(`iframe[title="Vista previa del PDF ${number}"]`);
    expect(await pdf.getAttribute('src')).toBeNull();
    await page.getByText('Ver la vista previa del PDF').click();
    await until('vista previa del PDF', async () => (await pdf.getAttribute('src')) === `/app/api/documents/${invoiceId}/pdf`);
    expect(await pdf.isVisible()).toBe(true);
    const pdfRes = await page.request.get(`${platform.url}/app/api/documents/${invoiceId}/pdf`);
    expect(pdfRes.headers()['content-type']).toBe('application/pdf');
    expect((await pdfRes.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // The server's record is what the editor showed.
    const doc = (await platform.api('GET', `/v1/documents/${invoiceId}`, { key })).json;
    expect(doc).toMatchObject({ status: 'accepted', number, customer: { id: '800199436' }, totals: { lineExtension: '128220.00', taxInclusive: '139881.00', payable: '139881.00' } });

    // Re-send by e-mail (the delivery API; the local outbox stands in for SMTP).
    await page.getByLabel('Otros destinatarios (opcional, separados por coma)').fill('contabilidad@distvalle.example');
    await page.getByRole('button', { name: 'Reenviar por correo' }).click();
    await page.getByText('Envío por correo en cola: el estado se actualiza en unos segundos.').waitFor();
    const delivery = await until('entrega por correo', async () => {
      const d = (await platform.api('GET', `/v1/documents/${invoiceId}/delivery`, { key })).json;
      return d.deliveries.some((x: { recipients: string[]; status: string }) => x.recipients.includes('contabilidad@distvalle.example') && /^(delivered|failed)/.test(x.status)) && d;
    });
    expect(delivery.deliveries.at(-1).status).toMatch(/^delivered/);
    await page.reload();
    await page.locator('h2#estado', { hasText: 'Aceptado por la DIAN' }).waitFor();
    await waitText(page.locator('#estado-correo'), 'bandeja de salida');
    await screenshot(page, 'documento');
  });

  it('(c) shows a draft DIAN would reject with its rule IDs, as you type and when issuing; no number is used', async () => {
    const { page } = browser;
    const before = (await platform.api('GET', '/v1/documents?limit=500', { key })).json.data.length;
    await page.goto(`${platform.url}/app/facturas/nueva`);
    await page.getByRole('button', { name: 'Facturar a consumidor final' }).click();
    await page.getByRole('button', { name: 'Agregar línea sin producto del catálogo' }).click();
    await line(page, 1).getByLabel('Descripción *').fill('Asesoría contable');
    await line(page, 1).getByLabel('Precio unitario (antes de impuestos) *').fill('100.000'); // es-CO thousands
    await line(page, 1).getByLabel('Descuento (%)').fill('150');
    // Crédito without a due date.
    await page.getByLabel('Forma de pago').selectOption('2');

    const validation = page.locator('#validacion');
    await validation.locator('li[data-rule="FAN04"]').waitFor();
    expect(await validation.locator('li[data-rule="FAN04"]').textContent()).toContain('La forma de pago crédito ("2") requiere fecha de vencimiento');
    expect(await page.getByLabel('Fecha de vencimiento').getAttribute('aria-invalid')).toBe('true');
    await waitText(validation, 'La factura no se puede emitir así');

    // With a due date the input is complete, and DIAN's own rules over the XML speak: a 150 % discount.
    await page.getByLabel('Fecha de vencimiento').fill('31/12/2030');
    await validation.locator('li[data-rule="VLR01"]').waitFor();
    expect(await validation.locator('li[data-rule="FAN04"]').count()).toBe(0);
    // One entry per rule, however many places of the XML break it.
    expect(await validation.locator('li[data-rule="VLR01"]').count()).toBe(1);
    expect(await validation.locator('li[data-rule="VLR01"]').textContent()).toMatch(/valores Positivos.*casos? más/i);
    await screenshot(page, 'editor-rechazo');

    // Issuing anyway: the API answers 422 with the same rules; the page stays, nothing is numbered.
    await page.getByRole('button', { name: 'Emitir factura' }).click();
    const result = page.locator('#resultado');
    await waitText(result, 'No se emitió la factura');
    expect(await result.locator('li[data-rule="VLR01"]').count()).toBeGreaterThan(0);
    expect(page.url()).toBe(`${platform.url}/app/facturas/nueva`);
    expect((await platform.api('GET', '/v1/documents?limit=500', { key })).json.data.length).toBe(before);

    // Fixing the discount clears the rejection as you type.
    await line(page, 1).getByLabel('Descuento (%)').fill('15');
    await waitText(validation, 'Sin rechazos: la DIAN aceptaría esta factura.');
    await waitText(page.locator('[data-t="payable"]'), '$ 101.150,00'); // 85 000 + IVA 19 % 16 150
  });

  it('(d) saves screenshots of the main pages', async () => {
    const { page } = browser;
    const shots: Array<[string, string, string]> = [
      ['tablero', '/app', 'Tablero'],
      ['configuracion', '/app/configuracion', 'Configuración'],
      ['documentos', '/app/documentos', 'Documentos'],
    ];
    for (const [name, path, title] of shots) {
      await page.goto(`${platform.url}${path}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
      const file = await screenshot(page, name);
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
    for (const name of ['editor', 'editor-rechazo', 'documento']) expect(statSync(`docs/screenshots/${name}.png`).size).toBeGreaterThan(10_000);
    expect(invoiceId).not.toBe('');
  });
});
