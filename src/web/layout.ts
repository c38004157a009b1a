import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** An HTML fragment (escaped by `html`; interpolated values are escaped). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const CSS = `
:root{--fg:#1d2733;--muted:#5b6775;--bg:#f6f7f9;--card:#fff;--line:#d9dee5;--brand:#0b5cab;--ok:#17703a;--warn:#8a5a00;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--brand)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.top{background:var(--brand);color:#fff}
header.top .bar{max-width:72rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
header.top a{color:#fff;text-decoration:none}header.top a[aria-current=page]{text-decoration:underline;font-weight:600}
header.top .brand{font-weight:700;font-size:1.2rem;margin-right:auto}
header.top nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
header.top form{margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin-bottom:1rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.stat{font-size:2rem;font-weight:700}
table{width:100%;border-collapse:collapse;background:var(--card)}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:999px;font-size:.85rem;border:1px solid currentColor}
.s-accepted,.s-habilitado,.s-done{color:var(--ok)}.s-rejected,.s-failed,.s-rechazado{color:var(--bad)}.s-queued,.s-in_progress{color:var(--warn)}
.alert{border-left:4px solid var(--warn);background:#fff8e5;padding:.75rem 1rem;margin:0 0 .75rem}
.alert.bad{border-color:var(--bad);background:#fdecea}.alert.ok{border-color:var(--ok);background:#e8f5ec}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select,button{font:inherit;padding:.5rem .75rem;border:1px solid var(--line);border-radius:6px}
input,select{background:#fff;min-width:12rem}
button{background:var(--brand);color:#fff;border-color:var(--brand);cursor:pointer}
button.link{background:none;border:none;color:inherit;text-decoration:underline;padding:0}
button[disabled]{background:#9aa6b2;border-color:#9aa6b2;cursor:not-allowed}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
ol.steps{list-style:none;padding:0;counter-reset:step}
ol.steps>li{counter-increment:step}
ol.steps h2::before{content:counter(step) ". "}
h2{font-size:1.2rem;margin:.25rem 0 .75rem}
.muted{color:var(--muted)}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dl.kv dt{font-weight:600}dl.kv dd{margin:0;overflow-wrap:anywhere}
fieldset{border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem 1rem;margin:0 0 1rem}
legend{font-weight:700;padding:0 .25rem}
.form-grid{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}
.form-grid input,.form-grid select,.form-grid textarea{width:100%}
textarea{font:inherit;padding:.5rem .75rem;border:1px solid var(--line);border-radius:6px;width:100%;min-height:4rem}
.checks{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}.checks label{font-weight:400;display:flex;gap:.4rem;align-items:center;margin:.25rem 0}.checks input{min-width:0}
.nit-dv,.dane{display:grid;gap:0 1rem;grid-template-columns:minmax(10rem,22rem) 6rem}.dane{grid-template-columns:repeat(auto-fit,minmax(14rem,1fr))}
.nit-dv input,.dane select{width:100%;min-width:0}
.nit-dv .dv-estado{grid-column:1/-1;margin:.25rem 0 0}
input.dv{min-width:0;width:5rem}
[aria-invalid=true]{border-color:var(--bad);box-shadow:0 0 0 1px var(--bad)}
.field-error{color:var(--bad);margin:.25rem 0 0;font-size:.95rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0}
.button{display:inline-block;padding:.5rem .75rem;border-radius:6px;background:var(--brand);color:#fff;text-decoration:none;border:1px solid var(--brand)}
.button.secondary,button.secondary{background:#fff;color:var(--brand)}
.who{font-size:.9rem;opacity:.95}
td input,td select{min-width:0;width:100%}td.num input{text-align:right}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){dl.kv{grid-template-columns:1fr}header.top .brand{width:100%}.nit-dv{grid-template-columns:1fr 5rem}main{padding:.75rem}th,td{padding:.4rem}}
`;

/** Which section of the navigation is current. */
export type Section = 'tablero' | 'configuracion' | 'facturar' | 'documentos' | 'recibidos' | 'clientes' | 'productos' | 'usuarios' | 'none';

/** Role needed to see a navigation entry (entries without one are for everyone). */
type NavRole = 'admin' | 'facturador' | 'consulta';

const NAV: Array<[Section, string, string, NavRole?]> = [
  ['tablero', '/app', 'Tablero'],
  ['facturar', '/app/facturas/nueva', 'Nueva factura', 'facturador'],
  ['documentos', '/app/documentos', 'Documentos'],
  ['recibidos', '/app/recibidos', 'Recibidos'],
  ['clientes', '/app/clientes', 'Clientes'],
  ['productos', '/app/productos', 'Productos'],
  ['configuracion', '/app/configuracion', 'Configuración'],
  ['usuarios', '/app/usuarios', 'Usuarios', 'admin'],
];

/** The page shell: Spanish, skip link, navigation (when signed in), main landmark. */
export function page(opts: { title: string; section: Section; organization?: string; body: Html; role?: NavRole; who?: string }): Html {
  const signedIn = opts.section !== 'none' || opts.role !== undefined;
  const role = opts.role ?? 'admin';
  const rank = { consulta: 1, facturador: 2, admin: 3 } as const;
  const nav = NAV.filter(([, , , needed]) => needed === undefined || rank[role] >= rank[needed]);
  return html`<!doctype html>
<html lang="es-CO">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · Previa</title>
<style>${raw(CSS)}</style>
</head>
<body>
<a class="skip" href="#contenido">Saltar al contenido</a>
<header class="top"><div class="bar">
<a class="brand" href="/app">Previa${opts.organization ? html` · <span>${opts.organization}</span>` : ''}</a>
${signedIn
    ? html`<nav aria-label="Principal"><ul>${nav.map(([s, href, label]) => html`<li><a href="${href}"${s === opts.section ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul></nav>
${opts.who ? html`<a class="who" href="/app/cuenta" title="Mi cuenta">${opts.who}</a>` : ''}
<form method="post" action="/app/salir"><button class="link" type="submit">Salir</button></form>`
    : ''}
</div></header>
<main id="contenido" tabindex="-1">
<h1>${opts.title}</h1>
${opts.body}
</main>
</body>
</html>`;
}

/** A coloured state badge with its Spanish label. */
export function badge(state: string, label: string): Html {
  return html`<span class="badge s-${state}">${label}</span>`;
}

/** An alert box (role=alert for errors, status otherwise). */
export function alertBox(text: string, tone: 'warn' | 'bad' | 'ok' = 'warn'): Html {
  return html`<p class="alert${tone === 'warn' ? '' : ` ${tone}`}" role="${tone === 'bad' ? 'alert' : 'status'}">${text}</p>`;
}
