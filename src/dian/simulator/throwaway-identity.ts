/**
 * Throwaway signing identities: an RSA key (node:crypto, fast) and a self-signed X.509
 * certificate (written with node-forge). The simulator signs its ApplicationResponses with one
 * created at start-up; tests use them as callers' certificates.
 *
 * The NIT goes in the subject's `serialNumber` attribute (2.5.4.5), where Colombian CAs put the
 * holder's identification, and also in `OU` as "NIT <n>" for human readers.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { createSigningIdentity, type SigningIdentity } from '../../signing/pkcs12.js';

/** Options of {@link createThrowawayIdentity}. */
export interface ThrowawayIdentityOptions {
  /** Subject CN. */
  commonName: string;
  /** NIT (without DV) written in the subject; omitted when undefined. */
  nit?: string;
  /** Organisation name. */
  organization?: string;
  /** Start of validity (default: now minus one day). */
  notBefore?: Date;
  /** End of validity (default: notBefore plus two years). */
  notAfter?: Date;
  /** RSA modulus length (default 2048). */
  modulusLength?: number;
}

/** A self-signed identity plus its PEM forms (for xmlsec1 and files). */
export interface ThrowawayIdentity {
  identity: SigningIdentity;
  certificatePem: string;
  privateKeyPem: string;
}

/** Creates a self-signed RSA identity. Takes ~50–150 ms; reuse it within a process. */
export function createThrowawayIdentity(opts: ThrowawayIdentityOptions): ThrowawayIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: opts.modulusLength ?? 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // Positive serial: first byte below 0x80.
  const serial = randomBytes(12);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const notBefore = opts.notBefore ?? new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = opts.notAfter ?? new Date(notBefore.getTime() + 2 * 365 * 24 * 3600 * 1000);
  const attrs: forge.pki.CertificateField[] = [
    { name: 'countryName', value: 'CO' },
    { name: 'organizationName', value: opts.organization ?? opts.commonName },
  ];
  if (opts.nit !== undefined) {
    attrs.push({ shortName: 'OU', value: `NIT ${opts.nit}` });
    attrs.push({ type: '2.5.4.5', value: opts.nit });
  }
  attrs.push({ name: 'commonName', value: opts.commonName });
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const identity = createSigningIdentity({ privateKey, certificates: [certificatePem] });
  return { identity, certificatePem, privateKeyPem };
}
