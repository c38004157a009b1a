import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html, raw } from 'hono/html';
import { formatDateTime } from './format.js';
import { alertBox, type Html } from './layout.js';
import type { WebEnv, WebKit } from './kit.js';
import { endSession } from './session.js';

/** Calls the REST API in process (same contract as the web UI's `ApiCall`). */
export type EditorApiCall = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** The web UI's request variables (its session middleware sets the bearer key and the role). */
type Env = WebEnv;

interface CatalogItem {
  id: string;
  code: string;
  description: string;
  unitCode: string;
  unitPrice: string;
  standardItemId: { id: string; scheme: string } | null;
  taxes: Array<{ code: string; percent?: string; perUnitAmount?: string; units?: string; unitCode?: string }>;
  withholdings: Array<{ code: string; percent: string }>;
}

interface Organization {
  legalName: string;
  commercialName: string | null;
  einvoicingEnabled: boolean;
}

/** The most common means of payment (DIAN table 13.3.4.2), first the default. */
const PAYMENT_MEANS: Array<[string, string]> = [
  ['10', 'Efectivo'],
  ['42', 'Consignación bancaria'],
  ['47', 'Transferencia débito bancaria'],
  ['48', 'Tarjeta crédito'],
  ['49', 'Tarjeta débito'],
  ['20', 'Cheque'],
  ['ZZZ', 'Otro'],
];

/** Items offered by the editor's search (the catalog is read once per page). */
const CATALOG_LIMIT = 500;

const DELIVERY_LABEL: Record<string, string> = {
  not_sent: 'Sin enviar',
  pending: 'En cola',
  retrying: 'Reintentando',
  delivered: 'Entregado al servidor de correo',
  delivered_to_outbox: 'Guardado en la bandeja de salida local',
  failed: 'Fallido',
};


function callApi(api: EditorApiCall, key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return api(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

/** JSON for an inline <script type="application/json">: `<` escaped so the data cannot close the element. */
function jsonScript(id: string, data: unknown): Html {
  return html`<script type="application/json" id="${id}">${raw(JSON.stringify(data).replace(/</g, '\\u003c'))}</script>`;
}

/**
 * The invoice editor (`/app/facturas/nueva`) and its JSON endpoints, plus the delivery and PDF
 * panels of the document detail page. Mounted by the web UI after its session middleware, so
 * every route here has the organization's API key; everything goes through the REST API:
 * `POST /v1/documents/preview` while the user types (totals and DIAN rules from the same core
 * the server issues with), `POST /v1/documents` to issue.
 */
export function createInvoiceEditor(options: { api: EditorApiCall; render: WebKit['render'] }) {
  const web = new Hono<Env>();
  const { api, render } = options;

  /** A JSON call made by the page's script: the key stopped working → 401 and the script goes to the login. */
  const forward = async (c: Context<Env>, res: Response) => {
    if (res.status === 401) {
      endSession(c);
      return c.json({ error: { kind: 'unauthorized', message: 'Su sesión terminó. Ingrese de nuevo.' } }, 401);
    }
    return new Response(await res.text(), { status: res.status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
  };
  /** JSON bodies only: a cross-site form cannot send `application/json` without a CORS preflight. */
  const jsonBody = async (c: Context<Env>): Promise<Record<string, unknown> | undefined> => {
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) return undefined;
    const body = (await c.req.json().catch(() => undefined)) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  };
  const badRequest = (c: Context<Env>) => c.json({ error: { kind: 'invalid_data', message: 'Se esperaba un documento JSON' } }, 400);

  web.get('/app/facturas/nueva', async (c) => {
    const [orgRes, itemsRes] = await Promise.all([callApi(api, c.get('apiKey'), 'GET', '/v1/organization'), callApi(api, c.get('apiKey'), 'GET', `/v1/items?limit=${CATALOG_LIMIT}`)]);
    if (orgRes.status === 401) {
      endSession(c);
      return c.redirect('/app/ingresar?motivo=sesion', 303);
    }
    if (!orgRes.ok || !itemsRes.ok) throw new Error(`editor: organización ${orgRes.status}, productos ${itemsRes.status}`);
    const org = (await orgRes.json()) as Organization;
    const items = ((await itemsRes.json()) as { data: CatalogItem[] }).data;
    const body = html`${org.einvoicingEnabled ? '' : html`<p class="alert" role="status">La organización aún no factura electrónicamente: puede preparar la factura y ver sus totales, pero emitirla requiere <a href="/app/configuracion">completar la configuración</a>.</p>`}
<noscript><p class="alert bad">El editor de facturas necesita JavaScript para calcular los totales y validar mientras escribe.</p></noscript>
<style>${raw(EDITOR_CSS)}</style>
<form id="editor" class="editor" novalidate data-idempotency-key="${randomUUID()}" aria-describedby="editor-ayuda">
<p id="editor-ayuda" class="muted">Los totales y la validación se calculan con las mismas reglas de la DIAN que aplica el servidor al emitir. Los campos con * son obligatorios. Cantidades y valores: 12.500 o 12500; decimales con coma (2,5).</p>
<div class="editor-main">
<section class="card" aria-labelledby="t-cliente"><h2 id="t-cliente">Cliente *</h2>
<label for="buscar-cliente">Buscar cliente por nombre o número de identificación</label>
<input id="buscar-cliente" type="search" autocomplete="off" aria-controls="clientes-resultados" aria-describedby="cliente-elegido" placeholder="Ej.: Distribuidora o 800199436">
<ul id="clientes-resultados" class="results" aria-label="Clientes encontrados" aria-live="polite"></ul>
<p id="cliente-elegido" class="chosen" aria-live="polite">Ningún cliente seleccionado.</p>
<p><button type="button" id="consumidor-final" class="secondary">Facturar a consumidor final</button></p>
</section>
<section class="card" aria-labelledby="t-pago"><h2 id="t-pago">Pago</h2>
<div class="row">
<div><label for="pago-forma">Forma de pago</label><select id="pago-forma"><option value="1">Contado</option><option value="2">Crédito</option></select></div>
<div><label for="pago-medio">Medio de pago</label><select id="pago-medio">${PAYMENT_MEANS.map(([code, label]) => html`<option value="${code}">${label} (${code})</option>`)}</select></div>
<div><label for="pago-vence">Fecha de vencimiento</label><input id="pago-vence" type="text" inputmode="numeric" placeholder="dd/mm/aaaa" autocomplete="off" aria-describedby="pago-vence-ayuda"><p id="pago-vence-ayuda" class="muted small">dd/mm/aaaa; obligatoria para pagos a crédito.</p></div>
</div>
</section>
<section class="card" aria-labelledby="t-lineas"><h2 id="t-lineas">Productos y servicios *</h2>
<label for="buscar-producto">Agregar un producto del catálogo (código o descripción)</label>
<input id="buscar-producto" type="search" autocomplete="off" aria-controls="productos-resultados" placeholder="${items.length ? `Ej.: ${items[0]!.code}` : 'El catálogo está vacío'}">
<ul id="productos-resultados" class="results" aria-label="Productos encontrados" aria-live="polite"></ul>
<p><button type="button" id="linea-libre" class="secondary">Agregar línea sin producto del catálogo</button></p>
<div id="lineas"></div>
<p id="sin-lineas" class="muted">La factura aún no tiene líneas.</p>
</section>
<section class="card" aria-labelledby="t-notas"><h2 id="t-notas">Notas</h2>
<label for="notas">Observaciones para el cliente (opcional)</label><textarea id="notas" rows="2"></textarea>
</section>
</div>
<aside class="editor-side" aria-label="Resumen de la factura">
<section class="card" aria-labelledby="t-totales"><h2 id="t-totales">Totales</h2>
<dl class="kv" id="totales" aria-live="polite">
<dt>Número previsto</dt><dd data-t="number">—</dd>
<dt>Subtotal</dt><dd data-t="lineExtension" class="num">—</dd>
<dt>Impuestos</dt><dd data-t="taxes" class="num">—</dd>
<dt>Total con impuestos</dt><dd data-t="taxInclusive" class="num">—</dd>
<dt>Retenciones (informativas)</dt><dd data-t="withholdings" class="num">—</dd>
<dt>Total a pagar</dt><dd data-t="payable" class="num"><strong>—</strong></dd>
</dl></section>
<section class="card" aria-labelledby="t-validacion"><h2 id="t-validacion">Validación DIAN</h2>
<div id="validacion" aria-live="polite"><p class="muted">Seleccione el cliente y agregue líneas para validar.</p></div>
</section>
<div id="resultado" role="alert"></div>
<p><button type="submit" id="emitir">Emitir factura</button></p>
</aside>
</form>
${jsonScript('catalogo-productos', items.map((i) => ({ id: i.id, code: i.code, description: i.description, unitCode: i.unitCode, unitPrice: i.unitPrice, standardItemId: i.standardItemId, taxes: i.taxes, withholdings: i.withholdings })))}
${raw(`<script>${EDITOR_SCRIPT}</script>`)}`;
    return render(c, 'facturar', 'Nueva factura electrónica', body);
  });

  // Validation as the user types: the API's preview (totals, DIAN rules), never numbered or stored.
  web.post('/app/facturas/vista-previa', async (c) => {
    const body = await jsonBody(c);
    if (!body) return badRequest(c);
    return forward(c, await callApi(api, c.get('apiKey'), 'POST', '/v1/documents/preview', { ...body, kind: 'invoice' }));
  });

  // Issue: the page's key makes a repeated click (or a retry after a lost answer) return the same invoice.
  web.post('/app/facturas', async (c) => {
    const body = await jsonBody(c);
    if (!body) return badRequest(c);
    const key = c.req.header('idempotency-key');
    const res = await callApi(api, c.get('apiKey'), 'POST', '/v1/documents', { ...body, kind: 'invoice' }, key ? { 'idempotency-key': key } : {});
    if (res.status !== 200 && res.status !== 201) return forward(c, res);
    const doc = (await res.json()) as { id: string; number: string | null };
    return c.json({ id: doc.id, number: doc.number, url: `/app/documentos/${encodeURIComponent(doc.id)}` }, 201);
  });

  // Re-send the document by e-mail (to the customer's reception addresses, or to others).
  web.post('/app/documentos/:id/correo', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const to = typeof form.to === 'string' ? form.to.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean) : [];
    const res = await callApi(api, c.get('apiKey'), 'POST', `/v1/documents/${encodeURIComponent(id)}/send-email`, to.length ? { to } : {});
    if (res.status === 401) {
      endSession(c);
      return c.redirect('/app/ingresar?motivo=sesion', 303);
    }
    const back = `/app/documentos/${encodeURIComponent(id)}`;
    if (res.ok) return c.redirect(`${back}?correo=ok#correo`, 303);
    const err = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    return c.redirect(`${back}?correo_error=${encodeURIComponent(err.error?.message ?? `Error ${res.status}`)}#correo`, 303);
  });

  return web;
}

/**
 * Panels added to the document detail page: the PDF preview (once signed), the e-mail delivery
 * status with a re-send button, and, while DIAN has not answered, a script that reloads the page
 * when the status changes.
 */
export async function documentPanels(api: EditorApiCall, apiKey: string, doc: { id: string; number: string | null; status: string; uuid: string | null }, query: Record<string, string>): Promise<Html> {
  const base = `/app/api/documents/${encodeURIComponent(doc.id)}`;
  const res = await callApi(api, apiKey, 'GET', `/v1/documents/${encodeURIComponent(doc.id)}/delivery`);
  const delivery = res.ok ? ((await res.json()) as { status: string; deliveredAt: string | null; deliveries: Array<{ recipients: string[]; status: string; lastResponse: string | null; createdAt: string }> }) : undefined;
  const last = delivery?.deliveries.at(-1);
  const notice = query.correo === 'ok' ? alertBox('Envío por correo en cola: el estado se actualiza en unos segundos.', 'ok') : query.correo_error ? alertBox(query.correo_error, 'bad') : '';
  const pdfTitle = `Vista previa del PDF ${doc.number ?? ''}`.trim();
  return html`
<section class="card" aria-labelledby="vista-pdf"><h2 id="vista-pdf">Representación gráfica</h2>
${doc.uuid
    ? html`<details id="vista-pdf-detalle"><summary>Ver la vista previa del PDF</summary>
<iframe data-src="${base}/pdf" title="${pdfTitle}" style="width:100%;height:36rem;border:1px solid var(--line);border-radius:6px;background:#fff;margin-top:.5rem"></iframe></details>
<p><a href="${base}/pdf" target="_blank" rel="noopener">Abrir el PDF en otra pestaña</a></p>
${raw(`<script>${PDF_TOGGLE_SCRIPT}</script>`)}`
    : html`<p class="muted">El PDF estará disponible cuando el documento esté firmado (unos segundos después de emitirlo).</p>`}
</section>
<section class="card" aria-labelledby="correo"><h2 id="correo">Envío por correo al adquiriente</h2>${notice}
${delivery
    ? html`<dl class="kv"><dt>Estado</dt><dd id="estado-correo">${DELIVERY_LABEL[delivery.status] ?? delivery.status}</dd>
${last ? html`<dt>Destinatarios</dt><dd>${last.recipients.join(', ') || '—'}</dd><dt>Último intento</dt><dd>${formatDateTime(last.createdAt)}${last.lastResponse ? html` · ${last.lastResponse}` : ''}</dd>` : ''}</dl>`
    : html`<p class="muted">El envío por correo no está disponible en este servidor.</p>`}
${doc.status === 'accepted' && delivery
    ? html`<form method="post" action="/app/documentos/${encodeURIComponent(doc.id)}/correo">
<label for="correo-otros">Otros destinatarios (opcional, separados por coma)</label>
<input id="correo-otros" name="to" type="text" inputmode="email" autocomplete="off" aria-describedby="correo-otros-ayuda" style="width:100%;max-width:32rem">
<p id="correo-otros-ayuda" class="muted">Vacío: se envía a los correos de recepción del cliente.</p>
<button type="submit">Reenviar por correo</button></form>`
    : doc.status === 'queued'
      ? html`<p class="muted">Se envía por correo cuando la DIAN acepte el documento.</p>`
      : ''}
</section>
${doc.status === 'queued' ? raw(`<script>${STATUS_POLL_SCRIPT.replace('__URL__', JSON.stringify(`/app/api/documents/${encodeURIComponent(doc.id)}`))}</script>`) : ''}`;
}

/** The PDF is rendered on request: load it into the preview only when the reader opens it. */
const PDF_TOGGLE_SCRIPT = `(function(){
  var d=document.getElementById('vista-pdf-detalle');if(!d){return;}
  d.addEventListener('toggle',function(){var f=d.querySelector('iframe');if(d.open&&f&&!f.getAttribute('src')){f.setAttribute('src',f.getAttribute('data-src'));}});
})();`;

/** While DIAN has not answered: poll the document and reload the page when its status changes. */
const STATUS_POLL_SCRIPT = `(function(){
  var url=__URL__;
  function tick(){
    fetch(url,{credentials:'same-origin'}).then(function(r){return r.json();}).then(function(d){
      if(d&&d.status&&d.status!=='queued'){location.reload();return;}
      setTimeout(tick,1000);
    }).catch(function(){setTimeout(tick,4000);});
  }
  setTimeout(tick,1000);
})();`;

const EDITOR_CSS = `
.editor{display:grid;gap:1rem;grid-template-columns:minmax(0,2fr) minmax(16rem,1fr);align-items:start}
.editor>p{grid-column:1/-1;margin:0}
.editor-side{position:sticky;top:1rem}
@media (max-width:56rem){.editor{grid-template-columns:1fr}.editor-side{position:static}}
.editor .row{display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.editor .row>div{flex:1 1 9rem;min-width:0}
.editor input,.editor select,.editor textarea{width:100%;min-width:0;font:inherit;padding:.5rem .75rem;border:1px solid var(--line);border-radius:6px}
.editor input[aria-invalid=true],.editor select[aria-invalid=true]{border-color:var(--bad);box-shadow:0 0 0 1px var(--bad)}
.editor button.secondary{background:#fff;color:var(--brand)}
.editor button.remove{background:#fff;color:var(--bad);border-color:var(--bad)}
.editor fieldset.line{border:1px solid var(--line);border-radius:8px;margin:0 0 1rem;padding:.5rem 1rem 1rem}
.editor fieldset.line legend{font-weight:700;padding:0 .25rem}
.editor .line-foot{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;margin-top:.75rem}
.editor .results{list-style:none;padding:0;margin:.25rem 0}
.editor .results li{margin:.25rem 0}
.editor .results button{width:100%;text-align:left;background:#fff;color:var(--fg);border-color:var(--line)}
.editor .results button:hover,.editor .results button:focus-visible{border-color:var(--brand)}
.editor .chosen{font-weight:600}
.editor .small{font-size:.85rem;margin:.25rem 0 0}
.editor-side dl.kv{grid-template-columns:1fr auto}
.editor-side dl.kv dd{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.editor #emitir{width:100%;font-size:1.1rem}
.editor .issues{padding-left:1.2rem}
.editor .issues li{margin:.35rem 0}
.editor .rule{font-family:ui-monospace,monospace;font-weight:700}
`;

/**
 * The editor's behaviour (vanilla JS, no build step). Lines are plain objects rendered as
 * fieldsets; every edit schedules a debounced preview whose answer fills the totals and the
 * DIAN issues; "Emitir" posts the same draft and goes to the document's page.
 */
const EDITOR_SCRIPT = String.raw`
(function(){
  'use strict';
  var form=document.getElementById('editor');
  var items=JSON.parse(document.getElementById('catalogo-productos').textContent||'[]');
  var state={customerId:null,customer:null,customerLabel:'',lines:[],seq:0,timer:null,controller:null,nextId:1};
  var linesBox=document.getElementById('lineas');
  var FINAL_CONSUMER={personType:'2',idType:'13',id:'222222222222',name:'Consumidor final',responsibilities:['R-99-PN'],taxScheme:'ZZ'};

  function el(tag,attrs,children){
    var e=document.createElement(tag);
    Object.keys(attrs||{}).forEach(function(k){
      if(k==='text'){e.textContent=attrs[k];}
      else if(k.indexOf('on')===0){e.addEventListener(k.slice(2),attrs[k]);}
      else if(attrs[k]!==null&&attrs[k]!==undefined&&attrs[k]!==false){e.setAttribute(k,attrs[k]===true?'':attrs[k]);}
    });
    (children||[]).forEach(function(c){if(c){e.appendChild(typeof c==='string'?document.createTextNode(c):c);}});
    return e;
  }
  function cop(v){
    if(v===null||v===undefined||v===''){return '—';}
    var m=/^(-?)(\d+)(?:\.(\d+))?$/.exec(String(v).trim());
    if(!m){return String(v);}
    var frac=((m[3]||'')+'00');
    return (m[1]?'-':'')+'$ '+m[2].replace(/\B(?=(\d{3})+(?!\d))/g,'.')+','+frac.slice(0,Math.max(2,(m[3]||'').length));
  }
  // Numbers as Colombians write them: "12.500" and "1.250.000" (dots group thousands), "2,5"
  // (decimal comma); "12500.00" and "2.5" (as the API sends prices) stay decimal.
  function dec(v){
    var t=String(v||'').trim().replace(/[\s$]/g,'');
    if(t.indexOf(',')>=0){return t.replace(/\./g,'').replace(',','.');}
    if((t.match(/\./g)||[]).length>1||/^-?\d{1,3}\.\d{3}$/.test(t)){return t.replace(/\./g,'');}
    return t;
  }
  // Colombian dates (dd/mm/aaaa) to the API's aaaa-mm-dd; undefined while incomplete or invalid.
  function isoDate(v){
    var m=/^(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})$/.exec(String(v||'').trim());
    if(!m){return undefined;}
    var d=('0'+m[1]).slice(-2),mo=('0'+m[2]).slice(-2);
    var t=new Date(m[3]+'-'+mo+'-'+d+'T12:00:00Z');
    return isNaN(t.getTime())||t.getUTCDate()!==Number(m[1])?undefined:m[3]+'-'+mo+'-'+d;
  }

  // ---- Customer search (the API's customer search, through the session's GET pass-through)
  var custInput=document.getElementById('buscar-cliente');
  var custList=document.getElementById('clientes-resultados');
  var chosen=document.getElementById('cliente-elegido');
  var custTimer=null;
  function chooseCustomer(id,party,label){
    state.customerId=id;state.customer=id?null:party;state.customerLabel=label;
    chosen.textContent='Cliente: '+label;
    custList.textContent='';custInput.value='';custInput.removeAttribute('aria-invalid');
    schedule();
  }
  custInput.addEventListener('input',function(){
    clearTimeout(custTimer);
    var q=custInput.value.trim();
    if(q.length<2){custList.textContent='';return;}
    custTimer=setTimeout(function(){
      fetch('/app/api/customers?limit=10&search='+encodeURIComponent(q),{credentials:'same-origin'}).then(function(r){return r.json();}).then(function(res){
        custList.textContent='';
        var data=(res&&res.data)||[];
        if(!data.length){custList.appendChild(el('li',{class:'muted',text:'Sin resultados para «'+q+'».'}));return;}
        data.forEach(function(cu){
          var p=cu.party||{};
          var label=p.name+' — '+(p.idType==='31'?'NIT ':'ID ')+p.id+(p.dv?'-'+p.dv:'');
          custList.appendChild(el('li',{},[el('button',{type:'button',text:label,onclick:function(){chooseCustomer(cu.id,null,label);}})]));
        });
      }).catch(function(){custList.textContent='';custList.appendChild(el('li',{class:'muted',text:'No se pudo buscar clientes.'}));});
    },250);
  });
  document.getElementById('consumidor-final').addEventListener('click',function(){chooseCustomer(null,FINAL_CONSUMER,'Consumidor final (222222222222)');});

  // ---- Item search (the organization's catalog, read with the page)
  var itemInput=document.getElementById('buscar-producto');
  var itemList=document.getElementById('productos-resultados');
  function norm(s){return String(s||'').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g,'');}
  itemInput.addEventListener('input',function(){
    var q=norm(itemInput.value.trim());
    itemList.textContent='';
    if(!q){return;}
    var found=items.filter(function(it){return norm(it.code).indexOf(q)>=0||norm(it.description).indexOf(q)>=0;}).slice(0,8);
    if(!found.length){itemList.appendChild(el('li',{class:'muted',text:'Ningún producto coincide.'}));return;}
    found.forEach(function(it){
      itemList.appendChild(el('li',{},[el('button',{type:'button',text:'Agregar '+it.code+' — '+it.description+' — '+cop(it.unitPrice),onclick:function(){
        addLine(fromItem(it));itemInput.value='';itemList.textContent='';
        var first=linesBox.lastElementChild&&linesBox.lastElementChild.querySelector('input[data-f=quantity]');if(first){first.focus();first.select();}
      }})]));
    });
  });
  function fromItem(it){
    var line={description:it.description,code:it.code,quantity:'1',unitPrice:it.unitPrice,unitCode:it.unitCode,standardItemId:it.standardItemId,discount:'',iva:'',inc:'',rete06:'',rete05:'',rete07:'',otherTaxes:[]};
    (it.taxes||[]).forEach(function(t){
      if(t.code==='01'&&t.percent!==undefined&&line.iva===''){line.iva=String(Number(t.percent));}
      else if(t.code==='04'&&t.percent!==undefined&&line.inc===''){line.inc=String(Number(t.percent));}
      else{line.otherTaxes.push(t);}
    });
    (it.withholdings||[]).forEach(function(w){line['rete'+w.code]=w.percent;});
    return line;
  }
  document.getElementById('linea-libre').addEventListener('click',function(){
    addLine({description:'',code:'',quantity:'1',unitPrice:'',unitCode:'94',standardItemId:null,discount:'',iva:'19',inc:'',rete06:'',rete05:'',rete07:'',otherTaxes:[]});
    var d=linesBox.lastElementChild&&linesBox.lastElementChild.querySelector('input[data-f=description]');if(d){d.focus();}
  });

  // ---- Lines
  var FIELDS=[
    ['description','Descripción *','text',null,'wide'],
    ['code','Código','text'],
    ['quantity','Cantidad *','text','decimal'],
    ['unitPrice','Precio unitario (antes de impuestos) *','text','decimal'],
    ['discount','Descuento (%)','text','decimal'],
    ['iva','IVA','select',[['','Sin IVA (excluido)'],['0','0 % (exento)'],['5','5 %'],['19','19 %']]],
    ['inc','Impuesto al consumo (INC)','select',[['','Sin INC'],['4','4 %'],['8','8 %'],['16','16 %']]],
    ['rete06','Retención en la fuente (%)','text','decimal'],
    ['rete05','ReteIVA (% del IVA)','text','decimal'],
    ['rete07','ReteICA (por mil)','text','decimal']
  ];
  function addLine(line){line.key=state.nextId++;state.lines.push(line);renderLines();schedule();}
  function renderLines(){
    linesBox.textContent='';
    document.getElementById('sin-lineas').hidden=state.lines.length>0;
    state.lines.forEach(function(line,i){
      var n=i+1;
      var row=el('div',{class:'row'});
      FIELDS.forEach(function(f){
        var id='l'+line.key+'-'+f[0];
        var input;
        if(f[2]==='select'){
          input=el('select',{id:id,'data-f':f[0]},f[3].map(function(o){return el('option',{value:o[0],text:o[1],selected:String(line[f[0]])===o[0]});}));
        }else{
          input=el('input',{id:id,type:'text','data-f':f[0],value:line[f[0]]||'',inputmode:f[3]||null,autocomplete:'off',required:f[1].indexOf('*')>0});
        }
        input.addEventListener('input',function(){line[f[0]]=input.value;schedule();});
        input.addEventListener('change',function(){line[f[0]]=input.value;schedule();});
        var box=el('div',{style:f[4]==='wide'?'flex-basis:100%':null},[el('label',{for:id,text:f[1]}),input]);
        row.appendChild(box);
      });
      var extra=line.otherTaxes.length?el('p',{class:'muted small',text:'Otros tributos del producto: '+line.otherTaxes.map(function(t){return t.code+(t.percent!==undefined?' '+t.percent+' %':' $'+t.perUnitAmount+' por unidad');}).join(', ')}):null;
      var value=el('output',{id:'l'+line.key+'-valor','aria-live':'polite',text:'Valor de la línea: —'});
      var remove=el('button',{type:'button',class:'remove',text:'Quitar línea '+n,onclick:function(){
        state.lines=state.lines.filter(function(x){return x!==line;});renderLines();schedule();
        var next=document.getElementById('buscar-producto');if(next){next.focus();}
      }});
      linesBox.appendChild(el('fieldset',{class:'line','data-line':String(i)},[el('legend',{text:'Línea '+n}),row,extra,el('div',{class:'line-foot'},[value,remove])]));
    });
  }

  // ---- The draft, as the API takes it
  function draft(){
    var payment={form:document.getElementById('pago-forma').value,means:document.getElementById('pago-medio').value};
    var due=isoDate(document.getElementById('pago-vence').value);
    if(due){payment.dueDate=due;}
    var d={kind:'invoice',payment:payment,lines:state.lines.map(function(l){
      var taxes=[];
      if(l.iva!==''){taxes.push({code:'01',percent:dec(l.iva)});}
      if(l.inc!==''){taxes.push({code:'04',percent:dec(l.inc)});}
      l.otherTaxes.forEach(function(t){taxes.push(t);});
      var withholdings=[];
      ['06','05','07'].forEach(function(c){var v=dec(l['rete'+c]);if(v!==''){withholdings.push({code:c,percent:v});}});
      var out={description:l.description.trim(),quantity:dec(l.quantity),unitPrice:dec(l.unitPrice),unitCode:l.unitCode||'94',taxes:taxes,withholdings:withholdings};
      if(l.code&&l.code.trim()){out.code=l.code.trim();}
      if(l.standardItemId){out.standardItemId=l.standardItemId;}
      var disc=dec(l.discount);
      if(disc!==''&&Number(disc)!==0){out.allowanceCharges=[{charge:false,reason:'Descuento',percent:disc}];}
      return out;
    })};
    if(state.customerId){d.customerId=state.customerId;}else if(state.customer){d.customer=state.customer;}
    var notes=document.getElementById('notas').value.trim();
    if(notes){d.notes=[notes];}
    return d;
  }

  // ---- Preview: debounced, the latest answer wins
  function schedule(){
    clearTimeout(state.timer);
    state.timer=setTimeout(preview,350);
  }
  form.addEventListener('input',function(e){if(e.target&&(e.target.id==='pago-vence'||e.target.id==='notas')){schedule();}});
  form.addEventListener('change',function(e){if(e.target&&/^pago-/.test(e.target.id)){schedule();}});
  var box=document.getElementById('validacion');
  function setStatus(text,cls){box.textContent='';box.appendChild(el('p',{class:cls||'muted',text:text}));}
  function preview(){
    if(!state.customerId&&!state.customer&&!state.lines.length){return;}
    var seq=++state.seq;
    if(state.controller){state.controller.abort();}
    state.controller=new AbortController();
    box.setAttribute('aria-busy','true');
    fetch('/app/facturas/vista-previa',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json'},body:JSON.stringify(draft()),signal:state.controller.signal})
      .then(function(r){if(r.status===401){location.href='/app/ingresar?motivo=sesion';return null;}return r.json();})
      .then(function(p){if(!p||seq!==state.seq){return;}box.removeAttribute('aria-busy');show(p);})
      .catch(function(e){if(e&&e.name==='AbortError'){return;}box.removeAttribute('aria-busy');setStatus('No se pudo validar el borrador. Revise su conexión.','s-rejected');});
  }
  // One item per DIAN rule (a rule may fail at many places of the XML: the first is shown, the rest counted).
  function issueList(issues){
    var groups=[];var byRule={};
    issues.forEach(function(i){
      var k=i.ruleId?i.ruleId+'|'+i.severity:null;
      if(k&&byRule[k]){byRule[k].more++;return;}
      var g={issue:i,more:0};groups.push(g);if(k){byRule[k]=g;}
    });
    return el('ul',{class:'issues'},groups.map(function(g){
      var i=g.issue;var where=describePath(i.path);
      return el('li',{class:i.severity==='notification'?'s-queued':'s-rejected','data-rule':i.ruleId||null},[
        i.ruleId?el('span',{class:'rule',text:i.ruleId}):null,i.ruleId?' ':null,
        el('span',{text:(i.severity==='notification'?'Notificación: ':'')+i.message}),
        where?el('span',{class:'muted',text:' ('+where+')'}):null,
        g.more?el('span',{class:'muted',text:' y '+g.more+' '+(g.more===1?'caso más':'casos más')}):null]);
    }));
  }
  function describePath(path){
    if(!path){return '';}
    var m=/^lines\[(\d+)\]\.?(.*)$/.exec(path);
    if(m){return 'línea '+(Number(m[1])+1)+(m[2]?', '+m[2]:'');}
    var x=/InvoiceLine(?:\[(\d+)\])?/.exec(path);
    if(x){return 'línea '+(x[1]||'1');}
    return path.charAt(0)==='/'?'':path;
  }
  function markInvalid(issues){
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'),function(e){e.removeAttribute('aria-invalid');});
    var dueField=document.getElementById('pago-vence');
    if(dueField.value.trim()&&!isoDate(dueField.value)){dueField.setAttribute('aria-invalid','true');}
    issues.forEach(function(i){
      if(i.severity==='notification'||!i.path){return;}
      var target=null;
      var m=/^lines\[(\d+)\]\.(description|quantity|unitPrice|code)/.exec(i.path);
      if(m&&state.lines[Number(m[1])]){target=document.getElementById('l'+state.lines[Number(m[1])].key+'-'+m[2]);}
      else if(/^payment\.dueDate/.test(i.path)){target=document.getElementById('pago-vence');}
      else if(/^customer/.test(i.path)){target=custInput;}
      if(target){target.setAttribute('aria-invalid','true');}
    });
  }
  function show(p){
    var t=p.totals;
    var set=function(k,v){var e=form.querySelector('[data-t='+k+']');if(e){e.textContent=v;}};
    set('number',p.number||'—');
    set('lineExtension',t?cop(t.lineExtension):'—');
    set('taxes',t?(p.taxes.length?p.taxes.map(function(x){return x.name+' '+cop(x.amount);}).join(' · '):cop('0.00')):'—');
    set('taxInclusive',t?cop(t.taxInclusive):'—');
    set('withholdings',t?cop(t.withholdings):'—');
    var pay=form.querySelector('[data-t=payable]');pay.textContent='';pay.appendChild(el('strong',{text:t?cop(t.payable):'—'}));
    state.lines.forEach(function(l,i){var o=document.getElementById('l'+l.key+'-valor');if(o){o.textContent='Valor de la línea: '+(p.lines[i]?cop(p.lines[i].lineExtension)+' + impuestos '+cop(p.lines[i].taxes):'—');}});
    box.textContent='';
    var issues=p.issues||[];
    var rejections=issues.filter(function(i){return i.severity!=='notification';});
    if(p.ok){box.appendChild(el('p',{class:'s-accepted',text:rejections.length?'':'Sin rechazos: la DIAN aceptaría esta factura.'}));}
    else{box.appendChild(el('p',{class:'s-rejected',text:'La factura no se puede emitir así ('+rejections.length+' problema'+(rejections.length===1?'':'s')+'):'}));}
    if(issues.length){box.appendChild(issueList(issues));}
    markInvalid(issues);
  }

  // ---- Issue
  var result=document.getElementById('resultado');
  var button=document.getElementById('emitir');
  form.addEventListener('submit',function(e){
    e.preventDefault();
    result.textContent='';
    button.disabled=true;button.textContent='Emitiendo…';
    fetch('/app/facturas',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json','idempotency-key':form.getAttribute('data-idempotency-key')},body:JSON.stringify(draft())})
      .then(function(r){return r.json().then(function(j){return {status:r.status,body:j};});})
      .then(function(r){
        if(r.status===201&&r.body.url){button.textContent='Factura '+(r.body.number||'')+' emitida';location.href=r.body.url;return;}
        if(r.status===401){location.href='/app/ingresar?motivo=sesion';return;}
        var err=(r.body&&r.body.error)||{};
        result.appendChild(el('div',{class:'alert bad'},[el('p',{text:'No se emitió la factura: '+(err.message||('Error '+r.status))}),err.issues&&err.issues.length?issueList(err.issues):null]));
        markInvalid(err.issues||[]);
        button.disabled=false;button.textContent='Emitir factura';
        result.focus&&result.setAttribute('tabindex','-1');result.focus();
      })
      .catch(function(){result.appendChild(el('p',{class:'alert bad',text:'No se pudo emitir: revise su conexión e intente de nuevo (no se duplicará la factura).'}));button.disabled=false;button.textContent='Emitir factura';});
  });
  renderLines();
})();
`;
