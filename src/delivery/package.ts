/**
 * The package delivered to the buyer (spec/02-services.md §9, spec/01-documents.md §12): one ZIP
 * named per DIAN (`z` + NIT + software code + year + hex consecutive) holding the signed
 * AttachedDocument (`ad…xml`) and the representación gráfica (`ad…pdf`, same stem, so the two
 * files read as a pair). The consecutive is the document's own (as for the file sent to DIAN),
 * which makes the names stable: a re-send carries the same names as the first delivery.
 */
import { dianFileName, dianZipName } from '../core/identity/index.js';
import { buildAttachedDocument } from '../signing/attached-document.js';
import { zipDocuments } from '../signing/zip.js';
import type { DocumentRecord } from '../app/records.js';

/** DIAN document type codes (table 13.1.3) used in the e-mail subject. */
export function documentTypeCode(doc: DocumentRecord): string {
  if (doc.documentKind === 'credit-note') return '91';
  if (doc.documentKind === 'debit-note') return '92';
  const typeCode = (doc.input as { typeCode?: string } | null)?.typeCode;
  return typeCode ?? '01';
}

/** File names of a document's delivery package. */
export interface PackageNames {
  zip: string;
  attachedDocument: string;
  pdf: string;
}

/**
 * The package's file names.
 *
 * @param doc the document (its issue year and consecutive).
 * @param supplierNit the issuer's NIT without DV.
 * @param providerCode 3-digit software code (default `000`, software propio).
 */
export function packageNames(doc: DocumentRecord, supplierNit: string, providerCode?: string): PackageNames {
  const year = Number(doc.issueDate.slice(0, 4));
  // Same rule as the file sent to DIAN: the consecutive, kept inside 1..0xFFFFFFFF.
  const sequence = Number(doc.consecutive % 0xffffffffn) || 1;
  const common = { nit: supplierNit, year, sequence, ...(providerCode && { providerCode }) };
  const attachedDocument = dianFileName({ prefix: 'ad', ...common });
  return { zip: dianZipName(common), attachedDocument, pdf: attachedDocument.replace(/\.xml$/, '.pdf') };
}

/** The decoded ApplicationResponse of an accepted document, or undefined. */
export function applicationResponseXml(doc: DocumentRecord): string | undefined {
  return doc.applicationResponse ? Buffer.from(doc.applicationResponse, 'base64').toString('utf8') : undefined;
}

/**
 * The unsigned AttachedDocument of an accepted document (sign it with the issuer's certificate).
 * The container is dated at `at` (Colombian date/time given by the caller).
 *
 * @throws Error when DIAN's ApplicationResponse is not stored (not accepted yet).
 */
export function unsignedAttachedDocument(doc: DocumentRecord, at: { date: string; time: string }): string {
  const ar = applicationResponseXml(doc);
  if (!ar) throw new Error(`El documento ${doc.number} no tiene ApplicationResponse de la DIAN`);
  return buildAttachedDocument({
    signedDocumentXml: doc.signedXml,
    applicationResponseXml: ar,
    issueDate: at.date,
    issueTime: at.time,
    id: doc.number,
    ...(doc.documentKind !== 'invoice' && {
      // UNCONFIRMED wording for notes (spec §9.1); kept parallel to the invoice's.
      profileId: doc.documentKind === 'credit-note' ? 'Nota Crédito Electrónica' : 'Nota Débito Electrónica',
    }),
  });
}

/** The ZIP bytes and its names. */
export interface DeliveryPackage {
  names: PackageNames;
  zip: Uint8Array;
}

/**
 * Zips the signed AttachedDocument and the PDF.
 *
 * @param names from {@link packageNames}.
 * @param attachedDocumentXml the signed AttachedDocument (bytes kept as given).
 * @param pdf the representación gráfica.
 * @param modifiedAt entry time stamps (default now).
 */
export function buildPackage(names: PackageNames, attachedDocumentXml: string, pdf: Uint8Array, modifiedAt?: Date): DeliveryPackage {
  const zip = zipDocuments(
    [
      { name: names.attachedDocument, content: attachedDocumentXml },
      { name: names.pdf, content: pdf },
    ],
    modifiedAt ? { modifiedAt } : {},
  );
  return { names, zip };
}
