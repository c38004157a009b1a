/**
 * The signed golden documents of the signing tests, built on the fly with the throwaway PKI:
 * one per document type (invoice, credit note, debit note, event, DIAN's ApplicationResponse,
 * AttachedDocument) plus variants (SHA-512, foreign pretty-printed input through the slow path).
 */
import { buildAttachedDocument } from '../attached-document.js';
import { signXml } from '../xades.js';
import { makeDianApplicationResponse, makeInvoiceWithLines, readFixture } from './fixtures.js';
import { getTestPki } from './test-pki.js';

/** Signing time of the goldens: 2024-04-29 10:47:18.294 in Colombia. */
export const GOLDEN_SIGNING_TIME = new Date('2024-04-29T15:47:18.294Z');

let cached: Record<string, string> | undefined;

/** The golden signed documents by name (built once per test process). */
export function goldenDocuments(): Record<string, string> {
  if (cached) return cached;
  const { identity, dianIdentity } = getTestPki();
  const sign = (xml: string, extra: Parameters<typeof signXml>[2] extends infer O ? Partial<O> : never = {}) =>
    signXml(xml, identity, { signingTime: GOLDEN_SIGNING_TIME, ...extra });
  const invoice = sign(readFixture('invoice'));
  const cufe = /<cbc:UUID[^>]*>([0-9a-f]{96})<\/cbc:UUID>/.exec(invoice)![1]!;
  const dianResponse = signXml(
    makeDianApplicationResponse({
      documentNumber: 'SETP990000001',
      documentUuid: cufe,
      issuerName: 'DIAN',
      issuerNit: '800197268',
      issuerDv: '4',
      issueDate: '2024-04-29',
      issueTime: '10:48:02-05:00',
    }),
    dianIdentity,
    { signingTime: new Date('2024-04-29T15:48:02.120Z') },
  );
  const attachedDocument = sign(
    buildAttachedDocument({ signedDocumentXml: invoice, applicationResponseXml: dianResponse, issueDate: '2024-04-29', issueTime: '10:50:00-05:00' }),
  );
  cached = {
    invoice,
    creditNote: sign(readFixture('creditNote')),
    debitNote: sign(readFixture('debitNote')),
    event: sign(readFixture('event')),
    dianResponse,
    attachedDocument,
    invoice20Lines: sign(makeInvoiceWithLines(20)),
    invoiceSha512: sign(readFixture('invoice'), { algorithm: 'rsa-sha512' }),
    creditNoteForeignInput: sign(readFixture('creditNote').replace(/<cac:/g, '\n\t<cac:').replace('<cbc:ID>', '<!-- x --><cbc:ID>')),
  };
  return cached;
}
