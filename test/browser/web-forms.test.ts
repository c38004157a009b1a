import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, loginWithApiKey, screenshot, startPlatform, until, type TestBrowser, type TestPlatform } from './harness.js';

/** The forms' small scripts in a real browser: NIT check digit as you type, DANE pickers, focus on errors. */
describeBrowser('web forms in Chromium (NIT DV as you type, DANE pickers, keyboard)', { timeout: 180_000 }, () => {
  let platform: TestPlatform;
  let browser: TestBrowser;

  beforeAll(async () => {
    platform = await startPlatform({ seedDemo: true });
    browser = await launchBrowser();
    await loginWithApiKey(browser.page, platform.url, platform.demoApiKey!);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('checks the organization NIT check digit as you type', async () => {
    const page = browser.page;
    await page.goto(`${platform.url}/app/organizacion`);
    const status = page.locator('#org-nit-dv-estado');
    await expect.poll(() => status.textContent()).toBe('DV correcto: 900108281-3');
    await page.getByLabel('NIT (sin puntos ni DV)').fill('800197268');
    await expect.poll(() => status.textContent()).toBe('El DV no corresponde al NIT 800197268: debería ser 4.');
    expect(await page.getByLabel('DV', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('DV', { exact: true }).fill('4');
    await expect.poll(() => status.textContent()).toBe('DV correcto: 800197268-4');
    await page.getByLabel('NIT (sin puntos ni DV)').fill('800.197.268');
    await expect.poll(() => status.textContent()).toBe('Escriba solo los dígitos del NIT, sin puntos, guiones ni DV.');
    await page.getByLabel('NIT (sin puntos ni DV)').fill('900108281');
    await page.getByLabel('DV', { exact: true }).fill('3');
    await screenshot(page, 'datos-organizacion');
  });

  it('narrows municipalities to the chosen department and follows the municipality back', async () => {
    const page = browser.page;
    await page.goto(`${platform.url}/app/clientes/nuevo`);
    await page.getByLabel('Departamento').selectOption('05');
    const values = await page.locator('#c-municipio option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(values[0]).toBe('');
    expect(values.length).toBeGreaterThan(100);
    expect(values.slice(1).every((v) => v.startsWith('05'))).toBe(true);
    await page.getByLabel('Departamento').selectOption('');
    await page.getByLabel('Municipio (código DANE)').selectOption('76001');
    expect(await page.getByLabel('Departamento').inputValue()).toBe('76');
  });

  it('fills a customer NIT check digit by itself, only for NIT, and focuses the error summary', async () => {
    const page = browser.page;
    await page.goto(`${platform.url}/app/clientes/nuevo`);
    await page.getByLabel('Número de identificación (sin puntos ni DV)').fill('800199436');
    expect(await page.getByLabel('DV', { exact: true }).inputValue()).toBe('4');
    await page.getByLabel('Tipo de documento (DIAN)').selectOption('13');
    await expect.poll(() => page.locator('#c-id-dv-estado').textContent()).toBe('');
    await page.getByLabel('Tipo de documento (DIAN)').selectOption('31');
    await page.getByLabel('DV', { exact: true }).fill('9');
    await page.getByLabel('Razón social o nombre completo (como en el RUT)').fill('Distribuidora del Valle Ltda.');
    await page.getByRole('button', { name: 'Guardar cliente' }).click();
    await page.waitForSelector('#errores');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('errores');
    expect(await page.locator('#errores').textContent()).toContain('El dígito de verificación 9 no corresponde al NIT 800199436');
    await page.locator('#errores a[href="#c-dv"]').click();
    expect(page.url()).toMatch(/#c-dv$/);
  });

  it('issues a credit note from an invoice in two clicks', async () => {
    const key = platform.demoApiKey!;
    await platform.api('POST', '/v1/habilitacion', { key, body: {} });
    await until('habilitado', async () => (await platform.api('GET', '/v1/habilitacion', { key })).json.state === 'habilitado');
    await platform.api('POST', '/v1/organization/einvoicing', { key, body: { enabled: true } });
    const created = await platform.api('POST', '/v1/documents', { key, body: { kind: 'invoice', customer: { personType: '1', idType: '31', id: '800199436', name: 'Distribuidora del Valle Ltda.', responsibilities: ['O-13'], address: { municipalityCode: '76001', line: 'Calle 5 # 38-25' } }, lines: [{ description: 'Café de origen 500 g', quantity: '3', unitPrice: '12500', taxes: [{ code: '01', percent: '19' }] }] } });
    expect(created.status).toBe(201);
    await until('aceptada', async () => (await platform.api('GET', `/v1/documents/${created.json.id}`, { key })).json.status === 'accepted');
    const page = browser.page;
    await page.goto(`${platform.url}/app/documentos/${created.json.id}`);
    await page.getByRole('link', { name: 'Nota crédito' }).click();
    await page.waitForURL(/nota-credito$/);
    expect(await page.getByLabel('Código de corrección').inputValue()).toBe('2');
    expect(await page.getByLabel('Cantidad de la línea 1').inputValue()).toBe('3');
    await screenshot(page, 'nota-credito');
    await page.getByRole('button', { name: 'Emitir nota crédito' }).click();
    await page.waitForURL(/\/app\/documentos\/[0-9a-f-]+\?ok=/);
    expect(await page.locator('main').textContent()).toMatch(/Nota crédito NC\d+ emitida y en cola de envío a la DIAN\./);
  });

  it('is usable from the keyboard and on a phone-sized screen', async () => {
    const page = browser.page;
    await page.goto(`${platform.url}/app/documentos`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Saltar al contenido');
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/app/productos/nuevo', '/app/clientes/nuevo', '/app/organizacion', '/app/numeracion']) {
      await page.goto(`${platform.url}${path}`);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await screenshot(page, 'numeracion-movil');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
