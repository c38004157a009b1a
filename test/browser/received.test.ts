import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadCertificate } from '../../src/app/certificates.js';
import { updateOrganizationSettings } from '../../src/app/organizations.js';
import { makeDemoPkcs12 } from '../../src/adapters/signing/demo-certificate.js';
import { DEMO } from '../../src/dian/index.js';
import { describeBrowser, launchBrowser, loginWithApiKey, requireChromium, screenshot, startPlatform, until, type TestBrowser, type TestPlatform } from './harness.js';

/**
 * Received documents in a real browser (issue #8): the demo organization issues an invoice to
 * Distribuidora del Valle (NIT 800199436), which receives the ZIP through the upload form, sees
 * every check, and answers with 030, 032 (the acceptance deadline appears) and a claim (031)
 * with its concept, all registered by the embedded DIAN simulator.
 */
describeBrowser('browser: received documents and RADIAN events', { timeout: 240_000 }, () => {
  let platform: TestPlatform;
  let browser: TestBrowser;
  let keyB = '';
  let zipFile = '';
  let invoiceNumber = '';

  beforeAll(async () => {
    requireChromium();
    platform = await startPlatform({ seedDemo: true });
    const keyA = platform.demoApiKey!;
    expect((await platform.api('POST', '/v1/habilitacion', { key: keyA, body: {} })).status).toBe(202);
    await until('habilitado', async () => (await platform.api('GET', '/v1/habilitacion', { key: keyA })).json.state === 'habilitado', 120_000);
    expect((await platform.api('POST', '/v1/organization/einvoicing', { key: keyA, body: { enabled: true } })).status).toBe(200);
    const invoice = JSON.parse(readFileSync('examples/invoice.json', 'utf8'));
    const created = await platform.api('POST', '/v1/documents', { key: keyA, body: { kind: 'invoice', customer: invoice.customer, payment: invoice.payment, lines: invoice.lines } });
    expect(created.status).toBe(201);
    invoiceNumber = created.json.number;
    await until('factura aceptada', async () => (await platform.api('GET', `/v1/documents/${created.json.id}`, { key: keyA })).json.status === 'accepted');
    const zip = await fetch(`${platform.url}/v1/documents/${created.json.id}/zip`, { headers: { authorization: `Bearer ${keyA}` } });
    zipFile = join(platform.dataDir, 'factura-proveedor.zip');
    writeFileSync(zipFile, new Uint8Array(await zip.arrayBuffer()));

    const b = await platform.api('POST', '/v1/admin/organizations', {
      admin: true,
      body: { nit: '800199436', dv: '4', legalName: 'Distribuidora del Valle Ltda.', personType: '1', responsibilities: ['O-13'], address: { municipalityCode: '76001', line: 'Calle 5 # 38-25' } },
    });
    expect(b.status).toBe(201);
    keyB = b.json.apiKey;
    const deps = platform.running.platform.deps;
    // The embedded simulator knows the demo software; events are signed with B's own certificate.
    await updateOrganizationSettings(deps, b.json.organization.id, { softwareId: DEMO.softwareId, softwarePin: DEMO.pin, environment: '2' });
    const password = randomBytes(9).toString('base64url');
    await uploadCertificate(deps, b.json.organization.id, makeDemoPkcs12({ nit: '800199436', name: 'Distribuidora del Valle Ltda.', password }), password);
    browser = await launchBrowser();
  }, 200_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('uploads the supplier ZIP, shows the checks, and sends 030, 032 and a claim (031) with the deadline in view', async () => {
    const { page } = browser;
    const url = platform.url;
    await loginWithApiKey(page, url, keyB);
    await page.getByRole('link', { name: 'Recibidos' }).first().click();
    await page.waitForURL(`${url}/app/recibidos`);
    await expect(page.getByText('No hay documentos recibidos con estos filtros.').isVisible()).resolves.toBe(true);

    await page.getByLabel('XML o ZIP del proveedor (AttachedDocument + PDF)').setInputFiles(zipFile);
    await page.getByRole('button', { name: 'Recibir', exact: true }).click();
    await page.waitForURL(/\/app\/recibidos\/[0-9a-f-]{36}/);
    await expect(page.getByText('Documento recibido y verificado.').isVisible()).resolves.toBe(true);
    const checks = await page.locator('#h-verif + .table-wrap tbody tr').allTextContents();
    expect(checks.map((t) => t.split('Correcto')[0]!.trim())).toEqual(['Archivo', 'Firma del contenedor', 'XML', 'Firma del emisor', 'CUFE', 'Validación DIAN', 'Adquiriente']);

    await page.getByRole('button', { name: 'Enviar acuse de recibo (030)' }).click();
    await expect(page.getByText('Acuse de recibo (030) registrado por la DIAN.').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Confirmar recibo del bien o servicio (032)' }).click();
    await expect(page.getByText('Recibo del bien o servicio (032) registrado por la DIAN.').isVisible()).resolves.toBe(true);
    // The acceptance clock: 3 business days after the 032.
    await expect(page.getByText(/(Plazo para aceptar o reclamar|Quedan \d día\(s\) hábil\(es\))/).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Aceptar expresamente (033)' }).isVisible()).resolves.toBe(true);

    await page.getByLabel('Concepto del reclamo').selectOption('02');
    await page.getByRole('button', { name: 'Reclamar (031)' }).click();
    await expect(page.getByText('Reclamo (031) registrado por la DIAN.').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: /Eventos RADIAN · Reclamada/ }).isVisible()).resolves.toBe(true);
    // A final state: no more event buttons.
    await expect(page.getByRole('button', { name: 'Aceptar expresamente (033)' }).count()).resolves.toBe(0);
    await screenshot(page, 'recibido');

    await page.getByRole('link', { name: 'Volver a recibidos' }).click();
    const row = page.locator('tbody tr', { hasText: invoiceNumber });
    await expect(row.textContent()).resolves.toMatch(/Válido[\s\S]*Reclamada[\s\S]*Cerrado/);
    await screenshot(page, 'recibidos');
  });
});
