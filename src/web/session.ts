import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** Seals and opens secrets (the platform's master-key box, `SecretBox` in app/ports). */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): { toString(encoding: 'utf8'): string };
}

/** Cookie holding the sealed API key of the signed-in organization. */
export const SESSION_COOKIE = 'previa_sesion';

/** A session lasts at most this long, then the login page asks for the key again. */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

function secure(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/**
 * Starts a session: the API key is sealed with the master key (so the cookie never carries it
 * in clear) together with the time it was issued, in an HttpOnly, SameSite=Lax cookie.
 */
export function startSession(c: Context, sealer: Sealer, apiKey: string, now = Date.now()): void {
  const value = sealer.seal(JSON.stringify({ k: apiKey, t: now }));
  setCookie(c, SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(c), maxAge: SESSION_MAX_AGE_SECONDS });
}

/** The API key of the current session, or undefined (absent, tampered with or expired). */
export function sessionKey(c: Context, sealer: Sealer, now = Date.now()): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  if (!value) return undefined;
  try {
    const { k, t } = JSON.parse(sealer.open(value).toString('utf8')) as { k?: unknown; t?: unknown };
    if (typeof k !== 'string' || typeof t !== 'number') return undefined;
    if (now - t > SESSION_MAX_AGE_SECONDS * 1000 || t > now + 60_000) return undefined;
    return k;
  } catch {
    return undefined;
  }
}

/** Ends the session. */
export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
}
