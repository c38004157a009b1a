/**
 * Stored documents for delivery tests: the examples built with the core, signed with the test
 * PKI, and (for accepted ones) DIAN's ApplicationResponse as the simulator writes it.
 */
import { parseDocumentInput } from '../../core/input/parse.js';
import { buildApplicationResponse } from '../../dian/simulator/application-response.js';
import { EXAMPLE_DAY, readExample, signedDocument } from '../../dian/test-support/documents.js';
import { createThrowawayIdentity } from '../../signing/throwaway-identity.js';
import type { DocumentRecord } from '../../app/records.js';

let dianIdentity: ReturnType<typeof createThrowawayIdentity> | undefined;

/** A stored document built from `examples/<name>.json`, accepted by "DIAN" unless told otherwise. */
export function exampleRecord(name: 'invoice' | 'credit-note' | 'debit-note', opts: { accepted?: boolean; mutate?: (doc: Record<string, unknown>) => void } = {}): DocumentRecord {
  const mutate = (d: Record<string, unknown>) => {
    if (name !== 'invoice') d.billingReference = { number: 'SETP990000001', cufe: 'a'.repeat(96), issueDate: EXAMPLE_DAY };
    opts.mutate?.(d);
  };
  const signed = signedDocument(name, mutate);
  const json = readExample(name);
  json.issueDate = EXAMPLE_DAY;
  json.issueTime = '09:30:00-05:00';
  mutate(json);
  const parsed = parseDocumentInput(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const input = parsed.value;
  let applicationResponse: string | null = null;
  if (opts.accepted !== false) {
    dianIdentity ??= createThrowawayIdentity({ commonName: 'DIAN simulada' });
    const ar = buildApplicationResponse(
      {
        profileExecutionId: '2',
        id: '000000001',
        issueDate: EXAMPLE_DAY,
        issueTime: '09:31:00-05:00',
        receiver: { name: input.supplier.name, companyId: input.supplier.id, dv: '3', schemeName: '31' },
        responseCode: '02',
        document: { id: signed.number, uuid: signed.uuid, uuidScheme: name === 'invoice' ? 'CUFE-SHA384' : 'CUDE-SHA384' },
        lines: [{ code: '0', description: `Documento ${signed.number}, ha sido autorizado.` }],
        signingTime: new Date(`${EXAMPLE_DAY}T14:31:00.000Z`),
      },
      dianIdentity,
    );
    applicationResponse = Buffer.from(ar, 'utf8').toString('base64');
  }
  const now = new Date(`${EXAMPLE_DAY}T14:30:00.000Z`);
  return {
    id: '00000000-0000-4000-8000-000000000001',
    organizationId: '00000000-0000-4000-8000-0000000000aa',
    documentKind: name,
    number: signed.number,
    prefix: name === 'invoice' ? 'SETP' : name === 'credit-note' ? 'NC' : 'ND',
    consecutive: BigInt(signed.number.replace(/^\D+/, '')),
    numberingRangeId: null,
    uuid: signed.uuid,
    status: opts.accepted === false ? 'queued' : 'accepted',
    environment: '2',
    issueDate: input.issueDate,
    issueTime: input.issueTime,
    customerIdNumber: input.customer.id,
    customerName: input.customer.name,
    currency: input.currency,
    lineExtensionMinor: 0n,
    taxExclusiveMinor: 0n,
    taxInclusiveMinor: 0n,
    payableMinor: 0n,
    input,
    signedXml: signed.xml,
    fileName: `fv0900108281000${EXAMPLE_DAY.slice(2, 4)}00000001`,
    referencedDocumentId: null,
    habilitacionRunId: null,
    idempotencyKey: null,
    requestHash: null,
    dianStatusCode: opts.accepted === false ? null : '00',
    dianStatusDescription: opts.accepted === false ? null : 'Procesado Correctamente.',
    dianMessages: [],
    dianZipKey: null,
    applicationResponse,
    sendAttempts: 1,
    lastError: null,
    createdAt: now,
    updatedAt: now,
    finalAt: now,
  };
}
