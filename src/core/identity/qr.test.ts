import { describe, expect, it } from 'vitest';
import { qrText, qrUrl } from './qr.js';

const CUFE = '86e67873712270b6de5bd2985711ce23de5c996cf09afd37f5eac28375f3e3316b342dfc1d39e3847908820070c40244';

describe('qrUrl', () => {
  it('points to catalogo-vpfe in producción and catalogo-vpfe-hab in pruebas', () => {
    expect(qrUrl('1', CUFE)).toBe(`https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey=${CUFE}`);
    expect(qrUrl('2', CUFE)).toBe(`https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=${CUFE}`);
  });

  it('rejects an unknown environment or a malformed key', () => {
    expect(() => qrUrl('3', CUFE)).toThrow(RangeError);
    expect(() => qrUrl('toString', CUFE)).toThrow(/ambiente/);
    expect(() => qrUrl('1', 'abc')).toThrow(/96 caracteres/);
    expect(() => qrUrl('1', `${CUFE}0`)).toThrow(RangeError);
  });
});

describe('qrText', () => {
  const fields = {
    number: 'SETP990000001',
    issueDate: '2024-03-15',
    issueTime: '09:15:23-05:00',
    supplierNit: '800197268',
    customerId: '900108281',
    lineExtensionAmount: '50000.00',
    ivaAmount: '0.00',
    otherTaxesAmount: '0.00',
    payableAmount: '50000.00',
    documentKey: CUFE,
    environment: '2',
  };

  it('prints one "Key: value" line per field, then the URL', () => {
    expect(qrText(fields)).toBe(
      [
        'NumFac: SETP990000001',
        'FecFac: 2024-03-15',
        'HorFac: 09:15:23-05:00',
        'NitFac: 800197268',
        'DocAdq: 900108281',
        'ValFac: 50000.00',
        'ValIva: 0.00',
        'ValOtroIm: 0.00',
        'ValTolFac: 50000.00',
        `CUFE: ${CUFE}`,
        `https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=${CUFE}`,
      ].join('\n'),
    );
  });

  it('labels the key CUDE on notes when asked', () => {
    expect(qrText({ ...fields, keyName: 'CUDE' }).split('\n')[9]).toBe(`CUDE: ${CUFE}`);
  });
});
