import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { requireOrganization } from '../app/organizations.js';
import type { UserStore } from '../app/ports.js';
import { authenticateUserToken, changeOwnPassword, createUser, isUserToken, listUsers, login, loginSchema, passwordChangeSchema, requireUser, updateUser, userInputSchema, userPatchSchema, viewUser, type UserDeps } from '../app/users.js';
import { errorBody } from './errors.js';

type Env = { Variables: { organizationId: string } };

const T = [{ apiKey: [] }];
const A = [{ adminKey: [] }];
const ANY = z.any().openapi({ description: 'Ver el esquema de la respuesta en la descripción' });
const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } }, required: true });
const ok = (description: string) => ({ 200: { description, content: { 'application/json': { schema: ANY } } } });
const created = (description: string) => ({ 201: { description, content: { 'application/json': { schema: ANY } } } });

/** Failed sign-ins allowed per NIT + e-mail in {@link THROTTLE_WINDOW_MS}; then 429 until the window passes. */
const MAX_FAILURES = 10;
const THROTTLE_WINDOW_MS = 15 * 60_000;

/** The bearer credential of the request (API key or user session token). */
function bearer(c: Context): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/**
 * Organization users (issue #7): sign-in with NIT + e-mail + password (→ session token used as
 * `Authorization: Bearer`), the caller's session, and user administration (role admin, or an
 * API key). The role checks of every other route live in the tenant middleware (`roleAllows`).
 */
export function registerUserRoutes(app: OpenAPIHono<Env>, deps: AppDeps, users: UserStore | undefined): void {
  const d = (): UserDeps => {
    if (!users) throw new AppError('unexpected_state', 'Los usuarios de la organización no están disponibles en este servidor');
    return { app: deps, users };
  };
  const failures = new Map<string, { count: number; since: number }>();

  app.openapi(
    createRoute({ method: 'post', path: '/v1/auth/login', tags: ['Usuarios'], summary: 'Ingresar con NIT, correo y contraseña (devuelve un token de sesión de 12 horas)', request: { body: json(loginSchema) }, responses: { ...ok('Token de sesión (úselo como Authorization: Bearer), usuario y organización'), 401: { description: 'Datos de ingreso incorrectos', content: { 'application/json': { schema: ANY } } }, 429: { description: 'Demasiados intentos fallidos', content: { 'application/json': { schema: ANY } } } } }),
    async (c) => {
      const input = c.req.valid('json');
      const key = `${input.nit}|${input.email}`;
      const now = Date.now();
      const f = failures.get(key);
      if (f && now - f.since > THROTTLE_WINDOW_MS) failures.delete(key);
      // Bounded memory: forget expired windows when many distinct NIT + e-mail pairs failed.
      if (failures.size > 10_000) for (const [k, v] of failures) if (now - v.since > THROTTLE_WINDOW_MS) failures.delete(k);
      if ((failures.get(key)?.count ?? 0) >= MAX_FAILURES) return c.json(errorBody('too_many_requests', 'Demasiados intentos fallidos. Espere 15 minutos e intente de nuevo.'), 429) as never;
      const r = await login(d(), input);
      if (!r) {
        const cur = failures.get(key) ?? { count: 0, since: now };
        failures.set(key, { count: cur.count + 1, since: cur.since });
        return c.json(errorBody('unauthorized', 'NIT, correo o contraseña incorrectos, o usuario desactivado'), 401) as never;
      }
      failures.delete(key);
      const org = await requireOrganization(deps, r.user.organizationId);
      return c.json({ token: r.token, expiresAt: r.expiresAt.toISOString(), user: viewUser(r.user), organization: { id: org.id, nit: org.nit, legalName: org.legalName } }, 200);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/v1/session', tags: ['Usuarios'], summary: 'Quién llama: rol y usuario (null con API key, que actúa como administrador)', security: T, responses: ok('Sesión') }), async (c) => {
    const token = bearer(c);
    const user = token && isUserToken(token) && users ? await authenticateUserToken(d(), token) : undefined;
    return c.json({ organizationId: c.get('organizationId'), role: user?.role ?? 'admin', via: user ? 'user' : 'api_key', user: user ? viewUser(user) : null }, 200);
  });

  app.openapi(createRoute({ method: 'get', path: '/v1/users', tags: ['Usuarios'], summary: 'Usuarios de la organización (administrador)', security: T, responses: ok('Usuarios') }), async (c) => {
    return c.json({ data: (await listUsers(d(), c.get('organizationId'))).map(viewUser) }, 200);
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/users', tags: ['Usuarios'], summary: 'Crear o invitar un usuario (sin contraseña se genera una temporal, mostrada una sola vez)', security: T, request: { body: json(userInputSchema) }, responses: created('Usuario (y contraseña temporal si se generó)') }), async (c) => {
    const r = await createUser(d(), c.get('organizationId'), c.req.valid('json'));
    return c.json({ user: viewUser(r.user), ...(r.temporaryPassword && { temporaryPassword: r.temporaryPassword }) }, 201);
  });
  app.openapi(createRoute({ method: 'get', path: '/v1/users/{id}', tags: ['Usuarios'], summary: 'Usuario', security: T, request: { params: idParam }, responses: ok('Usuario') }), async (c) => {
    return c.json(viewUser(await requireUser(d(), c.get('organizationId'), c.req.valid('param').id)), 200);
  });
  app.openapi(createRoute({ method: 'patch', path: '/v1/users/{id}', tags: ['Usuarios'], summary: 'Cambiar nombre, rol, estado (desactivar/activar) o contraseña', security: T, request: { params: idParam, body: json(userPatchSchema) }, responses: ok('Usuario') }), async (c) => {
    return c.json(viewUser(await updateUser(d(), c.get('organizationId'), c.req.valid('param').id, c.req.valid('json'))), 200);
  });
  app.openapi(createRoute({ method: 'post', path: '/v1/users/me/password', tags: ['Usuarios'], summary: 'Cambiar la propia contraseña (sesión de usuario)', security: T, request: { body: json(passwordChangeSchema) }, responses: { 204: { description: 'Contraseña cambiada' } } }), async (c) => {
    const token = bearer(c);
    const user = token && isUserToken(token) ? await authenticateUserToken(d(), token) : undefined;
    if (!user) throw new AppError('unexpected_state', 'Solo un usuario con sesión puede cambiar su contraseña (no una API key)');
    await changeOwnPassword(d(), user.organizationId, user.id, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.openapi(createRoute({ method: 'post', path: '/v1/admin/organizations/{id}/users', tags: ['Administración'], summary: 'Crear un usuario de una organización (p. ej. su primer administrador)', security: A, request: { params: idParam, body: json(userInputSchema) }, responses: created('Usuario (y contraseña temporal si se generó)') }), async (c) => {
    const r = await createUser(d(), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ user: viewUser(r.user), ...(r.temporaryPassword && { temporaryPassword: r.temporaryPassword }) }, 201);
  });
}
