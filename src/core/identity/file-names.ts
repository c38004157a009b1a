/**
 * Names of the XML and ZIP files sent to DIAN (Anexo 1.9 §6.5.7–6.5.8, spec/01-documents.md §12.1):
 *
 *   <pp><nnnnnnnnnn><ppp><aa><dddddddd>.xml      z<nnnnnnnnnn><ppp><aa><dddddddd>.zip
 *
 * pp = document prefix; nnnnnnnnnn = NIT of the facturador without DV, zero-padded to 10 digits;
 * ppp = software code ("000" own software, "001" DIAN's free solution, else the technology
 * provider's assigned code); aa = last two digits of the calendar year; dddddddd = consecutive
 * of files sent per type in that year, as 8 hexadecimal digits.
 *
 * UNCONFIRMED (spec §15 point 4) — hexadecimal and its case. The Anexo's rule text says
 * hexadecimal, while its illustration of "the eleventh" file, fv08001972680001900000011.xml, reads
 * as decimal. We follow spec/vectors.json, which is the project's contract: the consecutive is
 * hexadecimal, UPPER-case, zero-padded to 8 digits (sequence 11 → "0000000B"; sequence 17 →
 * "00000011"). DIAN's SendBillSync does not appear to validate the consecutive; SendTestSetAsync
 * reportedly checks only the length, which both readings satisfy.
 */

/**
 * Two-letter prefix of a document file: `fv` factura, `nc` nota crédito, `nd` nota débito,
 * `ar` ApplicationResponse (evento), `ad` AttachedDocument, `ds` documento soporte,
 * `na` nota de ajuste al documento soporte.
 */
export type DianFilePrefix = 'fv' | 'nc' | 'nd' | 'ar' | 'ad' | 'ds' | 'na';

/** Parameters shared by {@link dianFileName} and {@link dianZipName}. */
interface NameParts {
  nit: string;
  providerCode?: string;
  year: number;
  sequence: number;
}

const PREFIXES: ReadonlySet<string> = new Set<DianFilePrefix>(['fv', 'nc', 'nd', 'ar', 'ad', 'ds', 'na']);

/** Largest consecutive the 8 hex digits can hold. */
const MAX_SEQUENCE = 0xffffffff;

/** The fixed-width middle part shared by both names: NIT (10) + software code (3) + year (2) + consecutive (8). */
function nameStem(p: NameParts): string {
  const { nit, year, sequence } = p;
  const providerCode = p.providerCode ?? '000';
  if (typeof nit !== 'string' || !/^[0-9]{1,10}$/.test(nit)) {
    throw new RangeError(`El NIT "${String(nit)}" no sirve para el nombre del archivo: deben ser de 1 a 10 dígitos, sin DV.`);
  }
  if (typeof providerCode !== 'string' || !/^[0-9]{3}$/.test(providerCode)) {
    throw new RangeError(`El código del software o proveedor tecnológico "${String(providerCode)}" debe tener exactamente 3 dígitos.`);
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`El año ${String(year)} debe escribirse completo, con 4 dígitos (por ejemplo 2024).`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`El consecutivo del archivo ${String(sequence)} debe ser un entero entre 1 y ${MAX_SEQUENCE}.`);
  }
  return (
    nit.padStart(10, '0') +
    providerCode +
    String(year % 100).padStart(2, '0') +
    sequence.toString(16).toUpperCase().padStart(8, '0')
  );
}

/**
 * Name of a document's XML file, e.g. `fv0800197268000190000000B.xml` for the 11th invoice file of
 * 2019 of NIT 800197268 with own software. The stem is always 25 characters.
 *
 * @param p.prefix document prefix (see {@link DianFilePrefix}).
 * @param p.nit facturador's NIT, digits only, without DV (up to 10 digits).
 * @param p.providerCode 3-digit software code; defaults to "000" (software propio).
 * @param p.year full calendar year, e.g. 2024.
 * @param p.sequence consecutive of files of this type in that year, 1..0xFFFFFFFF (written in hex).
 * @throws RangeError on any malformed part.
 */
export function dianFileName(p: { prefix: DianFilePrefix; nit: string; providerCode?: string; year: number; sequence: number }): string {
  if (!PREFIXES.has(p.prefix)) {
    throw new RangeError(`El prefijo de archivo "${String(p.prefix)}" no es válido (use fv, nc, nd, ar, ad, ds o na).`);
  }
  return `${p.prefix}${nameStem(p)}.xml`;
}

/**
 * Name of the ZIP that carries the document(s), e.g. `z08001972680001900000011.zip`
 * (sequence 0x11 = 17). The stem is always 24 characters.
 *
 * @param p.nit facturador's NIT, digits only, without DV (up to 10 digits).
 * @param p.providerCode 3-digit software code; defaults to "000".
 * @param p.year full calendar year.
 * @param p.sequence consecutive of ZIP files in that year, 1..0xFFFFFFFF (written in hex).
 * @throws RangeError on any malformed part.
 */
export function dianZipName(p: { nit: string; providerCode?: string; year: number; sequence: number }): string {
  return `z${nameStem(p)}.zip`;
}
