import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { formatDateTime } from './format.js';
import { errorSummary, fieldError, fieldErrors, invalidAttrs, one, readForm, ROLE_LABEL, withNotice, notice, type FieldErrors, type Issue, type Role, type WebEnv, type WebKit } from './kit.js';
import { alertBox, badge, type Html } from './layout.js';

interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

const ROLES: Role[] = ['admin', 'facturador', 'consulta'];
const ROLE_HELP: Record<Role, string> = {
  admin: 'todo: configuración, certificado, habilitación, numeración y usuarios',
  facturador: 'emite facturas y notas; administra clientes, productos y medios de pago',
  consulta: 'solo consulta documentos, clientes y tableros',
};
const IDS = { name: 'u-name', email: 'u-email', role: 'u-role', password: 'u-password' };
const LABELS = { name: 'Nombre', email: 'Correo', role: 'Rol', password: 'Contraseña' };

function roleOptions(selected: Role): Html {
  return html`${ROLES.map((r) => html`<option value="${r}"${r === selected ? ' selected' : ''}>${ROLE_LABEL[r]}</option>`)}`;
}

/**
 * Users of the organization (admin only): list, create or invite (a temporary password shown
 * once), change role, disable/enable, reset a password. `/app/cuenta`: anyone signed in as a
 * user changes their own password.
 */
export function registerUserPages(web: Hono<WebEnv>, kit: WebKit): void {
  const usersPage = async (c: Context<WebEnv>, opts: { top?: Html; values?: Record<string, string>; errors?: FieldErrors; status?: 200 | 422 } = {}) => {
    const users = (await kit.get<{ data: User[] }>(c, '/v1/users')).data;
    const v = opts.values ?? {};
    const e = opts.errors ?? new Map();
    const body = html`${opts.top ?? notice(c)}
<section class="card" aria-labelledby="lista-usuarios"><h2 id="lista-usuarios">Usuarios (${users.length})</h2>
${users.length === 0
    ? html`<p>Aún no hay usuarios: hoy solo se ingresa con la API key. Cree el primer administrador abajo.</p>`
    : html`<div class="table-wrap"><table><caption class="visually-hidden">Usuarios de la organización</caption>
<thead><tr><th scope="col">Nombre</th><th scope="col">Correo</th><th scope="col">Rol</th><th scope="col">Estado</th><th scope="col">Último ingreso</th><th scope="col">Acciones</th></tr></thead>
<tbody>${users.map((u) => html`<tr>
<td>${u.name}</td><td>${u.email}</td>
<td><form method="post" action="/app/usuarios/${u.id}" class="actions" style="margin:0"><input type="hidden" name="accion" value="rol">
<label class="visually-hidden" for="rol-${u.id}">Rol de ${u.name}</label><select id="rol-${u.id}" name="role">${roleOptions(u.role)}</select>
<button type="submit" class="secondary">Cambiar rol</button></form></td>
<td>${u.active ? badge('done', 'Activo') : badge('rejected', 'Desactivado')}</td>
<td>${formatDateTime(u.lastLoginAt)}</td>
<td><form method="post" action="/app/usuarios/${u.id}" class="actions" style="margin:0">
<button type="submit" name="accion" value="${u.active ? 'desactivar' : 'activar'}" class="secondary">${u.active ? 'Desactivar' : 'Activar'}<span class="visually-hidden"> a ${u.name}</span></button>
<button type="submit" name="accion" value="restablecer" class="secondary">Restablecer contraseña<span class="visually-hidden"> de ${u.name}</span></button></form></td>
</tr>`)}</tbody></table></div>`}
</section>
<section class="card" aria-labelledby="nuevo-usuario"><h2 id="nuevo-usuario">Crear o invitar un usuario</h2>
<form method="post" action="/app/usuarios" novalidate>
<div class="form-grid">
<div><label for="${IDS.name}">Nombre</label><input id="${IDS.name}" name="name" required autocomplete="off" value="${v.name ?? ''}"${invalidAttrs(e, 'name', IDS.name)}>${fieldError(e, 'name', IDS.name)}</div>
<div><label for="${IDS.email}">Correo electrónico</label><input id="${IDS.email}" name="email" type="email" required autocomplete="off" value="${v.email ?? ''}"${invalidAttrs(e, 'email', IDS.email)}>${fieldError(e, 'email', IDS.email)}</div>
<div><label for="${IDS.role}">Rol</label><select id="${IDS.role}" name="role" aria-describedby="roles-ayuda">${roleOptions((v.role as Role | undefined) ?? 'facturador')}</select></div>
<div><label for="${IDS.password}">Contraseña inicial (opcional)</label><input id="${IDS.password}" name="password" type="password" autocomplete="new-password" aria-describedby="${IDS.password}-ayuda"${invalidAttrs(e, 'password', IDS.password)}>
<p id="${IDS.password}-ayuda" class="muted">Al menos 10 caracteres. Déjela vacía para generar una contraseña temporal, que se muestra una sola vez.</p>${fieldError(e, 'password', IDS.password)}</div>
</div>
<ul id="roles-ayuda" class="muted">${ROLES.map((r) => html`<li><strong>${ROLE_LABEL[r]}</strong>: ${ROLE_HELP[r]}.</li>`)}</ul>
<p><button type="submit">Crear usuario</button></p>
</form></section>`;
    return kit.render(c, 'usuarios', 'Usuarios', body, opts.status ?? 200);
  };

  web.get('/app/usuarios', (c) => usersPage(c));
  web.post('/app/usuarios', async (c) => {
    const form = await readForm(c);
    const values = { name: one(form, 'name'), email: one(form, 'email'), role: one(form, 'role') };
    const password = one(form, 'password');
    const r = await kit.send<{ user: User; temporaryPassword?: string }>(c, 'POST', '/v1/users', { ...values, ...(password && { password }) });
    if (!r.ok) return usersPage(c, { top: errorSummary(r.message, r.issues, IDS, LABELS), values, errors: fieldErrors(r.issues), status: 422 });
    const top = r.data.temporaryPassword
      ? html`<div class="alert ok" role="status"><p>Usuario ${r.data.user.email} creado como ${ROLE_LABEL[r.data.user.role]}.</p><p>Contraseña temporal (se muestra una sola vez; entréguela por un canal seguro): <code id="contrasena-temporal">${r.data.temporaryPassword}</code></p></div>`
      : alertBox(`Usuario ${r.data.user.email} creado como ${ROLE_LABEL[r.data.user.role]}.`, 'ok');
    return usersPage(c, { top });
  });
  web.post('/app/usuarios/:id', async (c) => {
    const id = c.req.param('id');
    const form = await readForm(c);
    const action = one(form, 'accion');
    const path = `/v1/users/${encodeURIComponent(id)}`;
    if (action === 'restablecer') {
      const temporary = randomBytes(12).toString('base64url');
      const r = await kit.send<User>(c, 'PATCH', path, { password: temporary });
      if (!r.ok) return c.redirect(withNotice('/app/usuarios', { error: r.message }), 303);
      return usersPage(c, { top: html`<div class="alert ok" role="status"><p>Contraseña de ${r.data.email} restablecida.</p><p>Contraseña temporal (se muestra una sola vez): <code id="contrasena-temporal">${temporary}</code></p></div>` });
    }
    const patch = action === 'rol' ? { role: one(form, 'role') } : action === 'desactivar' ? { active: false } : action === 'activar' ? { active: true } : undefined;
    if (!patch) return c.redirect(withNotice('/app/usuarios', { error: 'Acción desconocida' }), 303);
    const r = await kit.send<User>(c, 'PATCH', path, patch);
    if (!r.ok) return c.redirect(withNotice('/app/usuarios', { error: r.message }), 303);
    const done = action === 'rol' ? `Rol de ${r.data.email}: ${ROLE_LABEL[r.data.role]}.` : `Usuario ${r.data.email} ${r.data.active ? 'activado' : 'desactivado'}.`;
    return c.redirect(withNotice('/app/usuarios', { ok: done }), 303);
  });

  // ---- Own account: change the password (user sessions)
  const accountPage = async (c: Context<WebEnv>, top?: Html, issues: Issue[] = [], status: 200 | 422 = 200) => {
    const s = await kit.get<{ role: Role; via: string; user: User | null }>(c, '/v1/session');
    const e = fieldErrors(issues);
    const body = s.user
      ? html`${top ?? notice(c)}<section class="card" aria-labelledby="mi-cuenta"><h2 id="mi-cuenta">${s.user.name}</h2>
<dl class="kv"><dt>Correo</dt><dd>${s.user.email}</dd><dt>Rol</dt><dd>${ROLE_LABEL[s.user.role]}</dd></dl></section>
<section class="card" aria-labelledby="cambiar-contrasena"><h2 id="cambiar-contrasena">Cambiar la contraseña</h2>
<form method="post" action="/app/cuenta" novalidate><div class="form-grid">
<div><label for="actual">Contraseña actual</label><input id="actual" name="currentPassword" type="password" autocomplete="current-password" required${invalidAttrs(e, 'currentPassword', 'actual')}>${fieldError(e, 'currentPassword', 'actual')}</div>
<div><label for="nueva">Contraseña nueva (al menos 10 caracteres)</label><input id="nueva" name="newPassword" type="password" autocomplete="new-password" required minlength="10"${invalidAttrs(e, 'newPassword', 'nueva')}>${fieldError(e, 'newPassword', 'nueva')}</div>
</div><p><button type="submit">Cambiar contraseña</button></p></form></section>`
      : html`<p>Ingresó con la API key de la organización (actúa como administrador). Las contraseñas son de los usuarios: adminístrelos en <a href="/app/usuarios">Usuarios</a>.</p>`;
    return kit.render(c, 'none', 'Mi cuenta', body, status);
  };
  web.get('/app/cuenta', (c) => accountPage(c));
  web.post('/app/cuenta', async (c) => {
    const form = await readForm(c);
    const r = await kit.send(c, 'POST', '/v1/users/me/password', { currentPassword: one(form, 'currentPassword'), newPassword: one(form, 'newPassword') });
    if (!r.ok) return accountPage(c, errorSummary(r.message, r.issues, { currentPassword: 'actual', newPassword: 'nueva' }, { currentPassword: 'Contraseña actual', newPassword: 'Contraseña nueva' }), r.issues, 422);
    return accountPage(c, alertBox('Contraseña cambiada.', 'ok'));
  });
}
