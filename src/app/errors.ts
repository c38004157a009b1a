/**
 * The closed set of application error kinds. One HTTP handler maps each kind to a status
 * code; anything else is a bug (logged, generic 500).
 */
export type AppErrorKind = 'invalid_data' | 'not_found' | 'conflict' | 'unexpected_state' | 'dian_unavailable';

/** One problem with a named field (Spanish message). */
export interface FieldIssue {
  /** Field path, e.g. `lines[0].quantity`. */
  path: string;
  message: string;
  /** DIAN rule ID when the problem is a DIAN rule. */
  ruleId?: string;
  severity?: 'rejection' | 'notification';
}

/** The one application error type. `message` is Spanish, for people. */
export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly issues: FieldIssue[];
  /** Extra machine-readable detail (e.g. the rule report of a rejected document). */
  readonly detail: Record<string, unknown> | undefined;

  constructor(kind: AppErrorKind, message: string, options: { issues?: FieldIssue[]; detail?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.issues = options.issues ?? [];
    this.detail = options.detail;
  }
}

/** Shorthand for a `not_found` error about an entity (Spanish noun, e.g. "Cliente"). */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} no encontrado`);
}

/** Shorthand for an `invalid_data` error about one field. */
export function invalidField(path: string, message: string): AppError {
  return new AppError('invalid_data', `Dato inválido en "${path}": ${message}`, { issues: [{ path, message }] });
}
