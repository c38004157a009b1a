/** Literal copies of a few spec/vectors.json entries, so the hashes are checked without ../shared. */
import { describe, expect, it } from 'vitest';
import {
  computeCude,
  computeCufe,
  computeCuds,
  computeEventCude,
  computeSoftwareSecurityCode,
  cudeInput,
  cufeInput,
  type CufeFields,
} from './unique-codes.js';

/** DIAN Anexo Técnico worked example (v1.9 §11.2.1). */
const ANEXO_CUFE: CufeFields = {
  number: '323200000129',
  issueDate: '2019-01-16',
  issueTime: '10:53:10-05:00',
  lineExtensionAmount: '1500000.00',
  ivaAmount: '285000.00',
  incAmount: '0.00',
  icaAmount: '0.00',
  payableAmount: '1785000.00',
  supplierId: '700085371',
  customerId: '800199436',
  environment: '1',
};
const ANEXO_TECHNICAL_KEY = '693ff6f2a553c3646a063436fd4dd9ded0311471';

describe('CUFE', () => {
  it('reproduces the Anexo worked example (input string and hash)', () => {
    expect(cufeInput(ANEXO_CUFE, ANEXO_TECHNICAL_KEY)).toBe(
      '3232000001292019-01-1610:53:10-05:001500000.0001285000.00040.00030.001785000.00700085371800199436693ff6f2a553c3646a063436fd4dd9ded03114711',
    );
    expect(computeCufe(ANEXO_CUFE, ANEXO_TECHNICAL_KEY)).toBe(
      '8bb918b19ba22a694f1da11c643b5e9de39adf60311cf179179e9b33381030bcd4c3c3f156c506ed5908f9276f5bd9b4',
    );
  });

  it('reproduces DIAN toolkit v1.9 "Exento de IVA.xml"', () => {
    const fields: CufeFields = {
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
    };
    expect(computeCufe(fields, 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c')).toBe(
      '86e67873712270b6de5bd2985711ce23de5c996cf09afd37f5eac28375f3e3316b342dfc1d39e3847908820070c40244',
    );
  });

  it('returns 96 lower-case hex characters', () => {
    expect(computeCufe(ANEXO_CUFE, ANEXO_TECHNICAL_KEY)).toMatch(/^[0-9a-f]{96}$/);
  });

  it('rejects a missing or empty field instead of hashing "undefined"', () => {
    const broken = { ...ANEXO_CUFE, incAmount: undefined } as unknown as CufeFields;
    expect(() => computeCufe(broken, ANEXO_TECHNICAL_KEY)).toThrow(TypeError);
    expect(() => computeCufe(broken, ANEXO_TECHNICAL_KEY)).toThrow(/incAmount/);
    expect(() => computeCufe({ ...ANEXO_CUFE, customerId: '' }, ANEXO_TECHNICAL_KEY)).toThrow(TypeError);
    expect(() => computeCufe(ANEXO_CUFE, '')).toThrow(/technicalKey/);
  });
});

describe('CUDE', () => {
  it('reproduces the Anexo credit-note example (§11.4.3–11.4.4)', () => {
    const fields: CufeFields = {
      number: '8110007871',
      issueDate: '2019-01-12',
      issueTime: '07:00:00-05:00',
      lineExtensionAmount: '5000.00',
      ivaAmount: '950.00',
      incAmount: '0.00',
      icaAmount: '0.00',
      payableAmount: '5950.00',
      supplierId: '900373076',
      customerId: '8355990',
      environment: '1',
    };
    expect(cudeInput(fields, '12301')).toBe('81100078712019-01-1207:00:00-05:005000.0001950.00040.00030.005950.009003730768355990123011');
    expect(computeCude(fields, '12301')).toBe(
      '907e4444decc9e59c160a2fb3b6659b33dc5b632a5008922b9a62f83f757b1c448e47f5867f2b50dbdb96f48c7681168',
    );
  });

  it('reproduces the Anexo debit-note inputs with INC (§11.4.5–11.4.6; the Anexo prints a wrong hash)', () => {
    const fields: CufeFields = {
      number: 'ND1001',
      issueDate: '2019-01-18',
      issueTime: '10:58:00-05:00',
      lineExtensionAmount: '30000.00',
      ivaAmount: '0.00',
      incAmount: '2400.00',
      icaAmount: '0.00',
      payableAmount: '32400.00',
      supplierId: '900197264',
      customerId: '10254102',
      environment: '2',
    };
    expect(computeCude(fields, '10201')).toBe(
      '3fa73a86d57d9341c536afde1f85c4efd9d4591c2c22bce4dfb0e6b0d2e83b8f047a8bde7098292e9d2493e60d1c31da',
    );
  });
});

describe('CUDS', () => {
  it('reproduces the documento soporte toolkit example (only the IVA slot)', () => {
    const fields = {
      number: 'DS236000000',
      issueDate: '2022-02-18',
      issueTime: '13:34:59-05:00',
      lineExtensionAmount: '3899000.00',
      ivaAmount: '322430.00',
      payableAmount: '4152176.00',
      sellerId: '1020',
      buyerNit: '800197268',
      environment: '2',
    };
    expect(computeCuds(fields, '12345')).toBe(
      'c96a728f4453822bfc69b94253880d21d29dd1a9424444da07610799c203506d33fa4f16830dbd6ee0febb4711bfa23a',
    );
  });
});

describe('event CUDE', () => {
  it('reproduces the Anexo §11.5.1 example (no environment in the chain)', () => {
    const fields = {
      number: '1',
      issueDate: '2019-04-30',
      issueTime: '19:48:50-05:00',
      senderId: '99998888',
      receiverId: '800197268',
      responseCode: '030',
      documentId: 'FE123',
      documentTypeCode: '01',
    };
    expect(computeEventCude(fields, '11111')).toBe(
      '0d91ba25b01f5e7dbda870a11b274501d3a62a73e91932c473c86c93f12a142a2ac45876efcde3e679024a01c0be41f9',
    );
  });
});

describe('SoftwareSecurityCode', () => {
  it('hashes SoftwareID + PIN + document number (DIAN Generica.xml)', () => {
    expect(computeSoftwareSecurityCode('56f2ae4e-9812-4fad-9255-08fcfcd5ccb0', '20191', 'SETP990000002')).toBe(
      'a8d18e4e5aa00b44a0b1f9ef413ad8215116bd3ce91730d580eaed795c83b5a32fe6f0823abc71400b3d59eb542b7de8',
    );
  });

  it('depends on the document number', () => {
    const a = computeSoftwareSecurityCode('56f2ae4e-9812-4fad-9255-08fcfcd5ccb0', '20191', 'SETP990000001');
    expect(a).not.toBe('a8d18e4e5aa00b44a0b1f9ef413ad8215116bd3ce91730d580eaed795c83b5a32fe6f0823abc71400b3d59eb542b7de8');
  });
});
