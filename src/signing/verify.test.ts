import { describe, expect, it } from 'vitest';
import { createSigningIdentity } from './pkcs12.js';
import { DIAN_TEST_TECHNICAL_KEY, TEST_SOFTWARE_PIN, readFixture } from './test-support/fixtures.js';
import { getTestPki } from './test-support/test-pki.js';
import { verifyXml, type VerifyResult } from './verify.js';
import { signXml } from './xades.js';

const pki = getTestPki();
const signingTime = new Date('2024-04-29T15:47:18.294Z');
const invoice = signXml(readFixture('invoice'), pki.identity, { signingTime });
const sigId = /<ds:Signature Id="([^"]+)"/.exec(invoice)![1]!;

function failed(result: VerifyResult): string[] {
  return result.checks.filter((c) => !c.ok).map((c) => c.check);
}

describe('verifyXml — tampering', () => {
  it('accepts the untouched document, as text or bytes', () => {
    expect(verifyXml(invoice).valid).toBe(true);
    expect(verifyXml(Buffer.from(invoice, 'utf8')).valid).toBe(true);
    const result = verifyXml(invoice);
    expect(result.documentType).toBe('Invoice');
    expect(result.certificate?.serialNumber).toBe(pki.identity.serialNumber);
    expect(result.certificate?.issuer).toBe(pki.identity.issuer);
  });

  it('says the document body changed when one amount changes', () => {
    const tampered = invoice.replace('<cbc:PayableAmount currencyID="COP">50000.00</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="COP">50001.00</cbc:PayableAmount>');
    expect(tampered).not.toBe(invoice);
    const result = verifyXml(tampered);
    expect(result.valid).toBe(false);
    expect(failed(result)).toEqual(['reference-document']);
    expect(result.reason).toMatch(/^El contenido del documento cambió después de firmado/);
  });

  it('says the document body changed when it is re-serialized after signing', () => {
    const pretty = invoice.replace('<cbc:UBLVersionID>', '\n  <cbc:UBLVersionID>');
    expect(failed(verifyXml(pretty))).toEqual(['reference-document']);
  });

  it('says KeyInfo changed when the certificate is swapped', () => {
    const other = pki.dian.der.toString('base64');
    const tampered = invoice.replace(/<ds:X509Certificate>[^<]+<\/ds:X509Certificate>/, `<ds:X509Certificate>${other}</ds:X509Certificate>`);
    const result = verifyXml(tampered);
    expect(result.valid).toBe(false);
    expect(failed(result)).toEqual(['reference-keyinfo', 'signature-value', 'signing-certificate']);
    expect(result.reason).toMatch(/^La información del certificado \(ds:KeyInfo\) cambió/);
  });

  it('says the signed properties changed when SigningTime changes', () => {
    const tampered = invoice.replace('2024-04-29T10:47:18.294-05:00', '2024-04-29T10:47:19.294-05:00');
    const result = verifyXml(tampered);
    expect(failed(result)).toEqual(['reference-signed-properties']);
    expect(result.reason).toMatch(/^Las propiedades firmadas/);
  });

  it('says the signature value is wrong when SignedInfo changes', () => {
    const tampered = invoice.replace(/(<ds:SignatureValue[^>]*>)(.)/, (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`);
    expect(failed(verifyXml(tampered))).toEqual(['signature-value']);
  });
});

describe('verifyXml — signature wrapping and hostile XML', () => {
  it('rejects a second element with the Id of the signed properties', () => {
    const tampered = invoice.replace('<cbc:UBLVersionID>', `<cbc:Note Id="${sigId}-signedprops">x</cbc:Note><cbc:UBLVersionID>`);
    const result = verifyXml(tampered);
    expect(result.valid).toBe(false);
    expect(failed(result)).toEqual(['ids']);
    expect(result.reason).toMatch(/envoltura/);
  });

  it('rejects forged signed properties placed ahead of the real ones', () => {
    const forged =
      `<ds:Object><xades:QualifyingProperties Target="#${sigId}"><xades:SignedProperties Id="falsa"><xades:SignedSignatureProperties>` +
      '<xades:SigningTime>2030-01-01T00:00:00.000-05:00</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object>';
    const tampered = invoice.replace('<ds:Object>', `${forged}<ds:Object>`);
    const result = verifyXml(tampered);
    expect(result.valid).toBe(false);
    expect(failed(result)).toContain('reference-signed-properties');
  });

  it('rejects a reference that points outside the document', () => {
    const tampered = invoice.replace(`URI="#${sigId}-keyinfo"`, 'URI="http://atacante.invalid/llave"');
    const result = verifyXml(tampered);
    expect(result.valid).toBe(false);
    expect(result.checks.some((c) => !c.ok && /fuera del documento/.test(c.message))).toBe(true);
  });

  it('rejects two signatures and a signature outside ext:UBLExtensions', () => {
    const signature = invoice.slice(invoice.indexOf('<ds:Signature '), invoice.indexOf('</ds:Signature>') + 15);
    const twice = invoice.replace('</Invoice>', `<cac:AdditionalDocumentReference>${signature.replace(/Id="/g, 'Id="x')}</cac:AdditionalDocumentReference></Invoice>`);
    expect(failed(verifyXml(twice))).toEqual(['signature']);
    const moved = invoice.replace(signature, '').replace('</Invoice>', `${signature}</Invoice>`);
    expect(verifyXml(moved).reason).toMatch(/ext:UBLExtensions/);
  });

  it('refuses DTDs and entities before parsing anything', () => {
    const xxe = invoice.replace('?><Invoice', '?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice').replace('<cbc:Note>', '<cbc:Note>&xxe;');
    const lol = invoice.replace('?><Invoice', `?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><Invoice`);
    for (const bad of [xxe, lol]) {
      const result = verifyXml(bad);
      expect(result.valid).toBe(false);
      expect(failed(result)).toEqual(['xml']);
      expect(result.reason).toMatch(/DOCTYPE/);
    }
  });

  it('bounds size, depth and encoding', () => {
    expect(verifyXml(invoice, { maxBytes: 1000 }).reason).toMatch(/tamaño máximo/);
    expect(verifyXml(`<a>${'<b>'.repeat(500)}${'</b>'.repeat(500)}</a>`).reason).toMatch(/profundidad/);
    expect(verifyXml(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])).reason).toMatch(/UTF-8/);
    expect(verifyXml('<a><b></a>').reason).toMatch(/bien formado/);
    expect(verifyXml(readFixture('invoice')).reason).toMatch(/no tiene firma/);
  });
});

describe('verifyXml — certificate validity is judged at SigningTime', () => {
  const expiredIdentity = createSigningIdentity({ privateKey: pki.expired.key.privateKey, certificates: [pki.expired.der, pki.ca.der] });

  it('accepts a document signed while the (now expired) certificate was valid', () => {
    const signed = signXml(readFixture('invoice'), expiredIdentity, { signingTime: new Date('2020-06-01T12:00:00Z') });
    const result = verifyXml(signed);
    expect(result.valid).toBe(true);
  });

  it('rejects a document signed after the certificate expired', () => {
    const signed = signXml(readFixture('invoice'), expiredIdentity, { signingTime, checkValidity: false });
    const result = verifyXml(signed);
    expect(failed(result)).toEqual(['certificate-validity']);
    expect(result.reason).toContain('2020-12-31 19:00:00');
  });
});

describe('verifyXml — CUFE/CUDE', () => {
  it('recomputes an invoice CUFE with the technical key', () => {
    expect(verifyXml(invoice, { technicalKey: DIAN_TEST_TECHNICAL_KEY }).valid).toBe(true);
    const wrong = verifyXml(invoice, { technicalKey: 'otra-clave' });
    expect(failed(wrong)).toEqual(['unique-code']);
    expect(wrong.reason).toMatch(/CUFE/);
    expect(verifyXml(invoice, { softwarePin: TEST_SOFTWARE_PIN }).reason).toMatch(/clave técnica/);
  });

  it('recomputes the CUDE of notes and events with the software PIN', () => {
    for (const name of ['creditNote', 'debitNote', 'event'] as const) {
      const signed = signXml(readFixture(name), pki.identity, { signingTime });
      expect(verifyXml(signed, { softwarePin: TEST_SOFTWARE_PIN }).checks.find((c) => c.check === 'unique-code')?.ok).toBe(true);
      expect(verifyXml(signed, { softwarePin: '99999' }).valid).toBe(false);
      expect(verifyXml(signed, { technicalKey: DIAN_TEST_TECHNICAL_KEY }).reason).toMatch(/PIN/);
    }
  });

  it('notices a UUID that does not match the signed fields', () => {
    const unsigned = readFixture('invoice').replace(/(<cbc:UUID[^>]*>)[0-9a-f]{96}/, `$1${'0'.repeat(96)}`);
    const signed = signXml(unsigned, pki.identity, { signingTime });
    const result = verifyXml(signed, { technicalKey: DIAN_TEST_TECHNICAL_KEY });
    expect(failed(result)).toEqual(['unique-code']);
  });
});
