/**
 * NIT check digit ("dígito de verificación", DV) as DIAN computes it.
 *
 * Weights are applied from the rightmost digit leftwards: 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47,
 * 53, 59, 67, 71. With s = Σ digit × weight and r = s mod 11, DV = r when r is 0 or 1, else 11 − r.
 *
 * Worked example, 800197268 (DIAN's own NIT): its digits right to left are 8,6,2,7,9,1,0,0,8, so
 *   s = 8·3 + 6·7 + 2·13 + 7·17 + 9·19 + 1·23 + 0·29 + 0·37 + 8·41 = 24+42+26+119+171+23+0+0+328 = 733;
 *   733 mod 11 = 7; DV = 11 − 7 = 4 → "800197268-4".
 *
 * The DV never enters the CUFE/CUDE inputs nor a CompanyID value: it goes only in `@schemeID`
 * when `@schemeName="31"` (spec/01-documents.md §13.1).
 */

/** DIAN's weights, applied from the rightmost digit of the NIT leftwards. */
const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71] as const;

/** Longest NIT the weight table covers. */
const MAX_DIGITS = WEIGHTS.length;

const DIGITS_ONLY = /^[0-9]+$/;

/**
 * Computes the DIAN check digit (DV) of a NIT.
 *
 * @param nit the NIT digits only, without DV, dots, dashes or spaces (leading zeros are harmless).
 * @returns one decimal digit, as a string ("0".."9").
 * @throws RangeError when `nit` is empty, holds anything but ASCII digits, or is longer than 15 digits.
 */
export function computeNitDv(nit: string): string {
  if (typeof nit !== 'string' || nit.length === 0) {
    throw new RangeError('El NIT está vacío: escriba solo los dígitos, sin dígito de verificación.');
  }
  if (!DIGITS_ONLY.test(nit)) {
    throw new RangeError(`El NIT "${nit}" solo puede contener dígitos (sin puntos, guiones, espacios ni DV).`);
  }
  if (nit.length > MAX_DIGITS) {
    throw new RangeError(`El NIT "${nit}" tiene más de ${MAX_DIGITS} dígitos.`);
  }
  let sum = 0;
  for (let i = 0; i < nit.length; i++) {
    // i counts from the right: the last character takes weight 3.
    const digit = nit.charCodeAt(nit.length - 1 - i) - 48;
    sum += digit * (WEIGHTS[i] as number);
  }
  const r = sum % 11;
  return String(r <= 1 ? r : 11 - r);
}

/**
 * Tells whether `dv` is the correct DIAN check digit for `nit`.
 *
 * Never throws: a malformed NIT (see {@link computeNitDv}) or a `dv` that is not exactly one
 * ASCII digit yields `false`.
 *
 * @param nit the NIT digits only, without DV.
 * @param dv the check digit to verify, one character "0".."9".
 */
export function isValidNitDv(nit: string, dv: string): boolean {
  if (typeof dv !== 'string' || !/^[0-9]$/.test(dv)) return false;
  try {
    return computeNitDv(nit) === dv;
  } catch {
    return false;
  }
}
