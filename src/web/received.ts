/**
 * Received documents (issue #8): the list with filters (status, supplier, number, dates,
 * acceptance deadline), upload of a supplier's XML/ZIP, pull from DIAN by CUFE, and the detail
 * page with every check, the acceptance clock and the RADIAN event actions (030, 032, 033, 031
 * with its claim concept). Everything goes through the REST API in process.
 */
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { allClaimConcepts } from '../core/codelists/index.js';
import { formatCop, formatDate, formatDateTime, formatNit, parseDateInput } from './format.js';
import { atLeast, errorSummary, notice, one, withNotice, type WebEnv, type WebKit } from './kit.js';
import { alertBox, badge, type Html } from './layout.js';

interface Check {
  check: string;
  outcome: 'ok' | 'failed' | 'skipped';
  message: string;
}

interface EventView {
  id: string;
  direction: string;
  code: string;
  number: string;
  cude: string | null;
  claimConcept: string | null;
  status: string;
  dianMessages: Array<{ ruleId: string; text: string }>;
  error: string | null;
  issuedAt: string;
}

interface ReceivedView {
  id: string;
  source: string;
  sourceRef: string | null;
  status: 'valid' | 'invalid';
  reason: string | null;
  documentType: string | null;
  cufe: string | null;
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  supplier: { nit: string | null; dv: string | null; name: string | null; email: string | null };
  customer: { nit: string | null; name: string | null };
  currency: string | null;
  totals: { lineExtension: string | null; taxExclusive: string | null; taxInclusive: string | null; payable: string | null };
  taxes: Array<{ code: string; name: string | null; percent: string | null; taxableAmount: string | null; taxAmount: string }>;
  checks: Check[];
  hasPdf: boolean;
  hasApplicationResponse: boolean;
  timesReceived: number;
  receivedAt: string;
  radian: { code: string | null; label: string };
  deadline: { state: 'none' | 'open' | 'due_soon' | 'expired' | 'closed'; at: string | null; businessDaysLeft: number | null; message: string };
  events: EventView[];
}

const STATUS_LABEL: Record<string, string> = { valid: 'Válido', invalid: 'Inválido' };
const SOURCE_LABEL: Record<string, string> = { upload: 'Carga manual', dian: 'DIAN (por CUFE)', imap: 'Correo' };
const TYPE_LABEL: Record<string, string> = { invoice: 'Factura', 'credit-note': 'Nota crédito', 'debit-note': 'Nota débito' };
const DEADLINE_LABEL: Record<string, string> = { none: 'Sin recibo (032)', open: 'En plazo', due_soon: 'Por vencer', expired: 'Vencido', closed: 'Cerrado' };
const DEADLINE_TONE: Record<string, string> = { none: 'queued', open: 'accepted', due_soon: 'in_progress', expired: 'rejected', closed: 'done' };
const CHECK_LABEL: Record<string, string> = {
  package: 'Archivo',
  xml: 'XML',
  'attached-signature': 'Firma del contenedor',
  signature: 'Firma del emisor',
  cufe: 'CUFE',
  'dian-response': 'Validación DIAN',
  buyer: 'Adquiriente',
};
const OUTCOME_LABEL: Record<string, string> = { ok: 'Correcto', failed: 'Falla', skipped: 'No verificable' };
const OUTCOME_TONE: Record<string, string> = { ok: 'accepted', failed: 'rejected', skipped: 'queued' };
const EVENT_LABEL: Record<string, string> = {
  '030': 'Acuse de recibo (030)',
  '031': 'Reclamo (031)',
  '032': 'Recibo del bien o servicio (032)',
  '033': 'Aceptación expresa (033)',
  '034': 'Aceptación tácita (034)',
};
const EVENT_STATUS_LABEL: Record<string, string> = { accepted: 'Registrado', rejected: 'Rechazado', failed: 'No enviado', sending: 'Enviando' };
const EVENT_STATUS_TONE: Record<string, string> = { accepted: 'accepted', rejected: 'rejected', failed: 'failed', sending: 'queued' };
const DEADLINES = ['none', 'open', 'due_soon', 'expired', 'closed'] as const;
const PAGE_SIZE = 50;

function deadlineCell(d: ReceivedView['deadline']): Html {
  return html`${badge(DEADLINE_TONE[d.state] ?? d.state, DEADLINE_LABEL[d.state] ?? d.state)}${d.at && d.state !== 'closed' ? html`<br><span class="muted">${formatDateTime(d.at)}</span>` : ''}`;
}

function listPage(docs: ReceivedView[], filters: Record<string, string>, offset: number, canWrite: boolean, c: Context<WebEnv>): Html {
  const more = docs.length > PAGE_SIZE;
  const link = (o: number) => `/app/recibidos?${new URLSearchParams({ ...filters, offset: String(o) })}`;
  const due = docs.filter((d) => d.deadline.state === 'due_soon' || d.deadline.state === 'expired');
  return html`${notice(c)}
${due.length > 0 ? alertBox(`${due.length} factura(s) con el plazo de aceptación por vencer o vencido: acepte (033) o reclame (031) a tiempo.`) : ''}
${canWrite
    ? html`<div class="grid">
<form class="card" method="post" action="/app/recibidos/subir" enctype="multipart/form-data"><h2>Recibir un archivo</h2>
<label for="r-file">XML o ZIP del proveedor (AttachedDocument + PDF)</label><input id="r-file" name="file" type="file" accept=".xml,.zip,application/xml,application/zip" required>
<div class="actions"><button type="submit">Recibir</button></div></form>
<form class="card" method="post" action="/app/recibidos/traer"><h2>Traer de la DIAN</h2>
<label for="r-cufe">CUFE de la factura</label><input id="r-cufe" name="cufe" required minlength="96" maxlength="96" autocomplete="off" pattern="[0-9a-fA-F]{96}">
<div class="actions"><button type="submit">Traer por CUFE</button></div></form>
</div>`
    : ''}
<form class="card filters" method="get" action="/app/recibidos" role="search" aria-label="Filtrar documentos recibidos">
<div><label for="f-status">Estado</label><select id="f-status" name="status"><option value="">Todos</option>${(['valid', 'invalid'] as const).map((s) => html`<option value="${s}"${filters.status === s ? ' selected' : ''}>${STATUS_LABEL[s]}</option>`)}</select></div>
<div><label for="f-deadline">Plazo de aceptación</label><select id="f-deadline" name="deadline"><option value="">Todos</option>${DEADLINES.map((s) => html`<option value="${s}"${filters.deadline === s ? ' selected' : ''}>${DEADLINE_LABEL[s]}</option>`)}</select></div>
<div><label for="f-supplier">NIT del proveedor</label><input id="f-supplier" name="supplierNit" inputmode="numeric" value="${filters.supplierNit ?? ''}" autocomplete="off"></div>
<div><label for="f-number">Número</label><input id="f-number" name="number" value="${filters.number ?? ''}" autocomplete="off"></div>
<div><label for="f-from">Desde (dd/mm/aaaa)</label><input id="f-from" name="from" inputmode="numeric" placeholder="dd/mm/aaaa" value="${filters.from ? formatDate(filters.from) : ''}"></div>
<div><label for="f-to">Hasta (dd/mm/aaaa)</label><input id="f-to" name="to" inputmode="numeric" placeholder="dd/mm/aaaa" value="${filters.to ? formatDate(filters.to) : ''}"></div>
<div><button type="submit">Filtrar</button>${Object.keys(filters).length > 0 ? html` <a href="/app/recibidos">Quitar filtros</a>` : ''}</div>
</form>
${docs.length === 0
    ? html`<p>No hay documentos recibidos con estos filtros.</p>`
    : html`<div class="table-wrap"><table><caption class="muted">Documentos recibidos de proveedores</caption>
<thead><tr><th scope="col">Número</th><th scope="col">Proveedor</th><th scope="col">Fecha</th><th scope="col" class="num">Total</th><th scope="col">Verificación</th><th scope="col">Estado RADIAN</th><th scope="col">Plazo de aceptación</th></tr></thead>
<tbody>${docs.slice(0, PAGE_SIZE).map(
        (d) => html`<tr><td><a href="/app/recibidos/${encodeURIComponent(d.id)}">${d.number ?? '(sin número)'}</a><br><span class="muted">${TYPE_LABEL[d.documentType ?? ''] ?? 'Desconocido'} · ${SOURCE_LABEL[d.source] ?? d.source}</span></td>
<td>${d.supplier.name ?? '—'}<br><span class="muted">${d.supplier.nit ? formatNit(d.supplier.nit, d.supplier.dv) : ''}</span></td>
<td>${d.issueDate ? formatDate(d.issueDate) : '—'}</td><td class="num">${d.totals.payable ? formatCop(d.totals.payable) : '—'}</td>
<td>${badge(d.status === 'valid' ? 'accepted' : 'rejected', STATUS_LABEL[d.status] ?? d.status)}${d.reason ? html`<br><span class="muted">${d.reason}</span>` : ''}</td>
<td>${d.radian.label}</td><td>${deadlineCell(d.deadline)}</td></tr>`,
      )}</tbody></table></div>`}
<nav aria-label="Paginación"><p>${offset > 0 ? html`<a href="${link(Math.max(0, offset - PAGE_SIZE))}">« Anteriores</a> ` : ''}${more ? html`<a href="${link(offset + PAGE_SIZE)}">Siguientes »</a>` : ''}</p></nav>`;
}

/** Which event buttons make sense now (the API enforces DIAN's order rules anyway). */
function nextEvents(d: ReceivedView): string[] {
  const done = new Set(d.events.filter((e) => e.status === 'accepted').map((e) => e.code));
  if (d.documentType !== 'invoice' || !d.cufe || ['031', '033', '034'].some((c) => done.has(c))) return [];
  if (!done.has('030')) return ['030'];
  if (!done.has('032')) return ['032'];
  return ['033', '031'];
}

function detailPage(d: ReceivedView, canWrite: boolean, c: Context<WebEnv>, error?: { message: string; issues: Array<{ path?: string; message?: string; ruleId?: string }> }): Html {
  const download = (path: string, label: string) => html`<a class="button secondary" href="/app/api/received-documents/${encodeURIComponent(d.id)}/${path}">${label}</a>`;
  const next = nextEvents(d);
  const deadlineTone = d.deadline.state === 'expired' ? 'bad' : d.deadline.state === 'due_soon' ? 'warn' : 'ok';
  return html`${notice(c)}${error ? errorSummary(error.message, error.issues) : ''}
${d.status === 'invalid' ? alertBox(`Documento inválido: ${d.reason ?? ''}`, 'bad') : alertBox('Documento verificado: firma, respuesta de la DIAN y adquiriente correctos.', 'ok')}
${d.deadline.state !== 'none' ? alertBox(`${d.deadline.message}${d.deadline.at && d.deadline.state !== 'closed' ? ` Vence: ${formatDateTime(d.deadline.at)}.` : ''}`, deadlineTone) : ''}
<div class="grid">
<section class="card" aria-labelledby="h-datos"><h2 id="h-datos">Documento</h2><dl class="kv">
<dt>Tipo</dt><dd>${TYPE_LABEL[d.documentType ?? ''] ?? 'Desconocido'}</dd>
<dt>Número</dt><dd>${d.number ?? '—'}</dd>
<dt>Proveedor</dt><dd>${d.supplier.name ?? '—'} ${d.supplier.nit ? html`(${formatNit(d.supplier.nit, d.supplier.dv)})` : ''}</dd>
<dt>Adquiriente</dt><dd>${d.customer.name ?? '—'} ${d.customer.nit ? html`(${d.customer.nit})` : ''}</dd>
<dt>Fecha de emisión</dt><dd>${d.issueDate ? formatDate(d.issueDate) : '—'}</dd>
<dt>Vencimiento</dt><dd>${d.dueDate ? formatDate(d.dueDate) : '—'}</dd>
<dt>CUFE</dt><dd><code>${d.cufe ?? '—'}</code></dd>
<dt>Origen</dt><dd>${SOURCE_LABEL[d.source] ?? d.source}${d.sourceRef ? html` <span class="muted">(${d.sourceRef})</span>` : ''}; recibido ${formatDateTime(d.receivedAt)}${d.timesReceived > 1 ? `, ${d.timesReceived} veces` : ''}</dd>
</dl></section>
<section class="card" aria-labelledby="h-totales"><h2 id="h-totales">Totales</h2><dl class="kv">
<dt>Subtotal</dt><dd>${d.totals.lineExtension ? formatCop(d.totals.lineExtension) : '—'}</dd>
${d.taxes.map((t) => html`<dt>${t.name ?? t.code}${t.percent ? ` ${t.percent} %` : ''}</dt><dd>${formatCop(t.taxAmount)}</dd>`)}
<dt>Total a pagar</dt><dd><strong>${d.totals.payable ? formatCop(d.totals.payable) : '—'}</strong> ${d.currency ?? ''}</dd>
</dl></section>
</div>
<section class="card" aria-labelledby="h-verif"><h2 id="h-verif">Verificaciones</h2><div class="table-wrap"><table>
<thead><tr><th scope="col">Verificación</th><th scope="col">Resultado</th><th scope="col">Detalle</th></tr></thead>
<tbody>${d.checks.map((ch) => html`<tr><td>${CHECK_LABEL[ch.check] ?? ch.check}</td><td>${badge(OUTCOME_TONE[ch.outcome] ?? ch.outcome, OUTCOME_LABEL[ch.outcome] ?? ch.outcome)}</td><td>${ch.message}</td></tr>`)}</tbody>
</table></div></section>
<section class="card" aria-labelledby="h-eventos"><h2 id="h-eventos">Eventos RADIAN · ${d.radian.label}</h2>
${eventsTable(d.events)}
${canWrite && next.length > 0
    ? html`<div class="actions">${next.map((code) =>
        code === '031'
          ? html`<form method="post" action="/app/recibidos/${encodeURIComponent(d.id)}/eventos" class="filters"><input type="hidden" name="code" value="031">
<div><label for="e-concept">Concepto del reclamo</label><select id="e-concept" name="claimConcept">${allClaimConcepts().map((x) => html`<option value="${x.code}">${x.code} — ${x.name}</option>`)}</select></div>
<div><button type="submit" class="secondary">Reclamar (031)</button></div></form>`
          : html`<form method="post" action="/app/recibidos/${encodeURIComponent(d.id)}/eventos"><input type="hidden" name="code" value="${code}"><button type="submit">${code === '030' ? 'Enviar acuse de recibo (030)' : code === '032' ? 'Confirmar recibo del bien o servicio (032)' : 'Aceptar expresamente (033)'}</button></form>`,
      )}</div>`
    : ''}
</section>
<div class="actions">${canWrite && d.status === 'invalid' ? html`<form method="post" action="/app/recibidos/${encodeURIComponent(d.id)}/verificar"><button type="submit" class="secondary">Volver a verificar</button></form>` : ''}${d.cufe ? download('xml', 'Descargar XML') : ''}${download('original', 'Archivo original')}${d.hasPdf ? download('pdf', 'PDF') : ''}${d.hasApplicationResponse ? download('application-response', 'Respuesta DIAN') : ''}<a href="/app/recibidos">Volver a recibidos</a></div>`;
}

/** The RADIAN events of one invoice (sent by this organization, or tracked from DIAN). */
function eventsTable(events: EventView[]): Html {
  return events.length === 0
    ? html`<p>Sin eventos.</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">Evento</th><th scope="col">Número</th><th scope="col">Fecha</th><th scope="col">Estado</th><th scope="col">Detalle</th></tr></thead>
<tbody>${events.map(
        (e) => html`<tr><td>${EVENT_LABEL[e.code] ?? e.code}${e.direction === 'tracked' ? html` <span class="muted">(de otro participante)</span>` : ''}</td><td>${e.number}</td><td>${formatDateTime(e.issuedAt)}</td>
<td>${badge(EVENT_STATUS_TONE[e.status] ?? e.status, EVENT_STATUS_LABEL[e.status] ?? e.status)}</td>
<td>${e.dianMessages.map((m) => html`<strong>${m.ruleId}</strong> ${m.text}<br>`)}${e.status === 'failed' && e.error ? e.error : ''}${e.status === 'accepted' ? html`<a href="/app/api/events/${encodeURIComponent(e.id)}/xml">XML</a>` : ''}</td></tr>`,
      )}</tbody></table></div>`;
}

/**
 * The RADIAN events on one of this organization's own invoices (document detail page): what the
 * buyer registered, read from DIAN with GetStatusEvent on request, and the tacit acceptance (034)
 * the seller may register once the buyer's window is over (DIAN's rules decide; the API answers
 * 409 with the rule ID when it is too early).
 */
export async function ownInvoiceEventsPanel(kit: WebKit, c: Context<WebEnv>, doc: { id: string; kind: string; status: string }): Promise<Html | ''> {
  if (doc.kind !== 'invoice' || doc.status !== 'accepted') return '';
  const refresh = c.req.query('eventos') === '1';
  const r = await kit.send<{ cufe: string; data: EventView[]; refreshError?: string }>(c, 'GET', `/v1/documents/${encodeURIComponent(doc.id)}/events${refresh ? '?refresh=1' : ''}`);
  if (!r.ok) return r.status === 404 ? '' : alertBox(`Eventos RADIAN: ${r.message}`, 'bad');
  const id = encodeURIComponent(doc.id);
  const final = r.data.data.some((e) => e.status === 'accepted' && ['031', '033', '034'].includes(e.code));
  return html`<section class="card" aria-labelledby="h-eventos"><h2 id="h-eventos">Eventos RADIAN del adquiriente</h2>
${r.data.refreshError ? alertBox(`No se pudo consultar la DIAN: ${r.data.refreshError}`, 'bad') : ''}
${eventsTable(r.data.data)}
<div class="actions"><a class="button secondary" href="/app/documentos/${id}?eventos=1">Consultar eventos en la DIAN</a>
${atLeast(c.get('role'), 'facturador') && !final ? html`<form method="post" action="/app/documentos/${id}/aceptacion-tacita"><button type="submit" class="secondary">Registrar aceptación tácita (034)</button></form>` : ''}</div>
<p class="muted">La aceptación tácita procede cuando el adquiriente confirmó el recibo del bien o servicio (032) y no aceptó ni reclamó dentro del plazo.</p></section>`;
}

/** Mounts the received-documents pages. */
export function registerReceivedPages(web: Hono<WebEnv>, kit: WebKit): void {
  web.get('/app/recibidos', async (c) => {
    const q = (name: string) => c.req.query(name)?.trim() || undefined;
    const status = ['valid', 'invalid'].find((s) => s === q('status'));
    const deadline = DEADLINES.find((s) => s === q('deadline'));
    const supplierNit = /^\d{5,15}$/.test(q('supplierNit') ?? '') ? q('supplierNit') : undefined;
    const number = q('number')?.slice(0, 40);
    const from = parseDateInput(q('from'));
    const to = parseDateInput(q('to'));
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const filters: Record<string, string> = { ...(status && { status }), ...(deadline && { deadline }), ...(supplierNit && { supplierNit }), ...(number && { number }), ...(from && { from }), ...(to && { to }) };
    const docs = (await kit.get<{ data: ReceivedView[] }>(c, `/v1/received-documents?${new URLSearchParams({ ...filters, limit: String(PAGE_SIZE + 1), offset: String(offset) })}`)).data;
    return kit.render(c, 'recibidos', 'Documentos recibidos', listPage(docs, filters, offset, atLeast(c.get('role'), 'facturador'), c));
  });
  web.post('/app/recibidos/subir', async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) return c.redirect(withNotice('/app/recibidos', { error: 'Seleccione el archivo XML o ZIP recibido del proveedor.' }), 303);
    const contentBase64 = Buffer.from(await file.arrayBuffer()).toString('base64');
    const r = await kit.send<{ outcome: string; document: ReceivedView }>(c, 'POST', '/v1/received-documents', { fileName: file.name, contentBase64 });
    if (!r.ok) return c.redirect(withNotice('/app/recibidos', { error: r.message }), 303);
    const d = r.data.document;
    const msg = r.data.outcome === 'duplicate' ? 'Este documento ya se había recibido.' : d.status === 'valid' ? 'Documento recibido y verificado.' : `Documento recibido pero inválido: ${d.reason ?? ''}`;
    return c.redirect(withNotice(`/app/recibidos/${encodeURIComponent(d.id)}`, d.status === 'valid' ? { ok: msg } : { error: msg }), 303);
  });
  web.post('/app/recibidos/traer', async (c) => {
    const form = await c.req.parseBody();
    const cufe = typeof form.cufe === 'string' ? form.cufe.trim() : '';
    const r = await kit.send<{ outcome: string; document: ReceivedView }>(c, 'POST', '/v1/received-documents/fetch', { cufe });
    if (!r.ok) return c.redirect(withNotice('/app/recibidos', { error: r.message }), 303);
    return c.redirect(withNotice(`/app/recibidos/${encodeURIComponent(r.data.document.id)}`, { ok: r.data.outcome === 'duplicate' ? 'Este documento ya se había recibido.' : 'Documento traído de la DIAN.' }), 303);
  });
  web.get('/app/recibidos/:id', async (c) => {
    const r = await kit.send<ReceivedView>(c, 'GET', `/v1/received-documents/${encodeURIComponent(c.req.param('id'))}`);
    if (!r.ok) return kit.render(c, 'recibidos', 'Documento no encontrado', html`${alertBox(r.message, 'bad')}<p><a href="/app/recibidos">Volver a recibidos</a></p>`, 404);
    return kit.render(c, 'recibidos', `Recibido ${r.data.number ?? ''}`.trim(), detailPage(r.data, atLeast(c.get('role'), 'facturador'), c));
  });
  web.post('/app/recibidos/:id/verificar', async (c) => {
    const id = c.req.param('id');
    const r = await kit.send<ReceivedView>(c, 'POST', `/v1/received-documents/${encodeURIComponent(id)}/recheck`, {});
    const target = `/app/recibidos/${encodeURIComponent(id)}`;
    if (!r.ok) return c.redirect(withNotice(target, { error: r.message }), 303);
    return c.redirect(withNotice(target, r.data.status === 'valid' ? { ok: 'Documento verificado de nuevo: válido.' } : { error: `Sigue inválido: ${r.data.reason ?? ''}` }), 303);
  });
  web.post('/app/recibidos/:id/eventos', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const code = one(form as Record<string, string>, 'code');
    const claimConcept = one(form as Record<string, string>, 'claimConcept');
    const r = await kit.send<EventView>(c, 'POST', `/v1/received-documents/${encodeURIComponent(id)}/events`, { code, ...(code === '031' && claimConcept && { claimConcept }) });
    if (!r.ok) {
      const doc = await kit.send<ReceivedView>(c, 'GET', `/v1/received-documents/${encodeURIComponent(id)}`);
      if (!doc.ok) return c.redirect(withNotice('/app/recibidos', { error: r.message }), 303);
      return kit.render(c, 'recibidos', `Recibido ${doc.data.number ?? ''}`.trim(), detailPage(doc.data, true, c, { message: r.message, issues: r.issues }), r.status === 409 ? 409 : 422);
    }
    const e = r.data;
    const label = EVENT_LABEL[e.code] ?? e.code;
    const target = `/app/recibidos/${encodeURIComponent(id)}`;
    if (e.status === 'accepted') return c.redirect(withNotice(target, { ok: `${label} registrado por la DIAN.` }), 303);
    const why = e.dianMessages.map((m) => `${m.ruleId}: ${m.text}`).join('; ') || e.error || '';
    return c.redirect(withNotice(target, { error: `${label} ${e.status === 'rejected' ? 'rechazado por la DIAN' : 'no enviado'}: ${why}` }), 303);
  });
  web.post('/app/documentos/:id/aceptacion-tacita', async (c) => {
    const id = c.req.param('id');
    const target = `/app/documentos/${encodeURIComponent(id)}`;
    const doc = await kit.send<{ uuid: string | null }>(c, 'GET', `/v1/documents/${encodeURIComponent(id)}`);
    if (!doc.ok || !doc.data.uuid) return c.redirect(withNotice(target, { error: doc.ok ? 'La factura aún no tiene CUFE.' : doc.message }), 303);
    const r = await kit.send<EventView>(c, 'POST', '/v1/events', { cufe: doc.data.uuid, code: '034' });
    if (!r.ok) return c.redirect(withNotice(target, { error: [r.message, ...(r.issues ?? []).map((i) => `${i.ruleId ? `${i.ruleId}: ` : ''}${i.message}`)].join(' · ') }), 303);
    const e = r.data;
    if (e.status === 'accepted') return c.redirect(withNotice(target, { ok: 'Aceptación tácita (034) registrada por la DIAN.' }), 303);
    const why = e.dianMessages.map((m) => `${m.ruleId}: ${m.text}`).join('; ') || e.error || '';
    return c.redirect(withNotice(target, { error: `Aceptación tácita (034) ${e.status === 'rejected' ? 'rechazada por la DIAN' : 'no enviada'}: ${why}` }), 303);
  });
}
