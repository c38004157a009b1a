import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * A throwaway self-signed certificate as a .p12 (for the embedded demo and tests): RSA 2048,
 * the NIT in the subject's serialNumber (where Colombian CAs put it) so the simulator can read
 * the caller's NIT. Worthless before DIAN.
 */
export function makeDemoPkcs12(p: { nit: string; name: string; password: string; notBefore?: Date; notAfter?: Date }): Uint8Array {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const serial = randomBytes(12);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const notBefore = p.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = p.notAfter ?? new Date(notBefore.getTime() + 2 * 365 * 86_400_000);
  const attrs: forge.pki.CertificateField[] = [
    { name: 'countryName', value: 'CO' },
    { name: 'organizationName', value: p.name },
    { shortName: 'OU', value: `NIT ${p.nit}` },
    { type: '2.5.4.5', value: p.nit },
    { name: 'commonName', value: `${p.name} (CERTIFICADO DE PRUEBA)` },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], p.password, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
