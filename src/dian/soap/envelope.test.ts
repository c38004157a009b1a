import { describe, expect, it } from 'vitest';
import { getTestPki } from '../../signing/test-support/test-pki.js';
import { parseRuleMessage } from '../client/responses.js';
import { HAS_XMLSEC, xmlsecVerifyEnvelope } from '../test-support/independent-checks.js';
import { buildSecuredEnvelope, canonicalTo } from './envelope.js';
import { nitFromCertificate, verifyRequestSecurity } from './security.js';

const NOW = new Date('2026-11-27T15:00:00.000Z');
const TO = 'https://vpfe-hab.dian.gov.co/WcfDianCustomerServices.svc';

function envelope(now = NOW, ttlSeconds?: number): string {
  return buildSecuredEnvelope({ operation: 'GetStatus', to: TO, fields: { trackId: 'abc' }, credentials: getTestPki().identity, now, idSuffix: 'fijo', ...(ttlSeconds && { ttlSeconds }) });
}

describe('WS-Security envelope', () => {
  it('is deterministic and verifies with our server-side check', () => {
    expect(envelope()).toBe(envelope());
    const r = verifyRequestSecurity(envelope(), NOW);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.caller.to).toBe(TO);
      expect(nitFromCertificate(r.caller.certificate)).toBe('900108281');
    }
  });

  it('canonical wsa:To lists soap, wcf, wsa, wsu in prefix order', () => {
    expect(canonicalTo(TO, 'ID-1')).toMatch(/^<wsa:To xmlns:soap="[^"]+" xmlns:wcf="[^"]+" xmlns:wsa="[^"]+" xmlns:wsu="[^"]+" wsu:Id="ID-1">/);
  });

  it.skipIf(!HAS_XMLSEC)('verifies with xmlsec1 and fails once wsa:To is changed', () => {
    const pem = getTestPki().signer.pem;
    expect(xmlsecVerifyEnvelope(envelope(), pem).ok).toBe(true);
    expect(xmlsecVerifyEnvelope(envelope().replace(`${TO}</wsa:To>`, `${TO}?wsdl</wsa:To>`), pem).ok).toBe(false);
  });

  it('is refused when tampered, expired, future-dated or too long-lived', () => {
    const tampered = verifyRequestSecurity(envelope().replace(`${TO}</wsa:To>`, 'https://otro/WcfDianCustomerServices.svc</wsa:To>'), NOW);
    expect(!tampered.ok && tampered.fault.subcode).toBe('o:FailedAuthentication');
    const expired = verifyRequestSecurity(envelope(new Date(NOW.getTime() - 3600_000)), NOW);
    expect(!expired.ok && expired.fault.subcode).toBe('o:MessageExpired');
    const future = verifyRequestSecurity(envelope(new Date(NOW.getTime() + 600_000)), NOW);
    expect(!future.ok && future.fault.subcode).toBe('o:MessageExpired');
    const long = verifyRequestSecurity(envelope(NOW, 60_000), NOW);
    expect(long.ok).toBe(false);
    const unsigned = verifyRequestSecurity(envelope().replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''), NOW);
    expect(!unsigned.ok && unsigned.fault.subcode).toBe('o:FailedAuthentication');
  });

  it('accepts another client’s layout: other prefixes, indentation, Timestamp also signed', async () => {
    // Re-prefix and indent our envelope the way other SOAP stacks write it; exclusive C14N makes
    // the wsa:To digest independent of that, so only the SignedInfo must be re-signed.
    const { createSign } = await import('node:crypto');
    const { canonicalizeElement } = await import('../../signing/c14n.js');
    const { parseUntrustedXml, allElements } = await import('../../signing/safe-xml.js');
    const foreign = envelope()
      .replace(/soap:/g, 's12:')
      .replace(/xmlns:soap=/g, 'xmlns:s12=')
      .replace(/<wsse:Security /, '\n  <wsse:Security ')
      .replace(/<wsa:Action>/, '\n  <wsa:Action>')
      .replace(/PrefixList="wsa soap wcf"/, 'PrefixList="wsa s12 wcf"')
      .replace(/PrefixList="soap wcf"/, 'PrefixList="s12 wcf"');
    // With the s12 prefix in the PrefixList the digest of wsa:To changes: recompute it and re-sign.
    const doc = parseUntrustedXml(foreign);
    const els = allElements(doc.documentElement!);
    const to = els.find((e) => e.localName === 'To')!;
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(canonicalizeElement(to, 'http://www.w3.org/2001/10/xml-exc-c14n#', { inclusivePrefixes: ['s12', 'wcf'] })).digest('base64');
    let xml = foreign.replace(/<ds:DigestValue>[^<]*<\/ds:DigestValue>/, `<ds:DigestValue>${digest}</ds:DigestValue>`);
    const doc2 = parseUntrustedXml(xml);
    const si = allElements(doc2.documentElement!).find((e) => e.localName === 'SignedInfo')!;
    const canonical = canonicalizeElement(si, 'http://www.w3.org/2001/10/xml-exc-c14n#', { inclusivePrefixes: ['wsa', 's12', 'wcf'] });
    const sig = createSign('RSA-SHA256').update(canonical).sign(getTestPki().identity.privateKey).toString('base64');
    xml = xml.replace(/<ds:SignatureValue>[^<]*<\/ds:SignatureValue>/, `<ds:SignatureValue>${sig}</ds:SignatureValue>`);
    expect(verifyRequestSecurity(xml, NOW)).toMatchObject({ ok: true });
  });
});

describe('DIAN ErrorMessage lines', () => {
  it('parses the current and the Anexo (older) forms', () => {
    expect(parseRuleMessage('Regla: FAD06, Rechazo: Valor del CUFE no está calculado correctamente.')).toMatchObject({
      ruleId: 'FAD06',
      severity: 'rejection',
      message: 'Valor del CUFE no está calculado correctamente.',
    });
    expect(parseRuleMessage('Regla: FAJ43b, Notificación: Nombre informado no corresponde al registrado en el RUT.')).toMatchObject({ ruleId: 'FAJ43b', severity: 'notification' });
    expect(parseRuleMessage('Regla: 90, Rechazo: Documento procesado anteriormente')).toMatchObject({ ruleId: '90', severity: 'rejection' });
    const old = parseRuleMessage('Regla: AA09 Valor del CUFE no está calculado correctamente.');
    expect(old).toMatchObject({ ruleId: 'AA09', message: 'Valor del CUFE no está calculado correctamente.' });
    expect(old.severity).toBeUndefined();
    expect(parseRuleMessage('Texto libre')).toMatchObject({ ruleId: '', message: 'Texto libre' });
  });
});
