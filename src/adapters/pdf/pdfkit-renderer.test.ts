import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleRecord } from '../../delivery/test-support/records.js';
import { paymentMeans } from '../../core/codelists/index.js';
import { printableDocument } from '../../delivery/printable.js';
import { createPdfRenderer } from './pdfkit-renderer.js';

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg], { encoding: 'utf8' }).error === undefined;
const HAS_POPPLER = has('pdftotext', '-v') && has('pdftoppm', '-v');
const HAS_ZBAR = has('zbarimg', '--version');
const missing = [!HAS_POPPLER && 'poppler-utils (pdftotext, pdftoppm)', !HAS_ZBAR && 'zbar-tools (zbarimg)'].filter(Boolean);
if (missing.length > 0) console.warn(`[previa] Pruebas del PDF omitidas en parte: falta ${missing.join(', ')} (apt-get install -y poppler-utils zbar-tools)`);

const dir = mkdtempSync(join(tmpdir(), 'previa-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(pdf: Uint8Array, name: string): string {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  const r = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Rasterizes every page at 200 dpi and decodes the QR codes found. */
function qrCodes(pdf: Uint8Array, name: string): string[] {
  const path = join(dir, `${name}-qr.pdf`);
  writeFileSync(path, pdf);
  const prefix = join(dir, `${name}-page`);
  expect(spawnSync('pdftoppm', ['-png', '-r', '200', path, prefix]).status).toBe(0);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`${name}-page`) && f.endsWith('.png'));
  const out: string[] = [];
  for (const page of pages) {
    const r = spawnSync('zbarimg', ['--quiet', '--raw', '-Sbinary', join(dir, page)], { encoding: 'utf8' });
    if (r.status === 0) out.push(r.stdout.replace(/\n$/, ''));
  }
  return out;
}

const renderer = createPdfRenderer({ context: async () => ({ resolutionDate: '2019-01-19', softwareProviderName: 'Proveedor de Pruebas S.A.S.' }) });

describe('PDF (representación gráfica)', () => {
  const invoice = exampleRecord('invoice');
  const printable = printableDocument(invoice, { resolutionDate: '2019-01-19' });

  it('starts as a PDF and is reproducible for the same document', async () => {
    const a = await renderer.render(invoice);
    const b = await renderer.render(invoice);
    expect(Buffer.from(a.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(a.length).toBeGreaterThan(3000);
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it.skipIf(!HAS_POPPLER)('reads back with the number, CUFE, totals, words, resolution, parties and legend', async () => {
    const text = pdfText(await renderer.render(invoice), 'invoice');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('FACTURA ELECTRÓNICA DE VENTA');
    expect(flat).toContain(`No. ${invoice.number}`);
    // The CUFE may wrap across lines in the fiscal block; the footer repeats it whole.
    expect(text.replace(/\s+/g, '')).toContain(invoice.uuid);
    expect(flat).toContain('CUFE');
    expect(flat).toContain('Representación gráfica de factura electrónica');
    expect(flat).toContain('NIT 900.108.281-3');
    expect(flat).toContain('Distribuidora del Valle Ltda.');
    expect(flat).toContain('27/11/2026 09:30:00');
    expect(flat).toContain('27/12/2026');
    expect(flat).toContain('Crédito');
    expect(flat).toContain(`Medio de pago: ${paymentMeans('42')!.name}`); // DIAN's list spells it "Consiganción"
    const payable = printable.totals.find((t) => t.strong)!.value;
    expect(payable).toBe('$ 5.643.188,00');
    expect(flat).toContain(payable);
    expect(flat).toContain('CINCO MILLONES SEISCIENTOS CUARENTA Y TRES MIL CIENTO OCHENTA Y OCHO PESOS M/CTE');
    expect(flat).toContain('Autorización de numeración de facturación DIAN No. 18760000001 del 19/01/2019');
    expect(flat).toContain('vigencia desde 19/01/2019 hasta 19/01/2030');
    expect(flat).toContain('ReteRenta');
    expect(flat).toContain('Proveedor tecnológico: Proveedor de Pruebas S.A.S.');
    expect(flat).toContain('Página 1 de 1');
  });

  it.skipIf(!HAS_POPPLER || !HAS_ZBAR)('carries a QR that decodes to DIAN\'s printed content (qrText)', async () => {
    const codes = qrCodes(await renderer.render(invoice), 'invoice');
    expect(codes).toEqual([printable.qr]);
    expect(printable.qr).toContain(`NumFac: ${invoice.number}`);
    expect(printable.qr).toContain(`CUFE: ${invoice.uuid}`);
    expect(printable.qr).toContain('ValTolFac: 5643188.00');
    expect(printable.qr.split('\n').at(-1)).toBe(`https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=${invoice.uuid}`);
  });

  it.skipIf(!HAS_POPPLER || !HAS_ZBAR)('credit note: title, CUDE, corrected invoice and concept; QR with CUDE', async () => {
    const note = exampleRecord('credit-note');
    const pdf = await renderer.render(note);
    const flat = pdfText(pdf, 'credit-note').replace(/\s+/g, ' ');
    expect(flat).toContain('NOTA CRÉDITO ELECTRÓNICA');
    expect(flat).toContain('Representación gráfica de nota crédito electrónica');
    expect(flat).toContain('CUDE');
    expect(flat).toContain('Factura electrónica referenciada: SETP990000001');
    expect(flat).toContain('Concepto de corrección 1');
    const qr = qrCodes(pdf, 'credit-note');
    expect(qr).toHaveLength(1);
    expect(qr[0]).toContain(`CUDE: ${note.uuid}`);
  });

  it.skipIf(!HAS_POPPLER)('long documents paginate, repeat the table header and number every page', async () => {
    const many = exampleRecord('invoice', {
      mutate: (d) => {
        const first = (d.lines as unknown[])[0];
        d.lines = Array.from({ length: 70 }, (_, i) => ({ ...(first as object), description: `Artículo de prueba número ${i + 1}` }));
      },
    });
    const text = pdfText(await renderer.render(many), 'long');
    const pages = text.split('\f').filter((p) => p.trim().length > 0);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const [i, page] of pages.entries()) expect(page).toContain(`Página ${i + 1} de ${pages.length}`);
    // The line table continues on the next page with its header repeated.
    expect(pages.filter((p) => p.includes('Descripción') && p.includes('Artículo de prueba')).length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Artículo de prueba número 70');
  });

  it('prints a logo when given one and survives a broken one', async () => {
    // 1×1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const withLogo = await createPdfRenderer({ context: async () => ({ logo: png }) }).render(invoice);
    const plain = await createPdfRenderer().render(invoice);
    expect(withLogo.length).toBeGreaterThan(plain.length);
    const broken = await createPdfRenderer({ context: async () => ({ logo: new Uint8Array([1, 2, 3]) }) }).render(invoice);
    expect(Buffer.from(broken.subarray(0, 5)).toString()).toBe('%PDF-');
  });
});
