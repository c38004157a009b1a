import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDistinguishedName, parseCertificate, sameDistinguishedName, type DistinguishedName } from './certificate.js';

// The signing certificate of DIAN's toolkit samples (public; from CreditNote.xml's ds:KeyInfo).
const andes = Buffer.from(readFileSync(join(import.meta.dirname, 'test-support/fixtures/andes-sample-certificate.b64'), 'utf8').replace(/\s+/g, ''), 'base64');

function dn(...rdns: Array<Array<[string, string, number?]>>): DistinguishedName {
  return rdns.map((rdn) =>
    rdn.map(([oid, text, tag = 0x0c]) => {
      const value = Buffer.from(text, 'utf8');
      return { oid, text, valueDer: Buffer.concat([Buffer.from([tag, value.length]), value]) };
    }),
  );
}

describe('parseCertificate', () => {
  it('writes the issuer and serial exactly as DIAN samples (Java RFC 2253) do', () => {
    const info = parseCertificate(andes);
    expect(info.issuerName).toBe(
      'C=CO,L=Bogota D.C.,O=Andes SCD.,OU=Division de certificacion entidad final,CN=CA ANDES SCD S.A. Clase II,' +
        '1.2.840.113549.1.9.1=#1614696e666f40616e6465737363642e636f6d2e636f',
    );
    expect(info.serialNumber).toBe('7785324499979575522');
    expect(info.notBefore.toISOString()).toBe('2017-09-16T13:48:19.000Z');
    expect(info.notAfter.toISOString()).toBe('2020-09-15T13:48:19.000Z');
    expect(info.subjectName).toContain('CN=Usuario de Pruebas Persona Juridica');
  });

  it('rejects bytes that are not a certificate', () => {
    expect(() => parseCertificate(Buffer.from('30030201', 'hex'))).toThrow();
  });
});

describe('formatDistinguishedName', () => {
  it('escapes RFC 4514 special characters', () => {
    const name = dn([['2.5.4.6', 'CO', 0x13]], [['2.5.4.10', 'Pérez, Gómez & Cía; "S.A.S" +1']], [['2.5.4.3', '#uno ']]);
    expect(formatDistinguishedName(name)).toBe('CN=\\#uno\\ ,O=Pérez\\, Gómez & Cía\\; \\"S.A.S\\" \\+1,C=CO');
  });

  it('joins multi-valued RDNs with +', () => {
    expect(formatDistinguishedName(dn([['2.5.4.3', 'A'], ['2.5.4.11', 'B']]))).toBe('CN=A+OU=B');
  });
});

describe('sameDistinguishedName', () => {
  const issuer = parseCertificate(andes).issuer;

  it('matches the exact text', () => {
    expect(sameDistinguishedName(parseCertificate(andes).issuerName, issuer)).toBe(true);
  });

  it('tolerates keywords, case and spacing other software writes', () => {
    expect(
      sameDistinguishedName(
        'c=CO, L=bogota d.c., O=Andes SCD., OU=Division de certificacion entidad final, CN=CA ANDES SCD  S.A. Clase II, EMAILADDRESS=info@andesscd.com.co',
        issuer,
      ),
    ).toBe(true);
  });

  it('rejects another name, the reversed order and garbage', () => {
    expect(sameDistinguishedName('C=CO,O=Otra CA,CN=Otra', issuer)).toBe(false);
    expect(
      sameDistinguishedName(
        '1.2.840.113549.1.9.1=#1614696e666f40616e6465737363642e636f6d2e636f,CN=CA ANDES SCD S.A. Clase II,OU=Division de certificacion entidad final,O=Andes SCD.,L=Bogota D.C.,C=CO',
        issuer,
      ),
    ).toBe(false);
    expect(sameDistinguishedName('no es un nombre', issuer)).toBe(false);
  });

  it('decodes escaped values', () => {
    const name = dn([['2.5.4.10', 'Pérez, Gómez']]);
    expect(sameDistinguishedName('O=P\\C3\\A9rez\\, G\\C3\\B3mez', name)).toBe(true);
    expect(sameDistinguishedName(formatDistinguishedName(name), name)).toBe(true);
  });
});
