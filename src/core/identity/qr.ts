/**
 * QR content (spec/01-documents.md §9).
 *
 * Two different things carry a QR:
 * 1. `sts:QRCode` inside DianExtensions: the plain consultation URL ({@link qrUrl}), the form used
 *    by DIAN's 2024 v1.9 toolkit examples and by Odoo 19. The XSD types it as anyURI.
 * 2. The QR printed on the representación gráfica (PDF): one `Key: value` line per field and the
 *    URL last ({@link qrText}). DIAN does not validate the printed text; the URL with the document
 *    key is what matters. UNCONFIRMED (verbatim Anexo text): the ": " separator and "\n" line
 *    breaks follow a 2022 production sample; other implementations use "=".
 */

/** Consultation host per environment: 1 producción, 2 pruebas/habilitación. */
const CATALOG_HOSTS: Readonly<Record<string, string>> = {
  '1': 'https://catalogo-vpfe.dian.gov.co',
  '2': 'https://catalogo-vpfe-hab.dian.gov.co',
};

/** A CUFE/CUDE/CUDS: SHA-384 in hex. */
const DOCUMENT_KEY = /^[0-9a-fA-F]{96}$/;

/**
 * The DIAN consultation URL for a document, e.g.
 * `https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=<CUFE>`.
 *
 * @param environment `cbc:ProfileExecutionID`: "1" producción, "2" pruebas.
 * @param documentKey the CUFE, CUDE or CUDS (96 hex characters), copied as given.
 * @throws RangeError on an unknown environment or a key that is not 96 hex characters.
 */
export function qrUrl(environment: string, documentKey: string): string {
  const host = Object.hasOwn(CATALOG_HOSTS, environment) ? CATALOG_HOSTS[environment] : undefined;
  if (host === undefined) {
    throw new RangeError(`El ambiente "${String(environment)}" no es válido: use "1" (producción) o "2" (pruebas).`);
  }
  if (typeof documentKey !== 'string' || !DOCUMENT_KEY.test(documentKey)) {
    throw new RangeError('El CUFE/CUDE del código QR debe tener 96 caracteres hexadecimales.');
  }
  return `${host}/document/searchqr?documentkey=${documentKey}`;
}

/** Fields of the printed QR, each the exact text written in the XML. */
export interface QrTextFields {
  /** NumFac: `cbc:ID`. */
  number: string;
  /** FecFac: `cbc:IssueDate`. */
  issueDate: string;
  /** HorFac: `cbc:IssueTime`. */
  issueTime: string;
  /** NitFac: supplier's NIT without DV. */
  supplierNit: string;
  /** DocAdq: customer's identification number. */
  customerId: string;
  /** ValFac: `LegalMonetaryTotal/cbc:LineExtensionAmount`. */
  lineExtensionAmount: string;
  /** ValIva: document `TaxTotal/TaxAmount` of tax 01; "0.00" when absent. */
  ivaAmount: string;
  /** ValOtroIm: sum of the other taxes' document `TaxAmount`s (the caller sums; this module does not do money). */
  otherTaxesAmount: string;
  /** ValTolFac: `LegalMonetaryTotal/cbc:PayableAmount`. */
  payableAmount: string;
  /** The CUFE (or CUDE/CUDS). */
  documentKey: string;
  /** `cbc:ProfileExecutionID`: "1" or "2". */
  environment: string;
  /**
   * Label of the key line; "CUFE" when omitted. Addition to the agreed signature (optional, so
   * backwards compatible): notes print "CUDE".
   */
  keyName?: 'CUFE' | 'CUDE' | 'CUDS';
}

/**
 * Text of the QR printed on the representación gráfica: lines `NumFac`, `FecFac`, `HorFac`,
 * `NitFac`, `DocAdq`, `ValFac`, `ValIva`, `ValOtroIm`, `ValTolFac`, `CUFE` as `Key: value`,
 * then the {@link qrUrl}, joined with "\n" (no trailing newline).
 *
 * @param fields the XML texts (see {@link QrTextFields}).
 * @throws RangeError as {@link qrUrl}.
 */
export function qrText(fields: QrTextFields): string {
  const url = qrUrl(fields.environment, fields.documentKey);
  const lines: ReadonlyArray<readonly [string, string]> = [
    ['NumFac', fields.number],
    ['FecFac', fields.issueDate],
    ['HorFac', fields.issueTime],
    ['NitFac', fields.supplierNit],
    ['DocAdq', fields.customerId],
    ['ValFac', fields.lineExtensionAmount],
    ['ValIva', fields.ivaAmount],
    ['ValOtroIm', fields.otherTaxesAmount],
    ['ValTolFac', fields.payableAmount],
    [fields.keyName ?? 'CUFE', fields.documentKey],
  ];
  return [...lines.map(([key, value]) => `${key}: ${value}`), url].join('\n');
}
