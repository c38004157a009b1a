import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeDemoPkcs12 } from '../../src/adapters/signing/demo-certificate.js';
import { DEMO } from '../../src/dian/index.js';
import { describeBrowser, launchBrowser, loginWithApiKey, requireChromium, startPlatform, until, type TestBrowser, type TestPlatform } from './harness.js';

/**
 * (a) The guided set-up at /app/configuracion, in a real browser, for an organization the
 * provider has just created: certificate upload through the form, software data, numbering
 * from DIAN, habilitación with live progress until *Habilitado*, then e-invoicing enabled.
 * The embedded simulator knows the demo NIT, SoftwareID and TestSetId.
 */
describeBrowser('browser: guided set-up against the DIAN simulator', { timeout: 240_000 }, () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let apiKey: string;

  beforeAll(async () => {
    requireChromium();
    platform = await startPlatform({ seedDemo: false });
    browser = await launchBrowser();
    const created = await platform.api('POST', '/v1/admin/organizations', {
      admin: true,
      body: {
        nit: DEMO.nit, dv: '3', legalName: 'Comercializadora Andina de Prueba S.A.S.', commercialName: 'Andina Prueba', personType: '1',
        responsibilities: ['O-13', 'O-15'], taxScheme: '01',
        address: { municipalityCode: '11001', postalCode: '110111', line: 'Carrera 7 # 32-16, oficina 501', countryCode: 'CO' },
        // Without the matrícula mercantil the test set's credit note breaks CAJ49 (CorporateRegistrationScheme).
        industryCodes: ['4711'], commercialRegistration: '0123456', email: 'facturacion@andina-prueba.example', phone: '6013456789',
      },
    });
    expect(created.status).toBe(201);
    apiKey = created.json.apiKey;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('walks the checklist from a new organization to Habilitado and e-invoicing enabled', async () => {
    const { page } = browser;
    const url = platform.url;
    await loginWithApiKey(page, url, apiKey);
    await page.getByRole('link', { name: 'Configuración' }).first().click();
    await page.waitForURL(`${url}/app/configuracion`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Configuración/);
    // Nothing but the organization data is complete; the last step is locked.
    await expect(page.getByRole('button', { name: 'Activar facturación electrónica' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Iniciar habilitación' }).isDisabled()).resolves.toBe(true);

    // 2. Certificate: the throwaway test certificate (.p12) through the upload form.
    const password = 'clave-de-prueba';
    const p12 = join(platform.dataDir, 'firma-prueba.p12');
    writeFileSync(p12, makeDemoPkcs12({ nit: DEMO.nit, name: 'Comercializadora Andina de Prueba S.A.S.', password }));
    // The upload form is already unfolded while no certificate is loaded.
    if (!(await page.getByLabel('Contraseña del certificado').isVisible())) await page.getByText('Subir el certificado').click();
    await page.getByLabel('Archivo del certificado (.p12 o .pfx)').setInputFiles(p12);
    await page.getByLabel('Contraseña del certificado').fill(password);
    await page.getByRole('button', { name: 'Subir certificado' }).click();
    await page.getByText('Certificado cargado.').waitFor();
    await page.getByText('Titular').waitFor();

    // 3. Software data.
    await page.getByLabel('SoftwareID').fill(DEMO.softwareId);
    await page.getByLabel('PIN del software').fill(DEMO.pin);
    await page.getByLabel('TestSetId (set de pruebas)').fill(DEMO.testSetId);
    await page.getByRole('button', { name: 'Guardar datos del software' }).click();
    await page.getByText('Datos del software guardados.').waitFor();

    // 4. Numbering from DIAN (GetNumberingRange): the SETP habilitación range with its technical key.
    await page.getByRole('button', { name: 'Consultar numeración en la DIAN' }).click();
    await page.getByText('Numeración sincronizada con la DIAN.').waitFor();
    await page.getByRole('cell', { name: 'SETP', exact: true }).waitFor();
    // The test set also has a credit and a debit note; their (DIAN-free) ranges are registered
    // through the API, as the page says (the manual numbering form is another page's work).
    for (const [documentKind, prefix] of [['credit-note', 'NC'], ['debit-note', 'ND']] as const) {
      const r = await platform.api('POST', '/v1/numbering-ranges', { key: apiKey, body: { documentKind, prefix, fromNumber: 1, toNumber: 99999999 } });
      expect(r.status).toBe(201);
    }

    // 3b. Habilitación: one button, live progress polled by the page, ending in Habilitado.
    await page.reload();
    const start = page.getByRole('button', { name: 'Iniciar habilitación' });
    expect(await start.isEnabled()).toBe(true);
    await start.click();
    await page.getByText('Habilitación iniciada: el progreso se actualiza solo.').waitFor();
    await page.locator('#progreso-habilitacion').waitFor();
    // The page polls and reloads itself when the run ends; the API says why if it does not.
    const final = await until('fin de la habilitación', async () => {
      const p = await platform.api('GET', '/v1/habilitacion', { key: apiKey });
      return p.json.state !== 'in_progress' && p.json;
    }, 120_000);
    expect(final.state, JSON.stringify(final).slice(0, 2000)).toBe('habilitado');
    await page.locator('#estado-habilitacion', { hasText: 'Habilitado' }).waitFor();
    expect(await page.locator('[data-k="invoices-accepted"]').textContent()).toBe('2');
    expect(await page.locator('[data-k="creditNotes-accepted"]').textContent()).toBe('1');
    expect(await page.locator('[data-k="debitNotes-accepted"]').textContent()).toBe('1');

    // 5. "La organización maneja facturación electrónica": unlocked now, then on.
    const enable = page.getByRole('button', { name: 'Activar facturación electrónica' });
    expect(await enable.isEnabled()).toBe(true);
    await enable.click();
    await page.getByText('La organización ya factura electrónicamente.').waitFor();
    expect(await page.getByRole('switch').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Desactivar facturación electrónica' }).waitFor();

    const org = await platform.api('GET', '/v1/organization', { key: apiKey });
    expect(org.json).toMatchObject({ habilitacionState: 'habilitado', einvoicingEnabled: true, softwareId: DEMO.softwareId, testSetId: DEMO.testSetId });
  });
});
