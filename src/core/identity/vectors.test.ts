/**
 * Reproduces every entry of ../shared/spec/vectors.json (the project's contract for hashes,
 * check digits and file names). Skipped, with a message, when ../shared is not checked out;
 * the literal copies in the other test files keep the essentials covered without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  computeCude,
  computeCufe,
  computeCuds,
  computeEventCude,
  computeNitDv,
  computeSoftwareSecurityCode,
  cudeInput,
  cudsInput,
  cufeInput,
  dianFileName,
  dianZipName,
  eventCudeInput,
  isValidNitDv,
  type CufeFields,
  type DianFilePrefix,
} from './index.js';

interface Vector {
  kind: string;
  inputs: Record<string, string | number>;
  concatenation?: string;
  expected: unknown;
  source: string;
}

const VECTORS_PATH = fileURLToPath(new URL('../../../../shared/spec/vectors.json', import.meta.url));
const haveShared = existsSync(VECTORS_PATH);
const vectors: Vector[] = haveShared ? (JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as Vector[]) : [];

/** Kinds that belong to other modules; reproduced there (signing/ hashes the policy PDF). */
const OUT_OF_SCOPE: Record<string, string> = {
  SignaturePolicyHash: 'hash of the signature-policy PDF: reproduced by the signing module, not by identity',
};

function s(v: Vector, key: string): string {
  const value = v.inputs[key];
  if (typeof value !== 'string') throw new Error(`vector ${v.kind} lacks string input ${key}`);
  return value;
}

/** CUFE/CUDE vectors name the three tax slots; they must be the fixed 01/04/03 of the formula. */
function cufeFields(v: Vector): CufeFields {
  expect([s(v, 'CodImp1'), s(v, 'CodImp2'), s(v, 'CodImp3')]).toEqual(['01', '04', '03']);
  return {
    number: s(v, 'NumFac'),
    issueDate: s(v, 'FecFac'),
    issueTime: s(v, 'HorFac'),
    lineExtensionAmount: s(v, 'ValFac'),
    ivaAmount: s(v, 'ValImp1'),
    incAmount: s(v, 'ValImp2'),
    icaAmount: s(v, 'ValImp3'),
    payableAmount: s(v, 'ValTot'),
    supplierId: s(v, 'NitOFE'),
    customerId: s(v, 'NumAdq'),
    environment: s(v, 'TipoAmbiente'),
  };
}

const handlers: Record<string, (v: Vector) => void> = {
  CUFE(v) {
    const fields = cufeFields(v);
    expect(cufeInput(fields, s(v, 'ClTec'))).toBe(v.concatenation);
    expect(computeCufe(fields, s(v, 'ClTec'))).toBe(v.expected);
  },
  CUDE(v) {
    const fields = cufeFields(v);
    expect(cudeInput(fields, s(v, 'Software-PIN'))).toBe(v.concatenation);
    expect(computeCude(fields, s(v, 'Software-PIN'))).toBe(v.expected);
  },
  'CUDE-EVENT'(v) {
    const fields = {
      number: s(v, 'Num_DE'),
      issueDate: s(v, 'Fec_Emi'),
      issueTime: s(v, 'Hor_Emi'),
      senderId: s(v, 'NitFE'),
      receiverId: s(v, 'DocAdq'),
      responseCode: s(v, 'ResponseCode'),
      documentId: s(v, 'ID'),
      documentTypeCode: s(v, 'DocumentTypeCode'),
    };
    expect(eventCudeInput(fields, s(v, 'Software-PIN'))).toBe(v.concatenation);
    expect(computeEventCude(fields, s(v, 'Software-PIN'))).toBe(v.expected);
  },
  CUDS(v) {
    expect(s(v, 'CodImp')).toBe('01');
    const fields = {
      number: s(v, 'NumDS'),
      issueDate: s(v, 'FecDS'),
      issueTime: s(v, 'HorDS'),
      lineExtensionAmount: s(v, 'ValDS'),
      ivaAmount: s(v, 'ValImp'),
      payableAmount: s(v, 'ValTol'),
      sellerId: s(v, 'NumSNO'),
      buyerNit: s(v, 'NitABS'),
      environment: s(v, 'TipoAmb'),
    };
    expect(cudsInput(fields, s(v, 'Software-PIN'))).toBe(v.concatenation);
    expect(computeCuds(fields, s(v, 'Software-PIN'))).toBe(v.expected);
  },
  SoftwareSecurityCode(v) {
    expect(s(v, 'SoftwareID') + s(v, 'Software-PIN') + s(v, 'NumDoc')).toBe(v.concatenation);
    expect(computeSoftwareSecurityCode(s(v, 'SoftwareID'), s(v, 'Software-PIN'), s(v, 'NumDoc'))).toBe(v.expected);
  },
  'NIT-DV'(v) {
    expect(computeNitDv(s(v, 'nit'))).toBe(v.expected);
    expect(isValidNitDv(s(v, 'nit'), v.expected as string)).toBe(true);
  },
  FileName(v) {
    const decimal = v.inputs['consecutive_decimal'];
    const hex = v.inputs['consecutive_hex'];
    const sequence = typeof decimal === 'number' ? decimal : parseInt(String(hex), 16);
    expect(Number.isInteger(sequence)).toBe(true);
    const year = v.inputs['year'];
    if (typeof year !== 'number') throw new Error('FileName vector without a numeric year');
    const parts = { nit: s(v, 'nit'), providerCode: s(v, 'ppp'), year, sequence };
    const prefix = s(v, 'prefix');
    const name = prefix === 'z' ? dianZipName(parts) : dianFileName({ ...parts, prefix: prefix as DianFilePrefix });
    expect(name).toBe(v.expected);
  },
};

describe.skipIf(!haveShared)('spec/vectors.json (all entries, by kind)', () => {
  const kinds = [...new Set(vectors.map((v) => v.kind))];

  it('has a handler for every kind in the file (new kinds must not pass silently)', () => {
    const unhandled = kinds.filter((k) => !(k in handlers) && !(k in OUT_OF_SCOPE));
    expect(unhandled).toEqual([]);
  });

  for (const kind of kinds) {
    const ofKind = vectors.filter((v) => v.kind === kind);
    const reason = OUT_OF_SCOPE[kind];
    if (reason !== undefined) {
      it.skip(`${kind} (${ofKind.length}): ${reason}`, () => undefined);
      continue;
    }
    const handler = handlers[kind];
    if (handler === undefined) continue;
    describe(`${kind} (${ofKind.length} vectors)`, () => {
      it.each(ofKind.map((v, i) => [i + 1, v] as const))('vector %i', (_i, v) => handler(v));
    });
  }
});

if (!haveShared) {
  describe('spec/vectors.json', () => {
    it.skip(`skipped: ${VECTORS_PATH} not found (../shared is not checked out); literal vectors in the other tests still run`, () => undefined);
  });
}
