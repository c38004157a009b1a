/**
 * Signed test documents built from `examples/*.json` with the core pipeline and the signing
 * module's test PKI (issuer NIT 900108281, certificate valid 2020–2035).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareDocument } from '../../core/pipeline.js';
import { signXml } from '../../signing/xades.js';
import { getTestPki } from '../../signing/test-support/test-pki.js';
import type { SigningIdentity } from '../../signing/pkcs12.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** The day the examples are dated; simulator clocks in tests sit on it. */
export const EXAMPLE_DAY = '2026-11-27';

/** 10:00 Colombia on {@link EXAMPLE_DAY}: a clock for the simulator. */
export const EXAMPLE_NOW = new Date('2026-11-27T15:00:00.000Z');

/** Reads an example JSON. */
export function readExample(name: 'invoice' | 'credit-note' | 'debit-note'): Record<string, unknown> {
  return JSON.parse(readFileSync(`${EXAMPLES}${name}.json`, 'utf8')) as Record<string, unknown>;
}

/** A built and signed document. */
export interface SignedDocument {
  xml: string;
  number: string;
  uuid: string;
  kind: string;
}

/** Builds and signs a document; `mutate` edits the JSON first. */
export function signedDocument(
  name: 'invoice' | 'credit-note' | 'debit-note',
  mutate: (doc: Record<string, unknown>) => void = () => {},
  opts: { identity?: SigningIdentity; signingTime?: Date } = {},
): SignedDocument {
  const doc = readExample(name);
  doc.issueDate = EXAMPLE_DAY;
  doc.issueTime = '09:30:00-05:00';
  mutate(doc);
  const prepared = prepareDocument(doc);
  if (!prepared.ok) throw new Error(`Ejemplo ${name} inválido: ${JSON.stringify(prepared.issues)}`);
  const issueDate = String(doc.issueDate);
  const signingTime = opts.signingTime ?? new Date(`${issueDate}T14:30:00.000Z`);
  const xml = signXml(prepared.built.xml, opts.identity ?? getTestPki().identity, { signingTime });
  return { xml, number: prepared.built.number, uuid: prepared.built.uuid, kind: prepared.built.kind };
}

/** An invoice with the given consecutive in the SETP range. */
export function signedInvoice(consecutive: number, mutate: (doc: Record<string, unknown>) => void = () => {}): SignedDocument {
  return signedDocument('invoice', (d) => {
    d.consecutive = consecutive;
    delete d.number;
    mutate(d);
  });
}

/** A credit or debit note referencing an invoice. */
export function signedNote(kind: 'credit-note' | 'debit-note', number: string, invoice: SignedDocument): SignedDocument {
  return signedDocument(kind, (d) => {
    d.number = number;
    d.billingReference = { number: invoice.number, cufe: invoice.uuid, issueDate: EXAMPLE_DAY };
  });
}
