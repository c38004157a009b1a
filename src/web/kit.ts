import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { alertBox, type Html, type Section } from './layout.js';

/** Role of the signed-in person (an API key acts as admin). */
export type Role = 'admin' | 'facturador' | 'consulta';

/** Spanish names of the roles. */
export const ROLE_LABEL: Record<Role, string> = { admin: 'Administrador', facturador: 'Facturador', consulta: 'Consulta' };

const RANK: Record<Role, number> = { consulta: 1, facturador: 2, admin: 3 };

/** True when `role` includes what `needed` may do (admin ⊃ facturador ⊃ consulta). */
export function atLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Request variables of the web app: the bearer credential (API key or user token), role and who. */
export type WebEnv = { Variables: { apiKey: string; role: Role; userName: string | null } };

/** One problem the API reported about a field. */
export interface Issue {
  path?: string;
  message?: string;
  ruleId?: string;
  /** DIAN's severity where the issue is a rule finding (notifications do not block). */
  severity?: 'rejection' | 'notification';
}

/** An API answer: the body, or the Spanish message and field issues. */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; message: string; issues: Issue[] };

/** What page modules need from the web app: API access and the page shell. */
export interface WebKit {
  /** GET that must succeed (else the generic error page). */
  get<T>(c: Context<WebEnv>, path: string): Promise<T>;
  /** Any call; failures come back as values with the API's Spanish message and issues. */
  send<T = unknown>(c: Context<WebEnv>, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>>;
  /** Renders a page with the navigation for the session's role. */
  render(c: Context<WebEnv>, section: Section, title: string, body: Html, status?: 200 | 400 | 403 | 404 | 409 | 422): Promise<Response>;
}

/** The 403 page: the session's role does not allow this page or action. */
export function forbidden(kit: WebKit, c: Context<WebEnv>): Promise<Response> {
  return kit.render(c, 'none', 'Sin permiso', html`${alertBox(`Su rol (${ROLE_LABEL[c.get('role')]}) no permite esta página o acción. Pida a un administrador de la organización que le asigne otro rol.`, 'bad')}<p><a href="/app">Volver al tablero</a></p>`, 403);
}

/** A form as parsed by Hono: string fields (files ignored); repeated names become arrays. */
export type Form = Record<string, string | string[]>;

/** Parses a urlencoded or multipart form body into strings (all values of repeated names kept). */
export async function readForm(c: Context): Promise<Form> {
  const raw = await c.req.parseBody({ all: true });
  const out: Form = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** A single trimmed value ('' when absent). */
export function one(form: Form, name: string): string {
  const v = form[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

/** All values of a repeated field (checkbox groups), trimmed, without empties. */
export function many(form: Form, name: string): string[] {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim()).filter((x) => x !== '');
}

/** Field errors by API path (e.g. `party.address.municipalityCode`). */
export type FieldErrors = Map<string, string>;

/** Indexes the API's issues by field path. */
export function fieldErrors(issues: Issue[]): FieldErrors {
  const m: FieldErrors = new Map();
  for (const i of issues) if (i.path && i.message && !m.has(i.path)) m.set(i.path, i.message);
  return m;
}

/**
 * The error summary at the top of a form (role=alert): the API's message and each issue as a
 * link to its field. `ids` maps API paths to input IDs; unknown paths are listed without link.
 */
export function errorSummary(message: string, issues: Issue[], ids: Record<string, string> = {}, labels: Record<string, string> = {}): Html {
  return html`<div class="alert bad" role="alert" tabindex="-1" id="errores"><p><strong>${message}</strong></p>${issues.length
    ? html`<ul>${issues.map((i) => {
        const id = i.path ? ids[i.path] : undefined;
        const label = (i.path && labels[i.path]) ?? i.path ?? '';
        const text = html`${i.ruleId ? html`<strong>${i.ruleId}</strong> ` : ''}${label ? `${label}: ` : ''}${i.message ?? ''}`;
        return html`<li>${id ? html`<a href="#${id}">${text}</a>` : text}</li>`;
      })}</ul>`
    : ''}</div>${raw(FOCUS_ERRORS)}`;
}

/** Moves keyboard focus to the error summary so screen readers announce it first. */
const FOCUS_ERRORS = `<script>(function(){var e=document.getElementById('errores');if(e){e.focus();}})();</script>`;

/** Attributes that tie an input to its error message (aria-invalid, aria-describedby). */
export function invalidAttrs(errors: FieldErrors, path: string, id: string): Html {
  return errors.has(path) ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

/** The inline error under a field, when there is one. */
export function fieldError(errors: FieldErrors, path: string, id: string): Html {
  const m = errors.get(path);
  return m ? html`<p class="field-error" id="${id}-error">${m}</p>` : html``;
}

/** Redirect target with a one-line notice (`?ok=` or `?error=`). */
export function withNotice(path: string, notice: { ok?: string; error?: string }): string {
  const q = new URLSearchParams();
  if (notice.error) q.set('error', notice.error);
  else if (notice.ok) q.set('ok', notice.ok);
  return `${path}${path.includes('?') ? '&' : '?'}${q}`;
}

/** The notice carried by `?ok=` / `?error=`, as an alert. */
export function notice(c: Context): Html | '' {
  const error = c.req.query('error');
  const ok = c.req.query('ok');
  return error ? alertBox(error, 'bad') : ok ? alertBox(ok, 'ok') : '';
}

/** Pages that show a form to change data: they need the role that may submit it. */
const FACTURADOR_PAGES = [/^\/app\/(clientes|productos|medios-de-pago)\/(nuevo|[^/]+\/editar)$/, /^\/app\/documentos\/[^/]+\/nota-(credito|debito)$/, /^\/app\/facturas\/nueva$/];
const ADMIN_PAGES = [/^\/app\/usuarios(\/|$)/, /^\/app\/organizacion(\/|$)/];
/** Form posts a facturador may make: documents and the catalog (same split as the API). */
const FACTURADOR_WRITES = /^\/app\/(clientes|productos|medios-de-pago|documentos|facturas|recibidos|api\/(documents|customers|items|payment-methods|received-documents|events))(\/|$)/;

/**
 * The role a web request needs. Reading is for everyone; changing documents and the catalog
 * needs `facturador`; settings, certificate, habilitación, numbering, organization data and
 * users need `admin`. Any other form post defaults to `admin`. The own-account pages and
 * signing out are for everyone.
 */
export function webRoleFor(method: string, path: string): Role {
  if (path === '/app/salir' || path === '/app/cuenta' || path.startsWith('/app/cuenta/')) return 'consulta';
  if (ADMIN_PAGES.some((r) => r.test(path))) return 'admin';
  if (method === 'GET' || method === 'HEAD') return FACTURADOR_PAGES.some((r) => r.test(path)) ? 'facturador' : 'consulta';
  return FACTURADOR_WRITES.test(path) ? 'facturador' : 'admin';
}
