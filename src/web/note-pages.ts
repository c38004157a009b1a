import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { taxType } from '../core/codelists/index.js';
import { formatCop, formatDate, formatDecimal, parseDecimalInput } from './format.js';
import { errorSummary, fieldError, fieldErrors, one, readForm, withNotice, type FieldErrors, type Form, type Issue, type WebEnv, type WebKit } from './kit.js';
import type { Html } from './layout.js';
import { LISTS, options } from './pickers.js';

interface InvoiceView {
  id: string;
  kind: string;
  number: string | null;
  uuid: string | null;
  status: string;
  issueDate: string;
  customer: { id: string; name: string };
  totals: { payable: string };
}

/** A line of the invoice as issued (the core input's line). */
interface InvoiceLine {
  description: string;
  code?: string;
  quantity: string;
  unitCode?: string;
  unitPrice: string;
  taxes?: Array<{ code: string; percent?: string; perUnitAmount?: string }>;
  [field: string]: unknown;
}

type NoteKind = 'credit-note' | 'debit-note';
const SLUG: Record<NoteKind, string> = { 'credit-note': 'nota-credito', 'debit-note': 'nota-debito' };
const TITLE: Record<NoteKind, string> = { 'credit-note': 'Nota crédito', 'debit-note': 'Nota débito' };
const DEFAULT_CONCEPT: Record<NoteKind, string> = { 'credit-note': '2', 'debit-note': '4' };

/**
 * Builds the note's lines from the form: the invoice's lines that stay checked, with the
 * quantity and unit price as edited (everything else as issued; withholdings are not carried
 * to notes), plus the optional extra line.
 */
export function noteLines(f: Form, invoiceLines: InvoiceLine[]): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  invoiceLines.forEach((l, i) => {
    if (one(f, `l${i}Include`) !== '1') return;
    const { withholdings: _withholdings, ...rest } = l;
    lines.push({ ...rest, quantity: parseDecimalInput(one(f, `l${i}Quantity`) || l.quantity), unitPrice: parseDecimalInput(one(f, `l${i}UnitPrice`) || l.unitPrice) });
  });
  const extra = one(f, 'extraDescription');
  if (extra) {
    const code = one(f, 'extraTaxCode');
    const rate = parseDecimalInput(one(f, 'extraTaxValue'));
    lines.push({
      description: extra,
      quantity: parseDecimalInput(one(f, 'extraQuantity') || '1'),
      unitPrice: parseDecimalInput(one(f, 'extraUnitPrice')),
      taxes: code ? [taxType(code)?.rateType === 'per-unit' ? { code, perUnitAmount: rate } : { code, percent: rate }] : [],
    });
  }
  return lines;
}

function noteForm(kind: NoteKind, inv: InvoiceView, lines: InvoiceLine[], f: Form | undefined, e: FieldErrors): Html {
  const concepts = kind === 'credit-note' ? LISTS.creditNoteConcepts : LISTS.debitNoteConcepts;
  const concept = f ? one(f, 'concept') : DEFAULT_CONCEPT[kind];
  const conceptName = concepts.find((x) => x.code === concept)?.name ?? '';
  const val = (name: string, fallback: string) => (f ? one(f, name) : fallback);
  const included = (i: number) => (f ? one(f, `l${i}Include`) === '1' : true);
  return html`<form method="post" action="/app/documentos/${inv.id}/${SLUG[kind]}" novalidate>
<input type="hidden" name="idempotencyKey" value="${f ? one(f, 'idempotencyKey') : randomUUID()}">
<fieldset><legend>Factura que se corrige</legend>
<dl class="kv"><dt>Factura</dt><dd>${inv.number ?? '—'} del ${formatDate(inv.issueDate)}</dd><dt>CUFE</dt><dd><code>${inv.uuid ?? 'en firma'}</code></dd>
<dt>Cliente</dt><dd>${inv.customer.name} (${inv.customer.id})</dd><dt>Total de la factura</dt><dd>${formatCop(inv.totals.payable)}</dd></dl>
</fieldset>
<fieldset><legend>Concepto de la corrección (DIAN)</legend><div class="form-grid">
<div><label for="nota-concepto">Código de corrección</label><select id="nota-concepto" name="concept"${e.has('discrepancy.code') ? html` aria-invalid="true"` : ''}>${options(concepts, concept)}</select>${fieldError(e, 'discrepancy.code', 'nota-concepto')}</div>
<div><label for="nota-descripcion">Descripción de la corrección</label><input id="nota-descripcion" name="description" required maxlength="500" value="${val('description', conceptName)}">${fieldError(e, 'discrepancy.description', 'nota-descripcion')}</div>
</div></fieldset>
<fieldset><legend>Líneas</legend>
<p class="muted">Por omisión, las líneas de la factura. Desmarque las que no corrige y ajuste cantidad o precio (con coma decimal).</p>
<div class="table-wrap"><table><caption class="visually-hidden">Líneas de la nota</caption>
<thead><tr><th scope="col">Incluir</th><th scope="col">Descripción</th><th scope="col" class="num">Cantidad</th><th scope="col" class="num">Precio unitario</th><th scope="col">Impuestos</th></tr></thead>
<tbody>${lines.map((l, i) => html`<tr>
<td><input type="checkbox" id="l${i}-incluir" name="l${i}Include" value="1"${included(i) ? ' checked' : ''} aria-label="Incluir la línea ${i + 1}: ${l.description}"></td>
<td>${l.description}${l.code ? html`<br><span class="muted">${l.code}</span>` : ''}</td>
<td class="num"><label class="visually-hidden" for="l${i}-cantidad">Cantidad de la línea ${i + 1}</label><input id="l${i}-cantidad" name="l${i}Quantity" inputmode="decimal" value="${val(`l${i}Quantity`, formatDecimal(l.quantity))}">${fieldError(e, `lines[${i}].quantity`, `l${i}-cantidad`)}</td>
<td class="num"><label class="visually-hidden" for="l${i}-precio">Precio unitario de la línea ${i + 1}</label><input id="l${i}-precio" name="l${i}UnitPrice" inputmode="decimal" value="${val(`l${i}UnitPrice`, formatDecimal(l.unitPrice))}">${fieldError(e, `lines[${i}].unitPrice`, `l${i}-precio`)}</td>
<td>${(l.taxes ?? []).map((t) => `${taxType(t.code)?.name ?? t.code} ${t.percent !== undefined ? `${formatDecimal(t.percent)} %` : formatCop(t.perUnitAmount)}`).join(', ') || 'Sin impuestos'}</td></tr>`)}
<tr><td><span class="visually-hidden">Línea adicional</span></td>
<td><label for="extra-descripcion">Línea adicional (opcional), p. ej. intereses</label><input id="extra-descripcion" name="extraDescription" value="${val('extraDescription', '')}"></td>
<td class="num"><label class="visually-hidden" for="extra-cantidad">Cantidad de la línea adicional</label><input id="extra-cantidad" name="extraQuantity" inputmode="decimal" value="${val('extraQuantity', '1')}"></td>
<td class="num"><label class="visually-hidden" for="extra-precio">Precio unitario de la línea adicional</label><input id="extra-precio" name="extraUnitPrice" inputmode="decimal" value="${val('extraUnitPrice', '')}"></td>
<td><label class="visually-hidden" for="extra-tributo">Tributo de la línea adicional</label><select id="extra-tributo" name="extraTaxCode">${options(LISTS.taxes, val('extraTaxCode', ''), 'Sin impuestos')}</select>
<label class="visually-hidden" for="extra-tarifa">Tarifa de la línea adicional</label><input id="extra-tarifa" name="extraTaxValue" inputmode="decimal" placeholder="%" value="${val('extraTaxValue', '')}"></td></tr>
</tbody></table></div></fieldset>
<div class="actions"><button type="submit">Emitir ${TITLE[kind].toLowerCase()}</button><a href="/app/documentos/${inv.id}">Cancelar</a></div>
</form>`;
}

/** Credit and debit notes from an invoice: the detail's button → a prefilled form → issue. */
export function registerNotePages(web: Hono<WebEnv>, kit: WebKit): void {
  const load = async (c: Context<WebEnv>) => {
    const id = c.req.param('id')!;
    const doc = await kit.send<InvoiceView>(c, 'GET', `/v1/documents/${encodeURIComponent(id)}`);
    if (!doc.ok || doc.data.kind !== 'invoice') return undefined;
    const lines = await kit.get<{ data: InvoiceLine[] }>(c, `/v1/documents/${encodeURIComponent(id)}/lines`);
    return { inv: doc.data, lines: lines.data };
  };
  const notFoundPage = (c: Context<WebEnv>) => kit.render(c, 'documentos', 'Factura no encontrada', html`<p>Solo se hacen notas sobre facturas de esta organización.</p><p><a href="/app/documentos">Volver a documentos</a></p>`, 404);
  for (const kind of ['credit-note', 'debit-note'] as const) {
    const title = (inv: InvoiceView) => `${TITLE[kind]} de la factura ${inv.number ?? ''}`.trim();
    web.get(`/app/documentos/:id/${SLUG[kind]}`, async (c) => {
      const loaded = await load(c);
      if (!loaded) return notFoundPage(c);
      const blocked = loaded.inv.status === 'rejected' || loaded.inv.status === 'failed';
      const body = blocked
        ? html`<p class="alert bad" role="alert">La factura ${loaded.inv.number} no fue aceptada por la DIAN: no se le pueden hacer notas.</p><p><a href="/app/documentos/${loaded.inv.id}">Volver a la factura</a></p>`
        : noteForm(kind, loaded.inv, loaded.lines, undefined, new Map());
      return kit.render(c, 'documentos', title(loaded.inv), body, blocked ? 409 : 200);
    });
    web.post(`/app/documentos/:id/${SLUG[kind]}`, async (c) => {
      const loaded = await load(c);
      if (!loaded) return notFoundPage(c);
      const form = await readForm(c);
      const lines = noteLines(form, loaded.lines);
      const fail = (message: string, issues: Issue[]) =>
        kit.render(c, 'documentos', title(loaded.inv), html`${errorSummary(message, issues, { 'discrepancy.code': 'nota-concepto', 'discrepancy.description': 'nota-descripcion' }, { 'discrepancy.code': 'Concepto', 'discrepancy.description': 'Descripción' })}${noteForm(kind, loaded.inv, loaded.lines, form, fieldErrors(issues))}`, 422);
      if (lines.length === 0) return fail('Incluya al menos una línea en la nota.', []);
      const key = one(form, 'idempotencyKey');
      const r = await kit.send<{ id: string; number: string }>(c, 'POST', `/v1/documents/${encodeURIComponent(loaded.inv.id)}/${kind}s`, { discrepancy: { code: one(form, 'concept'), description: one(form, 'description') }, lines }, key ? { 'idempotency-key': key } : {});
      if (!r.ok) return fail(r.message, r.issues);
      return c.redirect(withNotice(`/app/documentos/${r.data.id}`, { ok: `${TITLE[kind]} ${r.data.number} emitida y en cola de envío a la DIAN.` }), 303);
    });
  }
}
