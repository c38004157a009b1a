/**
 * The delivery e-mail (spec/02-services.md §9.2, Anexo 1.7 convention):
 * - Subject `NIT del facturador;Nombre del facturador;Número del documento;Código del tipo de
 *   documento;Nombre comercial;Línea de negocio` — e.g.
 *   `900108281;Comercializadora Andina de Prueba S.A.S.;SETP990000001;01;Andina Prueba;`.
 *   The business line is optional; its field is left empty when there is none, so the subject
 *   always has six fields. A `;` inside a name would shift the fields: it is written as `,`.
 * - One ZIP attachment (AttachedDocument + PDF), at most 2 MB.
 * - The body says where the buyer sends back events (acuse, recibo, aceptación, reclamo).
 */
import { qrUrl } from '../core/identity/index.js';
import type { OrganizationRecord } from '../app/records.js';
import type { PrintableDocument } from './printable.js';

/** DIAN's e-mail size limit (attachments included). */
export const MAX_MAIL_BYTES = 2 * 1024 * 1024;

/** Fields of the DIAN subject. */
export interface SubjectFields {
  supplierNit: string;
  supplierName: string;
  number: string;
  typeCode: string;
  commercialName: string;
  businessLine?: string;
}

const field = (s: string) => s.replace(/[;\r\n]+/g, ',').trim();

/** The DIAN subject line (see the module comment). */
export function deliverySubject(f: SubjectFields): string {
  return [f.supplierNit, f.supplierName, f.number, f.typeCode, f.commercialName, f.businessLine ?? ''].map(field).join(';');
}

/** A composed message, without transport details. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const KIND_NAMES = {
  invoice: 'la factura electrónica de venta',
  'credit-note': 'la nota crédito electrónica',
  'debit-note': 'la nota débito electrónica',
} as const;

/**
 * Subject, text and HTML bodies (Spanish) of the delivery e-mail.
 *
 * @param p the printable document (formatted numbers, dates and totals).
 * @param org the issuer (name, NIT, commercial name, reception e-mail for events).
 * @param opts business line for the subject; zip file name mentioned in the body.
 */
export function composeDeliveryMail(p: PrintableDocument, org: Pick<OrganizationRecord, 'nit' | 'legalName' | 'commercialName' | 'email' | 'environment'>, opts: { businessLine?: string; zipName: string; environment?: string }): ComposedMail {
  const subject = deliverySubject({
    supplierNit: org.nit,
    supplierName: org.legalName,
    number: p.number,
    typeCode: p.typeCode,
    commercialName: org.commercialName ?? org.legalName,
    ...(opts.businessLine && { businessLine: opts.businessLine }),
  });
  const what = KIND_NAMES[p.kind];
  const total = p.totals.find((t) => t.strong)?.value ?? '';
  const consult = qrUrl(opts.environment ?? org.environment, p.uuid);
  const rows: Array<[string, string]> = [
    ['Documento', `${p.title} No. ${p.number}`],
    ['Emisor', `${org.legalName} (${p.supplier.identification})`],
    ['Adquiriente', `${p.customer.name} (${p.customer.identification})`],
    ['Fecha de emisión', `${p.issueDate} ${p.issueTime}`],
    ...(p.dueDate ? ([['Fecha de vencimiento', p.dueDate]] as Array<[string, string]>) : []),
    ['Valor total', total],
    [p.uuidLabel, p.uuid],
  ];
  const eventsLine = org.email
    ? `Para enviar los eventos de la factura (acuse de recibo, recibo del bien o servicio, aceptación expresa o reclamo), escriba a ${org.email}.`
    : 'Para enviar los eventos de la factura (acuse de recibo, recibo del bien o servicio, aceptación expresa o reclamo), responda a este mensaje.';
  const test = p.testEnvironment ? 'Este documento se emitió en el ambiente de habilitación (pruebas) de la DIAN y no tiene validez fiscal.\n\n' : '';
  const text =
    `Señores ${p.customer.name}:\n\n` +
    `${org.legalName} le envía ${what} No. ${p.number}, validada previamente por la DIAN.\n\n` +
    rows.map(([k, v]) => `${k}: ${v}`).join('\n') +
    `\n\nEl archivo adjunto ${opts.zipName} contiene el documento electrónico (AttachedDocument XML con la validación de la DIAN) y su representación gráfica en PDF.\n` +
    `Consulte el documento en la DIAN: ${consult}\n\n` +
    `${eventsLine}\n\n${test}` +
    `Cordialmente,\n${org.legalName}\n\n— Enviado con Previa, software de facturación electrónica.\n`;
  const html =
    `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:Helvetica,Arial,sans-serif;color:#1f2933;font-size:14px;line-height:1.5">` +
    `<p>Señores <strong>${escapeHtml(p.customer.name)}</strong>:</p>` +
    `<p>${escapeHtml(org.legalName)} le envía ${what} <strong>No. ${escapeHtml(p.number)}</strong>, validada previamente por la DIAN.</p>` +
    `<table style="border-collapse:collapse;margin:12px 0">${rows
      .map(([k, v]) => `<tr><td style="padding:4px 12px 4px 0;color:#5f6b7a;vertical-align:top">${escapeHtml(k)}</td><td style="padding:4px 0;${k === p.uuidLabel ? 'font-family:monospace;font-size:12px;word-break:break-all' : 'font-weight:bold'}">${escapeHtml(v)}</td></tr>`)
      .join('')}</table>` +
    `<p>El archivo adjunto <strong>${escapeHtml(opts.zipName)}</strong> contiene el documento electrónico (AttachedDocument XML con la validación de la DIAN) y su representación gráfica en PDF.</p>` +
    `<p><a href="${escapeHtml(consult)}">Consultar el documento en la DIAN</a></p>` +
    `<p>${escapeHtml(eventsLine)}</p>` +
    (test ? `<p style="color:#b42318">${escapeHtml(test.trim())}</p>` : '') +
    `<p>Cordialmente,<br>${escapeHtml(org.legalName)}</p>` +
    `<p style="color:#8a94a3;font-size:12px">Enviado con Previa, software de facturación electrónica.</p></body></html>`;
  return { subject, text, html };
}
