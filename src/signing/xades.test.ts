import { describe, expect, it } from 'vitest';
import { SigningError } from './errors.js';
import { getTestPki } from './test-support/test-pki.js';
import { FIXTURE_FILES, readFixture } from './test-support/fixtures.js';
import { verifyXml } from './verify.js';
import { signXml } from './xades.js';

const pki = getTestPki();
const signingTime = new Date('2024-04-29T15:47:18.294Z');
const SLOT = '<ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension>';

function kindOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SigningError) return error.kind;
    throw error;
  }
  return undefined;
}

describe('signXml', () => {
  it.each(Object.keys(FIXTURE_FILES) as Array<keyof typeof FIXTURE_FILES>)('signs the %s fixture so that it verifies', (name) => {
    const unsigned = readFixture(name);
    const signed = signXml(unsigned, pki.identity, { signingTime });
    const result = verifyXml(signed);
    expect(result.reason).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(result.signingTime).toBe('2024-04-29T10:47:18.294-05:00');
  });

  it('only inserts the signature into the empty second extension: every other byte is the input', () => {
    const unsigned = readFixture('invoice');
    const signed = signXml(unsigned, pki.identity, { signingTime });
    const slot = unsigned.indexOf(SLOT) + '<ext:UBLExtension><ext:ExtensionContent>'.length;
    const sigEnd = signed.indexOf('</ds:Signature>') + '</ds:Signature>'.length;
    expect(signed.slice(0, slot)).toBe(unsigned.slice(0, slot));
    expect(signed.slice(sigEnd)).toBe(unsigned.slice(slot));
    expect(signed.slice(slot, slot + 14)).toBe('<ds:Signature ');
  });

  it('is deterministic and writes the DIAN profile', () => {
    const a = signXml(readFixture('invoice'), pki.identity, { signingTime });
    const b = signXml(readFixture('invoice'), pki.identity, { signingTime });
    expect(a).toBe(b);
    const id = /<ds:Signature Id="(xmldsig-[0-9a-f-]{36})">/.exec(a)![1]!;
    expect(a).toContain(`<ds:Reference Id="${id}-ref0" URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature">`);
    expect(a).toContain(`<ds:Reference URI="#${id}-keyinfo">`);
    expect(a).toContain(`<ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#${id}-signedprops">`);
    expect(a).toContain('<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315">');
    expect(a).toContain('<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256">');
    expect(a).toContain('<xades:SigningTime>2024-04-29T10:47:18.294-05:00</xades:SigningTime>');
    expect(a).toContain(`<xades:QualifyingProperties Target="#${id}">`);
    expect(a).toContain('<xades:Identifier>https://facturaelectronica.dian.gov.co/politicadefirma/v2/politicadefirmav2.pdf</xades:Identifier>');
    expect(a).toContain('<ds:DigestValue>dMoMvtcG5aIzgYo0tIsSQeVJBDnUnfSOfBpxXrmor0Y=</ds:DigestValue>');
    expect(a).toContain('<xades:ClaimedRole>supplier</xades:ClaimedRole>');
    expect(a.match(/<xades:Cert>/g)).toHaveLength(2); // leaf and CA
    expect(a).toContain(`<ds:X509IssuerName>${pki.identity.issuer}</ds:X509IssuerName>`);
    expect(a).toContain(`<ds:X509SerialNumber>${pki.identity.serialNumber}</ds:X509SerialNumber>`);
  });

  it.each(['rsa-sha384', 'rsa-sha512'] as const)('signs with %s', (algorithm) => {
    const signed = signXml(readFixture('creditNote'), pki.identity, { signingTime, algorithm, role: 'third party', signatureId: 'firma-1' });
    expect(signed).toContain(`#${algorithm}"`);
    expect(signed).toContain('<ds:Signature Id="firma-1">');
    expect(signed).toContain('<xades:ClaimedRole>third party</xades:ClaimedRole>');
    expect(verifyXml(signed).valid).toBe(true);
  });

  it('gives the same bytes on the trusted path', () => {
    for (const name of Object.keys(FIXTURE_FILES) as Array<keyof typeof FIXTURE_FILES>) {
      const xml = readFixture(name);
      expect(signXml(xml, pki.identity, { signingTime, input: 'trusted' })).toBe(signXml(xml, pki.identity, { signingTime }));
    }
  });

  it('canonicalizes foreign (pretty-printed) input first, or refuses it on request', () => {
    const pretty = readFixture('debitNote')
      .replace(/<cac:/g, '\n  <cac:')
      .replace('<cbc:ID>', '<cbc:ID >')
      .replace(/<cbc:LineCountNumeric>1<\/cbc:LineCountNumeric>/, '<cbc:LineCountNumeric\n>1</cbc:LineCountNumeric><!-- comentario -->');
    expect(kindOf(() => signXml(pretty, pki.identity, { signingTime, input: 'canonical' }))).toBe('invalid_input');
    const signed = signXml(pretty, pki.identity, { signingTime });
    expect(signed).not.toContain('<!--');
    expect(signed).toContain('\n  <cac:');
    expect(verifyXml(signed).valid).toBe(true);
  });

  it('declares ds and xades when a foreign root lacks them', () => {
    const xml = readFixture('event').replace(' xmlns:ds="http://www.w3.org/2000/09/xmldsig#"', '').replace(' xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"', '');
    const signed = signXml(xml, pki.identity, { signingTime });
    expect(signed).toContain(' xmlns:ds="http://www.w3.org/2000/09/xmldsig#"');
    expect(verifyXml(signed).valid).toBe(true);
  });

  it('chooses the slot: first empty one by default, or the one asked for', () => {
    const xml = readFixture('invoice').replace(`${SLOT}</ext:UBLExtensions>`, `${SLOT}${SLOT}</ext:UBLExtensions>`);
    const second = signXml(xml, pki.identity, { signingTime });
    const third = signXml(xml, pki.identity, { signingTime, extensionIndex: 3 });
    expect(second.indexOf('<ds:Signature')).toBeLessThan(third.indexOf('<ds:Signature'));
    expect(verifyXml(third).valid).toBe(true);
    expect(kindOf(() => signXml(xml, pki.identity, { signingTime, extensionIndex: 1 }))).toBe('invalid_input');
    expect(kindOf(() => signXml(xml, pki.identity, { signingTime, extensionIndex: 9 }))).toBe('invalid_input');
  });

  it('refuses documents without a slot or already signed', () => {
    expect(kindOf(() => signXml(readFixture('invoice').replace(SLOT, ''), pki.identity, { signingTime }))).toBe('invalid_input');
    const signed = signXml(readFixture('invoice'), pki.identity, { signingTime });
    expect(kindOf(() => signXml(signed, pki.identity, { signingTime }))).toBe('invalid_input');
    expect(kindOf(() => signXml('<a><b></a>', pki.identity, { signingTime }))).toBe('invalid_input');
    expect(kindOf(() => signXml(readFixture('invoice'), pki.identity, { signingTime, signatureId: '1 mal' }))).toBe('invalid_input');
    expect(kindOf(() => signXml(readFixture('invoice'), pki.identity, { signingTime, signatureId: 'SETP990000001' }))).toBe('invalid_input');
  });

  it('refuses a certificate that is not valid at the signing time, unless told otherwise', () => {
    const expired = { ...pki.identity, notBefore: new Date('2019-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') };
    expect(kindOf(() => signXml(readFixture('invoice'), expired, { signingTime }))).toBe('expired');
    expect(kindOf(() => signXml(readFixture('invoice'), expired, { signingTime: new Date('2018-06-01T00:00:00Z') }))).toBe('not_yet_valid');
    expect(signXml(readFixture('invoice'), expired, { signingTime, checkValidity: false })).toContain('<ds:Signature');
  });
});
