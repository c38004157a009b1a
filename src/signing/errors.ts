/**
 * The one error type of the signing module.
 *
 * Signing problems are exceptions (a certificate that cannot be used, a document that cannot be
 * signed): the caller cannot continue and must tell a person what to fix, so every error carries
 * a closed `kind` for programs and a Spanish `message` for people. Verification never throws for
 * a bad signature: that outcome is a value (see `verify.ts`).
 */

/**
 * What went wrong, as a closed set:
 * - `invalid_file`: the PKCS#12 file cannot be read (corrupt, not PKCS#12, unsupported encryption).
 * - `wrong_password`: the PKCS#12 password is wrong.
 * - `no_private_key`: the PKCS#12 holds no private key, or no certificate for it.
 * - `not_rsa`: the private key is not RSA (DIAN's signature policy uses RSA).
 * - `expired` / `not_yet_valid`: the certificate is not valid at the instant checked.
 * - `invalid_input`: the XML to sign (or to attach) cannot be used as given.
 * - `invalid_zip`: a ZIP package breaks the format or the safety limits.
 */
export type SigningErrorKind =
  | 'invalid_file'
  | 'wrong_password'
  | 'no_private_key'
  | 'not_rsa'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_input'
  | 'invalid_zip';

/** Error raised by the signing module; `message` is Spanish (es-CO) and meant for people. */
export class SigningError extends Error {
  /** Machine-readable reason. */
  readonly kind: SigningErrorKind;

  /**
   * @param kind machine-readable reason.
   * @param message Spanish explanation for people, naming what to fix.
   * @param options standard `cause` chaining.
   */
  constructor(kind: SigningErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningError';
    this.kind = kind;
  }
}
