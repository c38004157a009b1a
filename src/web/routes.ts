import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { NumberingRangeView } from '../app/numbering.js';
import { html, raw } from 'hono/html';
import { municipality } from '../core/codelists/index.js';
import { formatCop, formatCount, formatDate, formatDateTime, formatNit, HABILITACION_LABEL, KIND_LABEL, parseDateInput, STATUS_LABEL } from './format.js';
import { alertBox, badge, page, type Html, type Section } from './layout.js';
import { endSession, sessionKey, startSession, type Sealer } from './session.js';
import { atLeast, forbidden, notice, ROLE_LABEL, webRoleFor, type ApiResult, type Issue, type Role, type WebEnv, type WebKit } from './kit.js';
import { registerCatalogPages } from './catalog-pages.js';
import { registerNotePages } from './note-pages.js';
import { ownInvoiceEventsPanel, registerReceivedPages } from './received.js';
import { PREFIX_REMINDER, registerOrganizationPages } from './organization-pages.js';
import { registerUserPages } from './user-pages.js';
import { createInvoiceEditor, documentPanels } from './editor.js';

/** Calls the REST API in process (the Hono app's `request`): the UI uses the same API as integrators. */
export type ApiCall = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** What the web UI needs: the API and the box that seals the session cookie. */
export interface WebOptions {
  api: ApiCall;
  sealer: Sealer;
  log?: (message: string, error: unknown) => void;
}

type Env = WebEnv;

/** The session's key no longer authenticates (revoked, or the cookie is stale). */
class SessionExpired extends Error {}

interface ApiErrorBody {
  error?: { kind?: string; message?: string; issues?: Issue[] };
}

interface Organization {
  nit: string;
  dv: string;
  legalName: string;
  commercialName: string | null;
  personType: '1' | '2';
  responsibilities: string[];
  regime: string | null;
  address: { municipalityCode?: string; line?: string };
  industryCodes: string[];
  email: string | null;
  environment: '1' | '2';
  softwareId: string | null;
  hasSoftwarePin: boolean;
  testSetId: string | null;
  habilitacionState: string;
  einvoicingEnabled: boolean;
}

interface Certificate {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  active: boolean;
  warnings: string[];
}

type NumberingRange = Pick<NumberingRangeView, 'documentKind' | 'resolution' | 'prefix' | 'fromNumber' | 'toNumber' | 'nextNumber' | 'remaining' | 'validFrom' | 'validTo' | 'source' | 'active' | 'warnings'>;

interface DianMessage {
  ruleId: string;
  outcome: string;
  text: string;
}

interface DocumentView {
  id: string;
  kind: string;
  number: string | null;
  uuid: string | null;
  status: string;
  environment: string;
  issueDate: string;
  issueTime: string;
  customer: { id: string; name: string };
  currency: string;
  totals: { lineExtension: string; taxExclusive: string; taxInclusive: string; payable: string };
  dian: { statusCode: string | null; statusDescription: string | null; rejections: DianMessage[]; notifications: DianMessage[]; hasApplicationResponse: boolean };
  sendAttempts: number;
  lastError: string | null;
  createdAt: string;
  finalAt: string | null;
  referencedDocumentId?: string | null;
}

interface Progress {
  state: string;
  run: null | {
    state: string;
    detail: string | null;
    progress: Record<'invoices' | 'creditNotes' | 'debitNotes', { required: number; issued: number; accepted: number; rejected: number }>;
    documents: Array<{ id: string; kind: string; number: string | null; status: string; messages: DianMessage[] }>;
  };
}

interface Dashboard {
  since: string;
  sent: Record<string, Record<string, number>>;
  /** Received supplier documents by status (valid / invalid). */
  received: Record<string, number>;
  /** Received invoices whose acceptance window closes soon or closed without a final event. */
  acceptanceAttention: Array<{ id: string; number: string | null; supplier: string | null; deadline: { state: string; message: string } }>;
  total: number;
}

/** GET /v1/organization/readiness. */
interface Readiness {
  ok: boolean;
  nextInvoiceNumber: string | null;
  checks: Array<{ key: string; label: string; status: 'ok' | 'warning' | 'blocking'; issues: Issue[] }>;
}

const READINESS_BADGE = { ok: badge('done', 'Listo'), warning: badge('in_progress', 'Con avisos'), blocking: badge('rejected', 'Bloqueado') } as const;

/** Guided set-up, step 6: what would block issuing now, by area, with DIAN's rule IDs. */
function readinessCard(r: Readiness): Html {
  return html`<li class="card" id="verificacion"><h2>Verificación previa a la emisión ${r.ok ? badge('done', 'Puede facturar') : badge('rejected', 'Aún no puede facturar')}</h2>
<p class="muted">Se arma una factura de muestra con los datos de la organización, su certificado y su numeración, y se revisa con las mismas reglas de la DIAN que se aplican al emitir (no se usa ningún número ni se envía nada).${r.nextInvoiceNumber ? ` La próxima factura sería la ${r.nextInvoiceNumber}.` : ''}</p>
<ul class="readiness">${r.checks.map(
    (ch) => html`<li><strong>${ch.label}</strong> ${READINESS_BADGE[ch.status]}${ch.issues.length
      ? html`<ul>${ch.issues.map((i) => html`<li class="${i.severity === 'notification' ? '' : 's-rejected'}">${i.ruleId ? html`<strong>${i.ruleId}</strong>: ` : ''}${i.message}${i.path ? html` <span class="muted">(${i.path})</span>` : ''}</li>`)}</ul>`
      : ''}</li>`,
  )}</ul></li>`;
}

const DOCUMENT_KINDS = ['invoice', 'credit-note', 'debit-note'] as const;
const RECEIVED_STATUSES = [['valid', 'Válidos'], ['invalid', 'Inválidos']] as const;
const DOCUMENT_STATUSES = ['queued', 'accepted', 'rejected', 'failed'] as const;
const PAGE_SIZE = 50;

/** Same-host check for form posts (the scheme may differ behind a TLS proxy). */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  if (!origin) return c.req.header('sec-fetch-site') === 'same-origin';
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The Spanish web application (server-rendered, no build step). Pages read and write through
 * the REST API with the organization's API key, kept sealed in an HttpOnly session cookie.
 * Routes: `/app/ingresar`, `/app` (tablero), `/app/configuracion`, `/app/documentos[/:id]`,
 * `/app/api/*` (GET pass-through for downloads and polling).
 */
export function createWebUi(options: WebOptions) {
  const web = new Hono<Env>();
  const { api, sealer } = options;

  const call = async (c: Context<Env>, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> => {
    const res = await api(path, {
      method,
      headers: { ...extra, authorization: `Bearer ${c.get('apiKey')}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (res.status === 401) throw new SessionExpired();
    return res;
  };
  const get = async <T>(c: Context<Env>, path: string): Promise<T> => {
    const res = await call(c, 'GET', path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  /** A POST through the API; undefined on success, else the API's Spanish message. */
  const post = async (c: Context<Env>, path: string, body: unknown, method = 'POST'): Promise<string | undefined> => {
    const res = await call(c, method, path, body);
    if (res.ok) return undefined;
    const err = (await res.json().catch(() => ({}))) as ApiErrorBody;
    return err.error?.message ?? `Error ${res.status}`;
  };
  /** Any call through the API; failures are values with the API's Spanish message and field issues. */
  const send = async <T>(c: Context<Env>, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>> => {
    const res = await call(c, method, path, body, headers);
    if (res.ok) return { ok: true, status: res.status, data: (res.status === 204 ? undefined : await res.json()) as T };
    const err = (await res.json().catch(() => ({}))) as ApiErrorBody;
    const message = res.status === 403 ? (err.error?.message ?? 'Su rol no permite esta operación') : (err.error?.message ?? `Error ${res.status}`);
    return { ok: false, status: res.status, message, issues: err.error?.issues ?? [] };
  };
  /** The page shell for this session: organization name, navigation for the role, who is signed in. */
  const shell = (c: Context<Env>, org: Organization, title: string, section: Section, body: Html) =>
    page({ title, section, organization: org.commercialName ?? org.legalName, body, role: c.get('role'), who: `${c.get('userName') ?? 'API key'} · ${ROLE_LABEL[c.get('role')]}` });

  web.onError((err, c) => {
    if (err instanceof SessionExpired) {
      endSession(c);
      return c.redirect('/app/ingresar?motivo=sesion', 303);
    }
    options.log?.('Error en la aplicación web', err);
    return c.html(page({ title: 'Algo salió mal', section: 'none', body: html`${alertBox('No se pudo mostrar la página. Intente de nuevo; si persiste, contacte a soporte.', 'bad')}<p><a href="/app">Volver al tablero</a></p>` }), 500);
  });

  web.get('/', (c) => c.redirect('/app', 302));

  // ---- Login: organization users (NIT + e-mail + password) or the organization's API key
  const loginPage = (error?: string, notice?: string, values: { nit?: string; email?: string } = {}) =>
    page({
      title: 'Ingresar',
      section: 'none',
      body: html`${error ? alertBox(error, 'bad') : ''}${notice ? alertBox(notice) : ''}
<section class="card" aria-labelledby="ingreso-usuario"><h2 id="ingreso-usuario">Usuario de la organización</h2>
<form method="post" action="/app/ingresar">
<div class="form-grid">
<div><label for="login-nit">NIT de la organización (sin DV)</label><input id="login-nit" name="nit" inputmode="numeric" autocomplete="organization" required value="${values.nit ?? ''}"></div>
<div><label for="login-email">Correo electrónico</label><input id="login-email" name="email" type="email" autocomplete="username" required value="${values.email ?? ''}"></div>
<div><label for="login-password">Contraseña</label><input id="login-password" name="password" type="password" autocomplete="current-password" required></div>
</div>
<p><button type="submit">Ingresar</button></p>
</form></section>
<section class="card" aria-labelledby="ingreso-api"><h2 id="ingreso-api">Con la API key (administración)</h2>
<form method="post" action="/app/ingresar">
<label for="apiKey">API key de la organización</label>
<input id="apiKey" name="apiKey" type="password" autocomplete="current-password" required aria-describedby="apiKey-ayuda" style="width:100%;max-width:32rem">
<p id="apiKey-ayuda" class="muted">La entrega su proveedor al crear la organización. Con <code>npm start</code>, la de la organización de demostración está en <code>data/demo-api-key.txt</code>.</p>
<button type="submit">Ingresar con la API key</button>
</form></section>`,
    });
  web.get('/app/ingresar', (c) => c.html(loginPage(undefined, c.req.query('motivo') === 'sesion' ? 'Su sesión terminó. Ingrese de nuevo.' : undefined)));
  web.post('/app/ingresar', async (c) => {
    if (!sameOrigin(c)) return c.text('Solicitud de otro origen rechazada', 403);
    const form = await c.req.parseBody();
    if (typeof form.email === 'string' || typeof form.password === 'string') {
      const values = { nit: String(form.nit ?? '').trim(), email: String(form.email ?? '').trim() };
      if (!values.nit || !values.email || !form.password) return c.html(loginPage('Escriba el NIT, el correo y la contraseña.', undefined, values), 400);
      const res = await api('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...values, password: String(form.password) }) });
      if (res.status === 429) return c.html(loginPage('Demasiados intentos fallidos. Espere 15 minutos e intente de nuevo.', undefined, values), 429);
      if (res.status !== 200) return c.html(loginPage('NIT, correo o contraseña incorrectos, o usuario desactivado.', undefined, values), 401);
      startSession(c, sealer, ((await res.json()) as { token: string }).token);
      return c.redirect('/app', 303);
    }
    const key = typeof form.apiKey === 'string' ? form.apiKey.trim() : '';
    if (!key) return c.html(loginPage('Escriba la API key.'), 400);
    const res = await api('/v1/organization', { headers: { authorization: `Bearer ${key}` } });
    if (res.status !== 200) return c.html(loginPage('API key inválida.'), 401);
    startSession(c, sealer, key);
    return c.redirect('/app', 303);
  });
  web.post('/app/salir', (c) => {
    if (!sameOrigin(c)) return c.text('Solicitud de otro origen rechazada', 403);
    endSession(c);
    return c.redirect('/app/ingresar', 303);
  });

  // ---- Everything else under /app needs a session
  const requireSession: MiddlewareHandler<Env> = async (c, next) => {
    if (c.req.path === '/app/ingresar') return next();
    const key = sessionKey(c, sealer);
    if (!key) {
      if (c.req.path.startsWith('/app/api/')) return c.json({ error: { kind: 'unauthorized', message: 'Sesión no iniciada' } }, 401);
      return c.redirect('/app/ingresar', 302);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameOrigin(c)) return c.text('Solicitud de otro origen rechazada', 403);
    c.set('apiKey', key);
    // Who is signed in, read on every request: a disabled user or a changed role takes effect at once.
    const who = await get<{ role: Role; user: { name: string } | null }>(c, '/v1/session');
    c.set('role', who.role);
    c.set('userName', who.user?.name ?? null);
    await next();
  };
  web.use('/app', requireSession);
  web.use('/app/*', requireSession);

  const render = async (c: Context<Env>, section: Section, title: string, body: Html, status: 200 | 400 | 403 | 404 | 409 | 422 = 200) => {
    const org = await get<Organization>(c, '/v1/organization');
    return c.html(shell(c, org, title, section, body), status);
  };
  const kit: WebKit = { get, send, render };

  // ---- Role enforcement for pages and form posts (the API enforces the same roles again).
  web.use('/app/*', async (c, next) => {
    const needed = webRoleFor(c.req.method, c.req.path);
    if (!atLeast(c.get('role'), needed)) {
      if (c.req.path.startsWith('/app/api/')) return c.json({ error: { kind: 'forbidden', message: 'Su rol no permite esta operación' } }, 403);
      return forbidden(kit, c);
    }
    await next();
  });
  registerUserPages(web, kit);
  registerOrganizationPages(web, kit);
  registerCatalogPages(web, kit);
  registerNotePages(web, kit);
  registerReceivedPages(web, kit); // received documents and RADIAN events (received.ts)
  web.route('/', createInvoiceEditor({ api, render })); // invoice editor, preview, e-mail re-send (editor.ts)

  // ---- Dashboard
  web.get('/app', async (c) => {
    const [org, dash, ranges, certs] = await Promise.all([
      get<Organization>(c, '/v1/organization'),
      get<Dashboard>(c, '/v1/dashboard'),
      get<{ data: NumberingRange[] }>(c, '/v1/numbering-ranges'),
      get<{ data: Certificate[] }>(c, '/v1/certificates'),
    ]);
    const alerts: Html[] = [];
    if (!org.einvoicingEnabled) alerts.push(html`<p class="alert" role="status">La organización aún no factura electrónicamente. <a href="/app/configuracion">Complete la configuración</a>.</p>`);
    for (const r of ranges.data.filter((x) => x.active)) for (const w of r.warnings) alerts.push(alertBox(`Numeración ${r.prefix} (${KIND_LABEL[r.documentKind] ?? r.documentKind}): ${w}`));
    for (const cert of certs.data.filter((x) => x.active)) for (const w of cert.warnings) alerts.push(alertBox(w, 'bad'));
    const countOf = (status: string) => DOCUMENT_KINDS.reduce((n, k) => n + (dash.sent[k]?.[status] ?? 0), 0);
    const problems = countOf('rejected') + countOf('failed');
    if (problems > 0) alerts.push(html`<p class="alert bad" role="alert">${problems} documento(s) rechazado(s) o fallido(s) en los últimos 30 días. <a href="/app/documentos?status=rejected">Ver rechazados</a> · <a href="/app/documentos?status=failed">Ver fallidos</a></p>`);
    for (const a of dash.acceptanceAttention)
      alerts.push(html`<p class="alert ${a.deadline.state === 'expired' ? 'bad' : 'warn'}" role="status">Factura recibida <a href="/app/recibidos/${encodeURIComponent(a.id)}">${a.number ?? 'sin número'}</a> de ${a.supplier ?? 'proveedor sin nombre'}: ${a.deadline.message}</p>`);
    const invalidReceived = dash.received.invalid ?? 0;
    if (invalidReceived > 0) alerts.push(html`<p class="alert bad" role="alert">${invalidReceived} documento(s) recibido(s) no superaron las verificaciones en los últimos 30 días. <a href="/app/recibidos?status=invalid">Ver inválidos</a></p>`);
    const body = html`
<section aria-labelledby="alertas"><h2 id="alertas">Alertas</h2>${alerts.length ? alerts : html`<p class="muted">Sin alertas.</p>`}</section>
<section aria-labelledby="resumen" class="card"><h2 id="resumen">Documentos enviados desde el ${formatDate(dash.since)} (últimos 30 días)</h2>
<div class="grid">${DOCUMENT_STATUSES.map((s) => html`<div><div class="stat">${countOf(s)}</div><a href="/app/documentos?status=${s}">${STATUS_LABEL[s]}</a></div>`)}</div>
<div class="table-wrap"><table><caption class="muted">Por tipo y estado</caption>
<thead><tr><th scope="col">Tipo</th>${DOCUMENT_STATUSES.map((s) => html`<th scope="col" class="num">${STATUS_LABEL[s]}</th>`)}</tr></thead>
<tbody>${DOCUMENT_KINDS.map((k) => html`<tr><th scope="row">${KIND_LABEL[k]}</th>${DOCUMENT_STATUSES.map((s) => html`<td class="num">${dash.sent[k]?.[s] ?? 0}</td>`)}</tr>`)}</tbody>
</table></div>
</section>
<section aria-labelledby="recibidos" class="card"><h2 id="recibidos">Documentos recibidos de proveedores (últimos 30 días)</h2>
<div class="grid">${RECEIVED_STATUSES.map(([s, label]) => html`<div><div class="stat">${dash.received[s] ?? 0}</div><a href="/app/recibidos?status=${s}">${label}</a></div>`)}<div><div class="stat">${dash.acceptanceAttention.length}</div><a href="/app/recibidos?deadline=due_soon">Con plazo de aceptación por vencer o vencido</a></div></div></section>`;
    return c.html(shell(c, org, 'Tablero', 'tablero', body));
  });

  // ---- Guided set-up
  web.get('/app/configuracion', async (c) => {
    const [org, certs, ranges, progress, readiness] = await Promise.all([
      get<Organization>(c, '/v1/organization'),
      get<{ data: Certificate[] }>(c, '/v1/certificates'),
      get<{ data: NumberingRange[] }>(c, '/v1/numbering-ranges'),
      get<Progress>(c, '/v1/habilitacion'),
      get<Readiness>(c, '/v1/organization/readiness'),
    ]);
    const today = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);
    const cert = certs.data.find((x) => x.active);
    const steps = {
      organization: Boolean(org.nit && org.dv && org.legalName && org.address.municipalityCode && org.responsibilities.length),
      certificate: Boolean(cert && cert.notAfter.slice(0, 10) >= today),
      software: Boolean(org.softwareId && org.hasSoftwarePin && org.testSetId),
      habilitado: org.habilitacionState === 'habilitado',
      numbering: ranges.data.some((r) => r.active && r.documentKind === 'invoice' && r.remaining !== '0' && (!r.validTo || r.validTo >= today)),
    };
    const ready = steps.organization && steps.certificate && steps.software && steps.habilitado && steps.numbering;
    const done = (ok: boolean) => (ok ? badge('done', 'Completo') : badge('in_progress', 'Pendiente'));
    const notice = c.req.query('error') ? alertBox(c.req.query('error')!, 'bad') : c.req.query('ok') ? alertBox(c.req.query('ok')!, 'ok') : '';
    const admin = atLeast(c.get('role'), 'admin');
    const canStart = admin && steps.organization && steps.certificate && steps.software && org.habilitacionState !== 'in_progress' && !steps.habilitado;
    const body = html`${notice}
${admin ? '' : html`<p class="muted">Su rol (${ROLE_LABEL[c.get('role')]}) puede ver la configuración; los cambios los hace un administrador.</p>`}
<p>Siga los pasos en orden. Cada paso muestra si está completo; el último se habilita al completar los anteriores.</p>
<ol class="steps">
<li class="card"><h2>Datos de la organización ${done(steps.organization)}</h2>
<dl class="kv"><dt>NIT</dt><dd>${org.nit}-${org.dv} <span class="muted">(${formatNit(org.nit, org.dv)})</span></dd><dt>Razón social</dt><dd>${org.legalName}</dd>
<dt>Tipo de persona</dt><dd>${org.personType === '1' ? 'Jurídica' : 'Natural'}</dd>
<dt>Responsabilidades</dt><dd>${org.responsibilities.join(', ') || '—'}</dd>
<dt>Régimen</dt><dd>${org.regime ?? '—'}</dd>
<dt>Municipio (DANE)</dt><dd>${org.address.municipalityCode ? `${municipality(org.address.municipalityCode)?.name ?? ''} (${org.address.municipalityCode})` : '—'}</dd><dt>Dirección</dt><dd>${org.address.line ?? '—'}</dd>
<dt>CIIU</dt><dd>${org.industryCodes.join(', ') || '—'}</dd><dt>Correo</dt><dd>${org.email ?? '—'}</dd></dl>
${admin ? html`<p><a class="button" href="/app/organizacion">Editar datos de la organización</a></p>` : ''}</li>
<li class="card"><h2>Certificado de firma ${done(steps.certificate)}</h2>
${cert
    ? html`<dl class="kv"><dt>Titular</dt><dd>${cert.subject}</dd><dt>Emisor</dt><dd>${cert.issuer}</dd><dt>Vigencia</dt><dd>del ${formatDate(cert.notBefore)} al ${formatDate(cert.notAfter)}</dd></dl>${cert.warnings.map((w) => alertBox(w, 'bad'))}`
    : html`<p>No hay certificado cargado.</p>`}
${admin ? html`<details${cert ? '' : ' open'}><summary>${cert ? 'Reemplazar el certificado' : 'Subir el certificado'}</summary>
<form method="post" action="/app/configuracion/certificado" enctype="multipart/form-data">
<label for="p12">Archivo del certificado (.p12 o .pfx)</label><input id="p12" name="p12" type="file" accept=".p12,.pfx,application/x-pkcs12" required>
<label for="p12-password">Contraseña del certificado</label><input id="p12-password" name="password" type="password" autocomplete="off">
<p><button type="submit">Subir certificado</button></p>
</form></details>` : ''}</li>
<li class="card"><h2>Software y habilitación ${done(steps.software && steps.habilitado)}</h2>
<dl class="kv"><dt>SoftwareID</dt><dd>${org.softwareId ?? '—'}</dd><dt>PIN</dt><dd>${org.hasSoftwarePin ? 'Registrado' : 'Falta'}</dd><dt>TestSetId</dt><dd>${org.testSetId ?? '—'}</dd>
<dt>Estado</dt><dd id="estado-habilitacion">${badge(progress.state, HABILITACION_LABEL[progress.state] ?? progress.state)}</dd></dl>
${admin ? html`<details${steps.software ? '' : ' open'}><summary>Datos del software</summary>
<form method="post" action="/app/configuracion/software">
<label for="softwareId">SoftwareID</label><input id="softwareId" name="softwareId" value="${org.softwareId ?? ''}" autocomplete="off">
<label for="softwarePin">PIN del software</label><input id="softwarePin" name="softwarePin" type="password" autocomplete="off" aria-describedby="softwarePin-ayuda"><p id="softwarePin-ayuda" class="muted">${org.hasSoftwarePin ? 'Ya registrado: déjelo vacío para conservarlo.' : 'El PIN que definió al registrar el software en la DIAN.'}</p>
<label for="testSetId">TestSetId (set de pruebas)</label><input id="testSetId" name="testSetId" value="${org.testSetId ?? ''}" autocomplete="off">
<p><button type="submit">Guardar datos del software</button></p>
</form></details>` : ''}
${habilitacionProgress(progress)}
${admin ? html`<form method="post" action="/app/configuracion/habilitacion"><button type="submit"${canStart ? '' : html` disabled aria-disabled="true"`}>${org.habilitacionState === 'rechazado' ? 'Reintentar habilitación' : 'Iniciar habilitación'}</button>
${steps.habilitado ? '' : canStart ? '' : html` <span class="muted">Requiere los datos de la organización, el certificado y los datos del software.</span>`}</form>` : ''}</li>
<li class="card"><h2>Numeración ${done(steps.numbering)}</h2>
${rangesTable(ranges.data)}
<p class="muted">${PREFIX_REMINDER}</p>
<div class="actions">${admin ? html`<form method="post" action="/app/configuracion/numeracion"><button type="submit">Consultar numeración en la DIAN</button></form>` : ''}<a href="/app/numeracion">Ver la numeración${admin ? ' o registrar una resolución a mano' : ''}</a></div></li>
<li class="card"><h2>Facturación electrónica ${done(org.einvoicingEnabled)}</h2>
${admin ? html`<form method="post" action="/app/configuracion/facturacion">
<input type="hidden" name="enabled" value="${org.einvoicingEnabled ? '0' : '1'}">
<p><label style="display:inline;font-weight:400"><input type="checkbox" role="switch" disabled${org.einvoicingEnabled ? ' checked' : ''} style="min-width:0"> La organización maneja facturación electrónica</label></p>
<button type="submit"${ready || org.einvoicingEnabled ? '' : html` disabled aria-disabled="true"`}>${org.einvoicingEnabled ? 'Desactivar' : 'Activar'} facturación electrónica</button>
${ready || org.einvoicingEnabled ? '' : html`<p class="muted">Se habilita al completar los pasos 1 a 4.</p>`}
</form>` : html`<p>${org.einvoicingEnabled ? 'La organización factura electrónicamente.' : 'Aún no activada.'}</p>`}</li>
<li class="card"><h2>Catálogo para facturar</h2>
<ul><li><a href="/app/medios-de-pago">Medios de pago</a> (forma y medio de pago de la DIAN)</li><li><a href="/app/clientes">Clientes</a>, con el correo de recepción de facturas</li><li><a href="/app/productos">Productos y servicios</a>, con sus impuestos</li></ul></li>
${readinessCard(readiness)}
</ol>
${org.habilitacionState === 'in_progress' ? raw(POLL_SCRIPT) : ''}`;
    return c.html(shell(c, org, 'Configuración guiada', 'configuracion', body));
  });
  const back = (c: Context, error: string | undefined, ok: string) => c.redirect(`/app/configuracion?${error ? `error=${encodeURIComponent(error)}` : `ok=${encodeURIComponent(ok)}`}`, 303);
  web.post('/app/configuracion/habilitacion', async (c) => back(c, await post(c, '/v1/habilitacion', {}), 'Habilitación iniciada: el progreso se actualiza solo.'));
  web.post('/app/configuracion/certificado', async (c) => {
    const form = await c.req.parseBody();
    const file = form.p12;
    if (!(file instanceof File) || file.size === 0) return back(c, 'Seleccione el archivo .p12 del certificado.', '');
    const p12Base64 = Buffer.from(await file.arrayBuffer()).toString('base64');
    const password = typeof form.password === 'string' ? form.password : '';
    return back(c, await post(c, '/v1/certificates', { p12Base64, password }), 'Certificado cargado.');
  });
  web.post('/app/configuracion/software', async (c) => {
    const form = await c.req.parseBody();
    const settings: Record<string, string> = {};
    for (const f of ['softwareId', 'softwarePin', 'testSetId']) {
      const v = form[f];
      if (typeof v === 'string' && v.trim() !== '') settings[f] = v.trim();
    }
    return back(c, await post(c, '/v1/organization', settings, 'PATCH'), 'Datos del software guardados.');
  });
  web.post('/app/configuracion/numeracion', async (c) => back(c, await post(c, '/v1/numbering-ranges/sync', undefined), 'Numeración sincronizada con la DIAN.'));
  web.post('/app/configuracion/facturacion', async (c) => {
    const form = await c.req.parseBody();
    const enabled = form.enabled === '1';
    return back(c, await post(c, '/v1/organization/einvoicing', { enabled }), enabled ? 'La organización ya factura electrónicamente.' : 'Facturación electrónica desactivada.');
  });

  // ---- Documents
  web.get('/app/documentos', async (c) => {
    const kind = DOCUMENT_KINDS.find((k) => k === c.req.query('kind'));
    const status = DOCUMENT_STATUSES.find((s) => s === c.req.query('status'));
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    // Customer (identification number), issue dates (AAAA-MM-DD from the date inputs) and one search box for number or CUFE.
    const customer = /^[A-Za-z0-9-]{1,20}$/.test(c.req.query('customer')?.trim() ?? '') ? c.req.query('customer')!.trim() : undefined;
    const dateParam = (name: string) => parseDateInput(c.req.query(name));
    const from = dateParam('from');
    const to = dateParam('to');
    const search = c.req.query('q')?.trim().slice(0, 120) || undefined;
    const filters = { ...(kind && { kind }), ...(status && { status }), ...(customer && { customer }), ...(from && { from }), ...(to && { to }), ...(search && { q: search }) };
    const q = new URLSearchParams({ limit: String(PAGE_SIZE + 1), offset: String(offset), ...filters });
    const [docs, customers] = await Promise.all([
      get<{ data: DocumentView[] }>(c, `/v1/documents?${q}`).then((r) => r.data),
      get<{ data: Array<{ party: { id: string; name: string } }> }>(c, '/v1/customers?limit=200').then((r) => r.data),
    ]);
    const more = docs.length > PAGE_SIZE;
    const link = (o: number) => `/app/documentos?${new URLSearchParams({ ...filters, offset: String(o) })}`;
    const filtered = Object.keys(filters).length > 0;
    const body = html`${c.req.query('ok') ? alertBox(c.req.query('ok')!, 'ok') : ''}
${atLeast(c.get('role'), 'facturador') ? html`<div class="actions"><a class="button" href="/app/facturas/nueva">Nueva factura</a></div>` : ''}
<form class="card filters" method="get" action="/app/documentos" role="search" aria-label="Filtrar documentos">
<div><label for="f-q">Número o CUFE/CUDE</label><input id="f-q" name="q" type="search" value="${search ?? ''}" autocomplete="off" aria-describedby="f-q-ayuda"><p id="f-q-ayuda" class="visually-hidden">Número completo con su prefijo (p. ej. FE1234) o el CUFE/CUDE de 96 caracteres.</p></div>
<div><label for="f-kind">Tipo</label><select id="f-kind" name="kind"><option value="">Todos</option>${DOCUMENT_KINDS.map((k) => html`<option value="${k}"${k === kind ? ' selected' : ''}>${KIND_LABEL[k]}</option>`)}</select></div>
<div><label for="f-status">Estado</label><select id="f-status" name="status"><option value="">Todos</option>${DOCUMENT_STATUSES.map((s) => html`<option value="${s}"${s === status ? ' selected' : ''}>${STATUS_LABEL[s]}</option>`)}</select></div>
<div><label for="f-customer">Cliente (identificación)</label><input id="f-customer" name="customer" list="f-customers" value="${customer ?? ''}" autocomplete="off"><datalist id="f-customers">${customers.map((x) => html`<option value="${x.party.id}">${x.party.name}</option>`)}</datalist></div>
<div><label for="f-from">Desde (dd/mm/aaaa)</label><input id="f-from" name="from" inputmode="numeric" placeholder="dd/mm/aaaa" autocomplete="off" value="${from ? formatDate(from) : ''}"></div>
<div><label for="f-to">Hasta (dd/mm/aaaa)</label><input id="f-to" name="to" inputmode="numeric" placeholder="dd/mm/aaaa" autocomplete="off" value="${to ? formatDate(to) : ''}"></div>
<div><button type="submit">Filtrar</button>${filtered ? html` <a href="/app/documentos">Quitar filtros</a>` : ''}</div>
</form>
${docs.length === 0
    ? html`<p>No hay documentos con estos filtros.</p>`
    : html`<div class="table-wrap"><table><caption class="muted">Documentos emitidos</caption>
<thead><tr><th scope="col">Número</th><th scope="col">Tipo</th><th scope="col">Fecha</th><th scope="col">Cliente</th><th scope="col" class="num">Total</th><th scope="col">Estado</th></tr></thead>
<tbody>${docs.slice(0, PAGE_SIZE).map((d) => html`<tr><td><a href="/app/documentos/${encodeURIComponent(d.id)}">${d.number ?? '(sin número)'}</a></td><td>${KIND_LABEL[d.kind] ?? d.kind}</td><td>${formatDate(d.issueDate)}</td><td>${d.customer.name}<br><span class="muted">${d.customer.id}</span></td><td class="num">${formatCop(d.totals.payable)}</td><td>${badge(d.status, STATUS_LABEL[d.status] ?? d.status)}</td></tr>`)}</tbody>
</table></div>`}
<nav aria-label="Paginación"><p>${offset > 0 ? html`<a href="${link(Math.max(0, offset - PAGE_SIZE))}">« Anteriores</a> ` : ''}${more ? html`<a href="${link(offset + PAGE_SIZE)}">Siguientes »</a>` : ''}</p></nav>`;
    return render(c, 'documentos', 'Documentos', body);
  });
  web.get('/app/documentos/:id', async (c) => {
    const id = c.req.param('id');
    const res = await call(c, 'GET', `/v1/documents/${encodeURIComponent(id)}`);
    if (res.status === 404) return render(c, 'documentos', 'Documento no encontrado', html`<p>El documento no existe o no pertenece a esta organización.</p><p><a href="/app/documentos">Volver a documentos</a></p>`, 404);
    if (!res.ok) throw new Error(`GET documento: ${res.status}`);
    const d = (await res.json()) as DocumentView;
    const base = `/app/api/documents/${encodeURIComponent(d.id)}`;
    const messages = (list: DianMessage[], title: string, tone: 'bad' | 'warn') =>
      list.length ? html`<h3>${title}</h3><ul>${list.map((m) => html`<li class="${tone === 'bad' ? 's-rejected' : ''}"><strong>${m.ruleId}</strong>: ${m.text}</li>`)}</ul>` : '';
    const canNote = d.kind === 'invoice' && atLeast(c.get('role'), 'facturador') && d.status !== 'rejected' && d.status !== 'failed';
    const body = html`${notice(c)}
<p><a href="/app/documentos">« Volver a documentos</a></p>
${canNote ? html`<div class="actions" role="group" aria-label="Corregir esta factura"><a class="button" href="/app/documentos/${encodeURIComponent(d.id)}/nota-credito">Nota crédito</a><a class="button secondary" href="/app/documentos/${encodeURIComponent(d.id)}/nota-debito">Nota débito</a></div>` : ''}
${d.referencedDocumentId ? html`<p>Corrige la factura: <a href="/app/documentos/${encodeURIComponent(d.referencedDocumentId)}">ver la factura</a></p>` : ''}
<section class="card" aria-labelledby="estado"><h2 id="estado">Estado: ${badge(d.status, STATUS_LABEL[d.status] ?? d.status)}</h2>
<dl class="kv"><dt>Tipo</dt><dd>${KIND_LABEL[d.kind] ?? d.kind}</dd><dt>Número</dt><dd>${d.number ?? '—'}</dd>
<dt>Fecha de emisión</dt><dd>${formatDate(d.issueDate)} ${d.issueTime?.slice(0, 8) ?? ''}</dd>
<dt>Ambiente</dt><dd>${d.environment === '1' ? 'Producción' : 'Habilitación (pruebas)'}</dd>
<dt>${d.kind === 'invoice' ? 'CUFE' : 'CUDE'}</dt><dd><code>${d.uuid ?? 'en firma'}</code></dd>
<dt>Cliente</dt><dd>${d.customer.name} (${d.customer.id})</dd>
<dt>Subtotal</dt><dd>${formatCop(d.totals.lineExtension)}</dd><dt>Total con impuestos</dt><dd>${formatCop(d.totals.taxInclusive)}</dd><dt>Total a pagar</dt><dd><strong>${formatCop(d.totals.payable)}</strong> ${d.currency}</dd>
<dt>Intentos de envío</dt><dd>${d.sendAttempts}</dd><dt>Creado</dt><dd>${formatDateTime(d.createdAt)}</dd><dt>Respuesta final</dt><dd>${formatDateTime(d.finalAt)}</dd></dl></section>
<section class="card" aria-labelledby="dian"><h2 id="dian">Respuesta de la DIAN</h2>
${d.dian.statusCode ? html`<p>Código ${d.dian.statusCode}: ${d.dian.statusDescription ?? ''}</p>` : html`<p class="muted">Aún sin respuesta de la DIAN.</p>`}
${messages(d.dian.rejections, 'Rechazos', 'bad')}${messages(d.dian.notifications, 'Notificaciones', 'warn')}
${d.lastError ? alertBox(`Último error: ${d.lastError}`, 'bad') : ''}</section>
<section class="card" aria-labelledby="descargas"><h2 id="descargas">Descargas</h2><ul>
<li><a href="${base}/xml" download>XML firmado</a></li>
<li><a href="${base}/pdf">Representación gráfica (PDF)</a></li>
${d.status === 'accepted' ? html`<li><a href="${base}/zip" download>ZIP para el adquiriente (AttachedDocument + PDF)</a></li>` : ''}
${d.dian.hasApplicationResponse ? html`<li><a href="${base}/application-response" download>ApplicationResponse de la DIAN</a></li>` : ''}
</ul></section>
${await ownInvoiceEventsPanel(kit, c, d)}
${await documentPanels(api, c.get('apiKey'), d, c.req.query())}`;
    return render(c, 'documentos', `${KIND_LABEL[d.kind] ?? 'Documento'} ${d.number ?? ''}`.trim(), body);
  });

  // ---- GET pass-through to the API with the session's key (downloads, progress polling)
  web.get('/app/api/*', async (c) => {
    const url = new URL(c.req.url);
    const res = await call(c, 'GET', `/v1/${url.pathname.slice('/app/api/'.length)}${url.search}`);
    const headers = new Headers();
    for (const h of ['content-type', 'content-disposition']) {
      const v = res.headers.get(h);
      if (v) headers.set(h, v);
    }
    headers.set('cache-control', 'no-store');
    return new Response(res.body, { status: res.status, headers });
  });

  return web;
}

function habilitacionProgress(p: Progress): Html {
  if (!p.run) return '' as unknown as Html;
  const rows: Array<[keyof NonNullable<Progress['run']>['progress'], string]> = [['invoices', 'Facturas'], ['creditNotes', 'Notas crédito'], ['debitNotes', 'Notas débito']];
  const rejected = p.run.documents.filter((d) => d.status === 'rejected');
  return html`<div class="table-wrap" aria-live="polite"><table id="progreso-habilitacion"><caption class="muted">Set de pruebas${p.run.detail ? html`: ${p.run.detail}` : ''}</caption>
<thead><tr><th scope="col">Documentos</th><th scope="col" class="num">Requeridos</th><th scope="col" class="num">Enviados</th><th scope="col" class="num">Aceptados</th><th scope="col" class="num">Rechazados</th></tr></thead>
<tbody>${rows.map(([k, label]) => {
    const r = p.run!.progress[k];
    return html`<tr><th scope="row">${label}</th><td class="num">${r.required}</td><td class="num" data-k="${k}-issued">${r.issued}</td><td class="num" data-k="${k}-accepted">${r.accepted}</td><td class="num" data-k="${k}-rejected">${r.rejected}</td></tr>`;
  })}</tbody></table></div>
${p.run.documents.length ? html`<details${rejected.length ? ' open' : ''}><summary>Documentos del set de pruebas (${p.run.documents.length})</summary><ul>${p.run.documents.map((d) => html`<li><a href="/app/documentos/${encodeURIComponent(d.id)}">${KIND_LABEL[d.kind] ?? d.kind} ${d.number ?? ''}</a> ${badge(d.status, STATUS_LABEL[d.status] ?? d.status)}</li>`)}</ul></details>` : ''}
${rejected.length ? html`<h3>Rechazos de la DIAN</h3><ul>${rejected.map((d) => html`<li>${d.number ?? d.id}: ${d.messages.filter((m) => m.outcome === 'rejection').map((m) => html`<strong>${m.ruleId}</strong> ${m.text}; `)}</li>`)}</ul>` : ''}`;
}

function rangesTable(ranges: NumberingRange[]): Html {
  if (ranges.length === 0) return html`<p>No hay rangos de numeración. Consulte la DIAN o regístrelos con <code>POST /v1/numbering-ranges</code>.</p>`;
  return html`<div class="table-wrap"><table><caption class="muted">Rangos de numeración</caption>
<thead><tr><th scope="col">Tipo</th><th scope="col">Prefijo</th><th scope="col">Resolución</th><th scope="col" class="num">Rango</th><th scope="col" class="num">Siguiente</th><th scope="col" class="num">Disponibles</th><th scope="col">Vigencia</th></tr></thead>
<tbody>${ranges.map((r) => html`<tr><td>${KIND_LABEL[r.documentKind] ?? r.documentKind}</td><td>${r.prefix}</td><td>${r.resolution ?? '—'}</td><td class="num">${r.fromNumber}–${r.toNumber}</td><td class="num">${r.nextNumber}</td><td class="num">${formatCount(r.remaining)}</td><td>${r.validFrom || r.validTo ? `${formatDate(r.validFrom)} al ${formatDate(r.validTo)}` : '—'}${r.warnings.map((w) => html`<br><span class="s-rejected">${w}</span>`)}</td></tr>`)}</tbody></table></div>`;
}

/** Polls the habilitación progress while it runs; updates the counts, reloads when it ends. */
const POLL_SCRIPT = `<script>
(function(){
  function tick(){
    fetch('/app/api/habilitacion',{credentials:'same-origin'}).then(function(r){return r.json();}).then(function(p){
      if(!p.run){return;}
      ['invoices','creditNotes','debitNotes'].forEach(function(k){
        ['issued','accepted','rejected'].forEach(function(f){
          var el=document.querySelector('[data-k="'+k+'-'+f+'"]'); if(el){el.textContent=String(p.run.progress[k][f]);}
        });
      });
      if(p.state!=='in_progress'){location.reload();return;}
      setTimeout(tick,1500);
    }).catch(function(){setTimeout(tick,5000);});
  }
  setTimeout(tick,1500);
})();
</script>`;
