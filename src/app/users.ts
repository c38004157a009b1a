/**
 * Organization users and their sign-in (issue #7). People sign in with NIT + e-mail + password
 * and get a session token; machines keep using API keys (which act as `admin`).
 *
 * Passwords: scrypt (N=2^15, r=8, p=1, 16-byte random salt, 32-byte key), stored as
 * `scrypt$N$r$p$salt$hash`; checked with `timingSafeEqual`. A login for an unknown e-mail
 * still runs one scrypt, so the answer time does not tell which e-mails exist.
 *
 * Session tokens: `pvu_<sealed>`, the user ID, organization ID and issue time sealed with the
 * master key (AES-GCM). Every request re-reads the user, so disabling a user or changing a role
 * takes effect at once; tokens expire after {@link USER_TOKEN_TTL_MS}.
 */
import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AppDeps } from './context.js';
import { AppError, notFound } from './errors.js';
import { requireOrganization } from './organizations.js';
import type { UserRecord, UserRole, UserStore } from './ports.js';

/** What the user use cases need. */
export interface UserDeps {
  app: AppDeps;
  users: UserStore;
}

/** The roles, most powerful first. */
export const USER_ROLES = ['admin', 'facturador', 'consulta'] as const satisfies readonly UserRole[];

/** Spanish names of the roles. */
export const ROLE_LABEL: Record<UserRole, string> = { admin: 'Administrador', facturador: 'Facturador', consulta: 'Consulta' };

/** A session token lasts this long (same as the web session). */
export const USER_TOKEN_TTL_MS = 12 * 3_600_000;

/** Prefix of user session tokens (API keys start with `pv_`). */
export const USER_TOKEN_PREFIX = 'pvu_';

const MIN_PASSWORD = 10;
const password = z.string().min(MIN_PASSWORD, `La contraseña debe tener al menos ${MIN_PASSWORD} caracteres`).max(200);
const email = z.email('Correo electrónico inválido').max(320).transform((e) => e.trim().toLowerCase());
const role = z.enum(USER_ROLES, { message: 'Rol: admin, facturador o consulta' });

/** Create (or invite) a user. Without `password` a temporary one is generated and returned once. */
export const userInputSchema = z.object({
  email,
  name: z.string().trim().min(1, 'No puede estar vacío').max(200),
  role,
  password: password.optional(),
});
/** Change a user: name, role, active, or set a new password. */
export const userPatchSchema = z.object({
  name: z.string().trim().min(1, 'No puede estar vacío').max(200).optional(),
  role: role.optional(),
  active: z.boolean().optional(),
  password: password.optional(),
});
/** Sign-in with the organization's NIT, e-mail and password. */
export const loginSchema = z.object({
  nit: z.string().trim().regex(/^\d{5,15}$/, 'NIT sin puntos ni dígito de verificación'),
  email,
  password: z.string().min(1, 'Escriba la contraseña').max(200),
});
/** A user changing their own password. */
export const passwordChangeSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password });

/** A user as the API shows it (never the hash). */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** The public view of a user. */
export function viewUser(u: UserRecord): UserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt.toISOString(), lastLoginAt: u.lastLoginAt?.toISOString() ?? null };
}

const SCRYPT = { N: 32768, r: 8, p: 1, keyLength: 32 } as const;

function derive(secret: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a password with scrypt and a fresh random salt. */
export async function hashPassword(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length < 16) return false;
  const key = await derive(secret, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(key, expected);
}

/** A hash of a random password: verified against when the e-mail is unknown (same timing). */
let decoy: Promise<string> | undefined;

/** A readable temporary password (invitations). */
function temporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Creates a user; a missing password is generated and returned once (`temporaryPassword`). */
export async function createUser(d: UserDeps, organizationId: string, input: z.output<typeof userInputSchema>): Promise<{ user: UserRecord; temporaryPassword?: string }> {
  await requireOrganization(d.app, organizationId);
  const generated = input.password === undefined ? temporaryPassword() : undefined;
  const now = d.app.clock.now();
  const user = await d.users.createUser({
    id: randomUUID(),
    organizationId,
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password ?? generated!),
    active: true,
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
  });
  if (!user) throw new AppError('conflict', `Ya existe un usuario con el correo ${input.email} en la organización`, { issues: [{ path: 'email', message: 'Correo repetido' }] });
  await d.app.store.audit({ organizationId, entryType: 'state_change', entity: 'user', entityId: user.id, action: 'created', toState: user.role, createdAt: now });
  return { user, ...(generated && { temporaryPassword: generated }) };
}

/** The organization's users. */
export function listUsers(d: UserDeps, organizationId: string): Promise<UserRecord[]> {
  return d.users.listUsers(organizationId);
}

/** Loads a user or fails with not_found. */
export async function requireUser(d: UserDeps, organizationId: string, id: string): Promise<UserRecord> {
  const u = await d.users.getUser(organizationId, id);
  if (!u) throw notFound('Usuario');
  return u;
}

/**
 * Changes a user's name, role, state or password. The organization always keeps one active
 * admin: demoting or disabling the last one is refused.
 */
export async function updateUser(d: UserDeps, organizationId: string, id: string, patch: z.output<typeof userPatchSchema>): Promise<UserRecord> {
  const before = await requireUser(d, organizationId, id);
  const losesAdmin = before.role === 'admin' && before.active && ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);
  if (losesAdmin && (await d.users.countActiveAdmins(organizationId)) <= 1) {
    throw new AppError('unexpected_state', 'La organización debe conservar al menos un administrador activo');
  }
  const now = d.app.clock.now();
  const updated = await d.users.updateUser(
    organizationId,
    id,
    {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.active !== undefined && { active: patch.active }),
      ...(patch.password !== undefined && { passwordHash: await hashPassword(patch.password) }),
    },
    now,
  );
  if (!updated) throw notFound('Usuario');
  if (patch.role !== undefined && patch.role !== before.role) await d.app.store.audit({ organizationId, entryType: 'state_change', entity: 'user', entityId: id, action: 'role', fromState: before.role, toState: patch.role, createdAt: now });
  if (patch.active !== undefined && patch.active !== before.active) await d.app.store.audit({ organizationId, entryType: 'state_change', entity: 'user', entityId: id, action: patch.active ? 'enabled' : 'disabled', fromState: String(before.active), toState: String(patch.active), createdAt: now });
  return updated;
}

/** A user changes their own password (the current one is required). */
export async function changeOwnPassword(d: UserDeps, organizationId: string, id: string, input: z.output<typeof passwordChangeSchema>): Promise<void> {
  const u = await requireUser(d, organizationId, id);
  if (!(await verifyPassword(input.currentPassword, u.passwordHash))) throw new AppError('invalid_data', 'La contraseña actual no es correcta', { issues: [{ path: 'currentPassword', message: 'Incorrecta' }] });
  await d.users.updateUser(organizationId, id, { passwordHash: await hashPassword(input.newPassword) }, d.app.clock.now());
}

/** Signs a user in; the token, or undefined for any wrong NIT, e-mail, password or a disabled user. */
export async function login(d: UserDeps, input: z.output<typeof loginSchema>): Promise<{ token: string; user: UserRecord; expiresAt: Date } | undefined> {
  const org = await d.app.store.findOrganizationByNit(input.nit);
  const user = org ? await d.users.findUserByEmail(org.id, input.email) : undefined;
  if (!user) {
    decoy ??= hashPassword(temporaryPassword());
    await verifyPassword(input.password, await decoy);
    return undefined;
  }
  if (!(await verifyPassword(input.password, user.passwordHash)) || !user.active) return undefined;
  const now = d.app.clock.now();
  await d.users.updateUser(user.organizationId, user.id, { lastLoginAt: now }, now);
  return { token: issueUserToken(d.app, user, now), user, expiresAt: new Date(now.getTime() + USER_TOKEN_TTL_MS) };
}

/** A session token for a user (sealed with the master key). */
export function issueUserToken(deps: AppDeps, user: UserRecord, now: Date): string {
  return USER_TOKEN_PREFIX + deps.secrets.seal(JSON.stringify({ u: user.id, o: user.organizationId, t: now.getTime() }));
}

/** True when a bearer credential is a user session token (not an API key). */
export function isUserToken(credential: string): boolean {
  return credential.startsWith(USER_TOKEN_PREFIX);
}

/** The active user behind a session token, or undefined (tampered, expired, disabled, unknown). */
export async function authenticateUserToken(d: UserDeps, token: string): Promise<UserRecord | undefined> {
  if (!isUserToken(token)) return undefined;
  let claims: { u?: unknown; o?: unknown; t?: unknown };
  try {
    claims = JSON.parse(d.app.secrets.open(token.slice(USER_TOKEN_PREFIX.length)).toString('utf8')) as typeof claims;
  } catch {
    return undefined;
  }
  if (typeof claims.u !== 'string' || typeof claims.o !== 'string' || typeof claims.t !== 'number') return undefined;
  const now = d.app.clock.now().getTime();
  if (now - claims.t > USER_TOKEN_TTL_MS || claims.t > now + 60_000) return undefined;
  const user = await d.users.getUser(claims.o, claims.u);
  return user?.active ? user : undefined;
}

/**
 * What a role may do through the API. Reading is open to every role; writing documents and
 * the catalog (customers, items, payment methods), received documents and their events needs
 * `facturador`; everything else (organization settings, certificate, habilitación, numbering,
 * reception settings, users) needs `admin`.
 * Unknown write paths default to admin.
 */
export function roleAllows(userRole: UserRole, method: string, path: string): boolean {
  if (userRole === 'admin') return true;
  if (path === '/v1/users/me' || path === '/v1/users/me/password' || path === '/v1/session') return true;
  if (path.startsWith('/v1/users')) return false;
  if (method === 'GET' || method === 'HEAD') return true;
  if (userRole === 'consulta') return false;
  return FACTURADOR_WRITES.some((p) => path === p || path.startsWith(`${p}/`));
}

// Received documents and their RADIAN events (acuse, recibo, aceptación, reclamo) are daily work too.
const FACTURADOR_WRITES = ['/v1/documents', '/v1/customers', '/v1/items', '/v1/payment-methods', '/v1/received-documents', '/v1/events'];
