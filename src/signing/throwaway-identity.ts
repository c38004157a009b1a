/**
 * Throwaway signing identities (self-signed RSA certificate generated on the spot) for
 * benchmarks, demos and tests. Documents signed with them verify cryptographically but are
 * worthless before DIAN: the certificate is not issued by an ONAC-accredited CA.
 */
import { RSA_PKCS1_PADDING } from 'node:constants';
import { generateKeyPairSync, privateEncrypt, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { createSigningIdentity, type SigningIdentity } from './pkcs12.js';

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * A signer object for forge's `certificate.sign()` backed by node:crypto: forge passes the
 * finished SHA-256 digest, which is wrapped in DigestInfo and signed natively with PKCS#1 v1.5
 * (forge's pure-JavaScript RSA takes most of a second per certificate).
 *
 * @param key the RSA private key.
 */
export function forgeNativeSigner(key: KeyObject): forge.pki.rsa.PrivateKey {
  const signer = {
    sign(md: forge.md.MessageDigest): string {
      if (md.algorithm !== 'sha256') throw new Error('Solo se firma con SHA-256');
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      return privateEncrypt({ key, padding: RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest])).toString('binary');
    },
  };
  return signer as unknown as forge.pki.rsa.PrivateKey;
}

/**
 * Creates a self-signed RSA signing identity.
 *
 * @param opts.commonName subject CN (default "PREVIA CERTIFICADO DESECHABLE").
 * @param opts.notBefore / opts.notAfter validity (default: 2020-01-01 to 2040-01-01).
 * @param opts.bits RSA modulus size (default 2048).
 */
export function createThrowawayIdentity(opts: { commonName?: string; notBefore?: Date; notAfter?: Date; bits?: number } = {}): SigningIdentity {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: opts.bits ?? 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.UTC(2020, 0, 1));
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.UTC(2040, 0, 1));
  const name = [
    { shortName: 'C', value: 'CO' },
    { shortName: 'O', value: 'Previa' },
    { shortName: 'CN', value: opts.commonName ?? 'PREVIA CERTIFICADO DESECHABLE' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forgeNativeSigner(privateKey), forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return createSigningIdentity({ privateKey, certificates: [der] });
}
