import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCufe } from '../core/identity/index.js';
import { chainAmount, documentKind, documentUuid, extractCufeFields, extractEventCudeFields } from './document-fields.js';
import { parseUntrustedXml } from './safe-xml.js';
import { SHARED_DIR, skipReason } from './test-support/external-tools.js';
import { DIAN_TEST_TECHNICAL_KEY, readFixture } from './test-support/fixtures.js';

describe('extractCufeFields', () => {
  it('reads the CUFE chain of an invoice', () => {
    const doc = parseUntrustedXml(readFixture('invoice'));
    expect(documentKind(doc)).toBe('Invoice');
    expect(extractCufeFields(doc)).toEqual({
      number: 'SETP990000001',
      issueDate: '2024-03-15',
      issueTime: '09:15:23-05:00',
      lineExtensionAmount: '50000.00',
      ivaAmount: '0.00',
      incAmount: '0.00',
      icaAmount: '0.00',
      payableAmount: '50000.00',
      supplierId: '800197268',
      customerId: '900108281',
      environment: '2',
    });
  });

  it('takes debit-note amounts from RequestedMonetaryTotal', () => {
    const fields = extractCufeFields(parseUntrustedXml(readFixture('debitNote')));
    expect(fields).toMatchObject({ number: 'ND1', lineExtensionAmount: '12600.06', ivaAmount: '2394.01', payableAmount: '14994.07' });
  });

  it('reads the event chain of an ApplicationResponse', () => {
    const doc = parseUntrustedXml(readFixture('event'));
    expect(extractEventCudeFields(doc)).toEqual({
      number: 'ACR0021',
      issueDate: '2020-12-12',
      issueTime: '18:30:37-05:00',
      senderId: '900373979',
      receiverId: '900373972',
      responseCode: '030',
      documentId: 'SETG980000358',
      documentTypeCode: '01',
    });
    expect(documentUuid(doc)?.schemeName).toBe('CUDE-SHA384');
  });

  it('names the missing element', () => {
    const doc = parseUntrustedXml(readFixture('invoice').replace(/<cbc:ProfileExecutionID>2<\/cbc:ProfileExecutionID>/, ''));
    expect(() => extractCufeFields(doc)).toThrow(/cbc:ProfileExecutionID/);
  });
});

describe.skipIf(!SHARED_DIR)(`CUFE of DIAN's own samples (public test key)${skipReason({ shared: true })}`, () => {
  // samples/README.md: these carry a CUFE computed with the public habilitación technical key.
  it.each(['Consumidor_Final.xml', 'Ejemplicacion_Impuestos_Saludables.xml', 'Ejemplificacion_Muestras_Gratis.xml', 'Excluido_de_IVA.xml', 'Exento_de_IVA.xml'])(
    '%s',
    (file) => {
      const doc = parseUntrustedXml(readFileSync(join(SHARED_DIR!, 'samples/dian-toolkit-1.9', file)));
      expect(computeCufe(extractCufeFields(doc), DIAN_TEST_TECHNICAL_KEY)).toBe(documentUuid(doc)?.value);
    },
  );
});

describe('chainAmount', () => {
  it('writes two decimals, truncating extra ones', () => {
    expect(['0', '12', '12.5', '12.50', '12.509', '-3.1', 'x'].map(chainAmount)).toEqual(['0.00', '12.00', '12.50', '12.50', '12.50', '-3.10', 'x']);
  });
});
