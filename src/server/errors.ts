import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type AppErrorKind, type FieldIssue } from '../app/errors.js';

/** HTTP status of each application error kind. Unknown tenants' resources are 404, never 403. */
export const STATUS_OF: Record<AppErrorKind, ContentfulStatusCode> = {
  invalid_data: 422,
  not_found: 404,
  conflict: 409,
  unexpected_state: 409,
  dian_unavailable: 503,
};

/** The one error body: `{ error: { kind, message, issues[], ...detail } }`. */
export function errorBody(kind: string, message: string, issues: FieldIssue[] = [], detail?: Record<string, unknown>) {
  return { error: { kind, message, issues, ...(detail ?? {}) } };
}

/**
 * The one error handler: application errors by kind; HTTP errors (malformed JSON, body too
 * large) with their status; anything else is a bug — logged, answered with a generic 500.
 */
export function handleError(err: Error, c: Context, log: (m: string, e: unknown) => void): Response {
  if (err instanceof AppError) return c.json(errorBody(err.kind, err.message, err.issues, err.detail), STATUS_OF[err.kind]);
  if (err instanceof HTTPException) {
    const status = err.status;
    const message = status === 413 ? 'El cuerpo de la solicitud es demasiado grande' : status === 400 ? 'JSON mal formado o cuerpo ilegible' : err.message || 'Solicitud inválida';
    return c.json(errorBody('invalid_data', message, [{ path: '(cuerpo)', message }]), status as ContentfulStatusCode);
  }
  log(`Error inesperado en ${c.req.method} ${c.req.path}`, err);
  return c.json(errorBody('internal', 'Error interno del servidor. Intente de nuevo más tarde.'), 500);
}
