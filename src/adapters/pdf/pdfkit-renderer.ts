/**
 * The representación gráfica as a PDF, drawn with pdfkit (Letter size, Helvetica, WinAnsi covers
 * Spanish). Layout: issuer header with the document box, customer and payment, note reference,
 * line table (repeats its header on every page), tax and withholding summaries beside the
 * totals, amount in words, notes, and the fiscal block: QR (vector, ~3.7 cm so any phone and
 * `zbarimg` read it; DIAN's minimum is 2 cm), CUFE/CUDE, numbering resolution, software. Every
 * page carries the legend, the CUFE/CUDE and "Página i de n".
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { PdfRenderer } from '../../app/ports.js';
import type { DocumentRecord } from '../../app/records.js';
import { printableDocument, type PrintableDocument, type PrintContext, type PrintableTaxRow } from '../../delivery/printable.js';

/** Options of {@link renderPrintablePdf}. */
export interface PdfOptions {
  /** PNG or JPEG logo of the organization. */
  logo?: Uint8Array;
  /** PDF creation date (default: now); pass the issue instant for reproducible bytes. */
  creationDate?: Date;
}

const INK = '#1f2933';
const MUTED = '#5f6b7a';
const ACCENT = '#0b4f8a';
const RULE = '#c9d2dc';
const FILL = '#eef3f8';
const MARGIN = 36;
const FOOTER_H = 34;

/** Draws a QR code as vector squares (crisp at any zoom and print resolution). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell + 0.02, cell + 0.02);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

interface Column {
  key: keyof PrintableDocument['lines'][number];
  title: string;
  width: number;
  align: 'left' | 'right' | 'center';
}

/**
 * Renders a printable document to PDF bytes.
 *
 * @param p the formatted document ({@link printableDocument}).
 * @param opts logo and creation date.
 */
export async function renderPrintablePdf(p: PrintableDocument, opts: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_H },
    bufferPages: true,
    info: {
      Title: `${p.title} ${p.number}`,
      Author: p.supplier.name,
      Subject: `${p.legend} · ${p.uuidLabel} ${p.uuid}`,
      Creator: p.software,
      Producer: 'Previa',
      CreationDate: opts.creationDate ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const font = (name: 'Helvetica' | 'Helvetica-Bold' | 'Courier', size: number, color = INK) => doc.font(name).fontSize(size).fillColor(color);

  // ---- Header: issuer (left) and document box (right)
  const boxW = 210;
  const boxX = left + width - boxW;
  let y = MARGIN;
  let textX = left;
  if (opts.logo) {
    try {
      doc.image(Buffer.from(opts.logo), left, y, { fit: [90, 60] });
      textX = left + 100;
    } catch {
      // An unreadable logo must not prevent the document: print without it.
    }
  }
  const issuerW = boxX - textX - 12;
  font('Helvetica-Bold', 13).text(p.supplier.name, textX, y, { width: issuerW });
  if (p.supplier.commercialName) font('Helvetica', 9, MUTED).text(p.supplier.commercialName, { width: issuerW });
  font('Helvetica-Bold', 9).text(p.supplier.identification, { width: issuerW });
  font('Helvetica', 8, MUTED).text(p.supplier.fiscal, { width: issuerW });
  if (p.supplier.address) doc.text(p.supplier.address, { width: issuerW });
  if (p.supplier.contact) doc.text(p.supplier.contact, { width: issuerW });
  const issuerBottom = Math.max(doc.y, y + (opts.logo ? 62 : 0));

  // Document box
  const boxLines: Array<[string, string]> = [
    ['Fecha de emisión', `${p.issueDate} ${p.issueTime}`],
    ...(p.dueDate ? ([['Fecha de vencimiento', p.dueDate]] as Array<[string, string]>) : []),
    ['Tipo de documento', p.typeCode],
  ];
  const boxH = 58 + boxLines.length * 13;
  doc.roundedRect(boxX, y, boxW, boxH, 4).fillAndStroke(FILL, RULE);
  font('Helvetica-Bold', 10, ACCENT).text(p.title, boxX + 10, y + 9, { width: boxW - 20, align: 'center' });
  font('Helvetica-Bold', 14).text(`No. ${p.number}`, boxX + 10, doc.y + 2, { width: boxW - 20, align: 'center' });
  let by = doc.y + 5;
  for (const [k, v] of boxLines) {
    font('Helvetica', 8, MUTED).text(k, boxX + 10, by, { width: 95 });
    font('Helvetica-Bold', 8).text(v, boxX + 100, by, { width: boxW - 110, align: 'right' });
    by += 13;
  }
  y = Math.max(issuerBottom, y + boxH) + 8;
  if (p.testEnvironment) {
    font('Helvetica-Bold', 8, '#b42318').text('Documento emitido en ambiente de habilitación (pruebas) de la DIAN: sin validez fiscal.', left, y, { width, align: 'center' });
    y = doc.y + 4;
  }

  // ---- Customer (left) and payment (right)
  const colW = (width - 10) / 2;
  const block = (x: number, top: number, w: number, title: string, rows: Array<[string, string | null]>, heading?: string[]): number => {
    font('Helvetica-Bold', 8, ACCENT).text(title, x + 8, top + 6, { width: w - 16 });
    let cy = doc.y + 2;
    for (const h of heading ?? []) {
      font('Helvetica-Bold', 9).text(h, x + 8, cy, { width: w - 16 });
      cy = doc.y;
    }
    for (const [k, v] of rows) {
      if (!v) continue;
      font('Helvetica', 8, MUTED).text(k ? `${k}: ` : '', x + 8, cy, { width: w - 16, continued: true });
      font('Helvetica', 8).text(v);
      cy = doc.y + 1;
    }
    return cy + 5;
  };
  // Measure by drawing on a fresh pass: draw, then frame with the height reached.
  const custBottom = block(left, y, colW, 'ADQUIRIENTE', [
    ['', p.customer.identification],
    ['', p.customer.fiscal],
    ['Dirección', p.customer.address],
    ['Contacto', p.customer.contact],
  ], [p.customer.name, ...(p.customer.commercialName ? [p.customer.commercialName] : [])]);
  const payBottom = block(left + colW + 10, y, colW, 'CONDICIONES DE PAGO', [
    ['Forma de pago', p.paymentForm],
    ['Medio de pago', p.paymentMeans],
    ['Vencimiento', p.dueDate],
    ['Referencia de pago', p.paymentReferences],
    ['Orden de compra', p.orderReference],
    ['Moneda', p.currency === 'COP' ? 'COP (peso colombiano)' : p.currency],
    ['Tasa de cambio', p.exchangeRate],
  ]);
  const blockH = Math.max(custBottom, payBottom) - y;
  doc.roundedRect(left, y, colW, blockH, 4).lineWidth(0.7).stroke(RULE);
  doc.roundedRect(left + colW + 10, y, colW, blockH, 4).lineWidth(0.7).stroke(RULE);
  y += blockH + 8;

  // ---- Note reference
  if (p.noteReference || p.noteConcept) {
    doc.x = left;
    doc.y = y;
    const text = [p.noteReference, p.noteConcept].filter(Boolean).join('\n');
    font('Helvetica', 8);
    const h = doc.heightOfString(text, { width: width - 16 }) + 20;
    doc.roundedRect(left, y, width, h, 4).fillAndStroke('#fff8e6', '#e8c76a');
    font('Helvetica-Bold', 8, '#8a5a00').text('DOCUMENTO QUE SE CORRIGE', left + 8, y + 5, { width: width - 16 });
    font('Helvetica', 8).text(text, left + 8, doc.y + 1, { width: width - 16 });
    y += h + 8;
  }

  // ---- Lines
  const columns: Column[] = [
    { key: 'number', title: '#', width: 18, align: 'center' },
    { key: 'code', title: 'Código', width: 52, align: 'left' },
    { key: 'description', title: 'Descripción', width: 140, align: 'left' },
    { key: 'quantity', title: 'Cant.', width: 34, align: 'right' },
    { key: 'unit', title: 'Unidad', width: 44, align: 'left' },
    { key: 'unitPrice', title: 'Vr. unitario', width: 66, align: 'right' },
    { key: 'discount', title: 'Descuento', width: 56, align: 'right' },
    { key: 'taxes', title: 'Impuestos', width: 62, align: 'left' },
    { key: 'total', title: 'Valor total', width: 0, align: 'right' },
  ];
  columns[columns.length - 1]!.width = width - columns.reduce((s, c) => s + c.width, 0);
  const pad = 3;
  const header = () => {
    doc.rect(left, doc.y, width, 16).fill(ACCENT);
    let x = left;
    const hy = doc.y + 4;
    for (const c of columns) {
      font('Helvetica-Bold', 7.5, '#ffffff').text(c.title, x + pad, hy, { width: c.width - 2 * pad, align: c.align, lineBreak: false });
      x += c.width;
    }
    doc.y = hy + 12;
  };
  doc.y = y;
  header();
  p.lines.forEach((line, i) => {
    font('Helvetica', 7.5);
    const h = Math.max(...columns.map((c) => doc.heightOfString(String(line[c.key]) || ' ', { width: c.width - 2 * pad }))) + 6;
    if (doc.y + h > bottom()) {
      doc.addPage();
      doc.y = MARGIN;
      header();
    }
    const ry = doc.y;
    if (i % 2 === 1) doc.rect(left, ry, width, h).fill('#f7f9fb');
    let x = left;
    for (const c of columns) {
      font(c.key === 'total' ? 'Helvetica-Bold' : 'Helvetica', 7.5).text(String(line[c.key]), x + pad, ry + 3, { width: c.width - 2 * pad, align: c.align });
      x += c.width;
    }
    doc.moveTo(left, ry + h).lineTo(left + width, ry + h).lineWidth(0.4).stroke(RULE);
    doc.y = ry + h;
  });
  y = doc.y + 10;

  // ---- Tax summary (left) and totals (right)
  const totalsW = 220;
  const summaryW = width - totalsW - 12;
  const rowsH = (rows: PrintableTaxRow[]) => (rows.length > 0 ? 14 + rows.length * 12 + 6 : 0);
  const needed = Math.max(rowsH(p.taxes) + rowsH(p.withholdings) + 8, p.totals.length * 14 + 8);
  if (y + needed > bottom()) {
    doc.addPage();
    y = MARGIN;
  }
  const table = (title: string, rows: PrintableTaxRow[], top: number): number => {
    if (rows.length === 0) return top;
    const cw = [summaryW * 0.28, summaryW * 0.22, summaryW * 0.25, summaryW * 0.25];
    doc.rect(left, top, summaryW, 14).fill(FILL);
    const heads = [title, 'Tarifa', 'Base', 'Valor'];
    let x = left;
    heads.forEach((hd, i) => {
      font('Helvetica-Bold', 7.5, ACCENT).text(hd, x + pad, top + 4, { width: cw[i]! - 2 * pad, align: i === 0 ? 'left' : 'right', lineBreak: false });
      x += cw[i]!;
    });
    let ty = top + 16;
    for (const r of rows) {
      x = left;
      [r.name, r.rate, r.base, r.amount].forEach((v, i) => {
        font('Helvetica', 7.5).text(v, x + pad, ty, { width: cw[i]! - 2 * pad, align: i === 0 ? 'left' : 'right', lineBreak: false });
        x += cw[i]!;
      });
      ty += 12;
    }
    doc.moveTo(left, ty + 1).lineTo(left + summaryW, ty + 1).lineWidth(0.4).stroke(RULE);
    return ty + 8;
  };
  let sy = table('Impuesto', p.taxes, y);
  sy = table('Retención', p.withholdings, sy);
  const tx = left + summaryW + 12;
  let ty = y;
  for (const row of p.totals) {
    if (row.strong) {
      doc.rect(tx, ty - 2, totalsW, 17).fill(ACCENT);
      font('Helvetica-Bold', 9, '#ffffff').text(row.label, tx + 6, ty + 2, { width: 110 });
      font('Helvetica-Bold', 9, '#ffffff').text(row.value, tx + 110, ty + 2, { width: totalsW - 116, align: 'right' });
      ty += 19;
    } else {
      font('Helvetica', 8, MUTED).text(row.label, tx + 6, ty, { width: 120 });
      font('Helvetica', 8).text(row.value, tx + 110, ty, { width: totalsW - 116, align: 'right' });
      ty += 13;
    }
  }
  y = Math.max(sy, ty) + 6;

  // ---- Amount in words and notes
  doc.x = left;
  font('Helvetica', 8);
  const wordsH = doc.heightOfString(p.amountInWords, { width: width - 16 }) + 20;
  if (y + wordsH > bottom()) {
    doc.addPage();
    y = MARGIN;
  }
  doc.roundedRect(left, y, width, wordsH, 4).lineWidth(0.7).stroke(RULE);
  font('Helvetica-Bold', 7.5, ACCENT).text('VALOR EN LETRAS', left + 8, y + 5);
  font('Helvetica-Bold', 8).text(p.amountInWords, left + 8, doc.y + 1, { width: width - 16 });
  y += wordsH + 8;
  if (p.notes.length > 0) {
    doc.y = y;
    ensure(30);
    font('Helvetica-Bold', 7.5, ACCENT).text('OBSERVACIONES', left, doc.y);
    font('Helvetica', 8).text(p.notes.join('\n'), left, doc.y + 1, { width });
    y = doc.y + 8;
  }

  // ---- Fiscal block: QR, CUFE/CUDE, resolution, software
  const qrSize = 106;
  const fiscalTexts: Array<[string, string, 'Helvetica' | 'Courier']> = [
    [p.uuidLabel, p.uuid, 'Courier'],
    ...(p.resolution ? ([['Resolución de numeración', p.resolution, 'Helvetica']] as Array<[string, string, 'Helvetica']>) : []),
    ['Software', p.software, 'Helvetica'],
  ];
  const textW = width - qrSize - 16;
  font('Helvetica', 8);
  const fiscalH = Math.max(qrSize, fiscalTexts.reduce((s, [, v]) => s + doc.heightOfString(v, { width: textW }) + 14, 20));
  if (y + fiscalH > bottom()) {
    doc.addPage();
    y = MARGIN;
  }
  drawQr(doc, p.qr, left, y, qrSize);
  let fy = y + 2;
  font('Helvetica-Bold', 9, ACCENT).text(p.legend, left + qrSize + 14, fy, { width: textW });
  fy = doc.y + 3;
  for (const [label, value, face] of fiscalTexts) {
    font('Helvetica-Bold', 7.5, MUTED).text(label, left + qrSize + 14, fy, { width: textW });
    font(face, face === 'Courier' ? 7.6 : 7.5).text(value, left + qrSize + 14, doc.y, { width: textW });
    fy = doc.y + 4;
  }

  // ---- Footer on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const fy0 = doc.page.height - MARGIN - FOOTER_H + 10;
    doc.moveTo(left, fy0).lineTo(left + width, fy0).lineWidth(0.5).stroke(RULE);
    font('Helvetica', 6.5, MUTED).text(`${p.legend} · ${p.number} · ${p.uuidLabel}: ${p.uuid}`, left, fy0 + 5, { width: width - 70, lineBreak: true });
    font('Helvetica', 7, MUTED).text(`Página ${i - range.start + 1} de ${range.count}`, left + width - 70, fy0 + 5, { width: 70, align: 'right' });
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return done;
}

/** Where the renderer gets what a stored document does not carry. */
export interface PdfRendererOptions {
  /** Resolution date, software names and logo for a document (default: none). */
  context?: (document: DocumentRecord) => Promise<PrintContext & { logo?: Uint8Array }>;
}

/** The {@link PdfRenderer} port with pdfkit. */
export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  return {
    async render(document) {
      const ctx = options.context ? await options.context(document) : {};
      const { logo, ...print } = ctx;
      const creationDate = new Date(`${document.issueDate}T${document.issueTime}`);
      return renderPrintablePdf(printableDocument(document, print), { ...(logo && { logo }), ...(!Number.isNaN(creationDate.getTime()) && { creationDate }) });
    },
  };
}
