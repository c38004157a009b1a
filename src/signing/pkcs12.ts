/**
 * The signer's identity: private key + certificate chain, loaded from the issuer's PKCS#12
 * (.p12/.pfx) file once per process.
 *
 * node-forge reads the PKCS#12 container (MAC check and decryption; it handles both the modern
 * AES/PBKDF2/HMAC-SHA256 encoding and the legacy 3DES/RC2 + SHA-1 MAC one that many Colombian CAs
 * still issue, spec/04-pitfalls.md item 10). Everything after that is node:crypto: the key becomes
 * a KeyObject (signing is native), certificates are kept as the exact DER bytes the CA signed.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { parseCertificate, type CertificateInfo } from './certificate.js';
import { formatColombiaForPeople } from './colombia-time.js';
import { SigningError } from './errors.js';

/** Who signs: the private key and its certificate chain. */
export interface SigningIdentity {
  /** RSA private key, ready for node:crypto. */
  readonly privateKey: KeyObject;
  /** The signing (leaf) certificate, DER. */
  readonly certificateDer: Buffer;
  /** The chain as found in the container, leaf first (the leaf is `chainDer[0]`). */
  readonly chainDer: Buffer[];
  /** Subject of the leaf, RFC 4514. */
  readonly subject: string;
  /** Issuer of the leaf, RFC 4514 as DIAN samples write it (`C=CO,L=…,O=…,CN=…`). */
  readonly issuer: string;
  /** Serial number of the leaf, decimal. */
  readonly serialNumber: string;
  /** Start of the leaf's validity. */
  readonly notBefore: Date;
  /** End of the leaf's validity. */
  readonly notAfter: Date;
}

/** Options of {@link loadPkcs12} and {@link createSigningIdentity}. */
export interface IdentityOptions {
  /** Check that the certificate is valid at this instant; by default validity is not checked. */
  at?: Date;
}

const KEY_TYPE_NAMES: Readonly<Record<string, string>> = {
  ec: 'EC (curva elíptica)',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  dsa: 'DSA',
  'rsa-pss': 'RSA-PSS (restringida a PSS)',
};

/**
 * Throws `expired` or `not_yet_valid` when the certificate is not valid at `at`.
 *
 * @param cert validity period of the certificate.
 * @param at the instant to judge (the signing time).
 * @throws SigningError naming both validity dates in Colombian time.
 */
export function assertCertificateValidAt(cert: { notBefore: Date; notAfter: Date }, at: Date): void {
  const period = `vigente desde ${formatColombiaForPeople(cert.notBefore)} hasta ${formatColombiaForPeople(cert.notAfter)}`;
  if (at.getTime() > cert.notAfter.getTime()) {
    throw new SigningError(
      'expired',
      `El certificado de firma venció el ${formatColombiaForPeople(cert.notAfter)} (${period}); la fecha de firma es ${formatColombiaForPeople(at)}. Renueve el certificado con su entidad de certificación.`,
    );
  }
  if (at.getTime() < cert.notBefore.getTime()) {
    throw new SigningError(
      'not_yet_valid',
      `El certificado de firma aún no es válido en la fecha de firma ${formatColombiaForPeople(at)} (${period}).`,
    );
  }
}

function toKeyObject(key: KeyObject | string | Uint8Array): KeyObject {
  if (typeof key === 'string') return createPrivateKey(key);
  if (key instanceof Uint8Array) return createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
  return key;
}

function toCertificateDer(cert: string | Uint8Array): Buffer {
  if (typeof cert === 'string') return Buffer.from(new X509Certificate(cert).raw);
  return Buffer.from(cert);
}

/**
 * Builds a signing identity from a private key and a set of certificates (in any order): finds
 * the certificate of the key and orders its issuers after it.
 *
 * @param input.privateKey the key as KeyObject, PEM text or PKCS#8 DER.
 * @param input.certificates the leaf and, optionally, its CA certificates (DER or PEM).
 * @param opts.at when given, the leaf must be valid at that instant.
 * @throws SigningError `not_rsa`, `no_private_key` (no certificate for the key), `expired`, `not_yet_valid`, `invalid_file`.
 */
export function createSigningIdentity(
  input: { privateKey: KeyObject | string | Uint8Array; certificates: Array<string | Uint8Array> },
  opts: IdentityOptions = {},
): SigningIdentity {
  let privateKey: KeyObject;
  try {
    privateKey = toKeyObject(input.privateKey);
  } catch (cause) {
    throw new SigningError('invalid_file', 'La llave privada no se pudo leer (formato no reconocido).', { cause });
  }
  if (privateKey.type !== 'private') {
    throw new SigningError('no_private_key', 'Se entregó una llave pública donde se esperaba la llave privada.');
  }
  const keyType = privateKey.asymmetricKeyType ?? 'desconocido';
  if (keyType !== 'rsa') {
    throw new SigningError(
      'not_rsa',
      `La llave privada del certificado es de tipo ${KEY_TYPE_NAMES[keyType] ?? keyType}; la política de firma de la DIAN exige una llave RSA.`,
    );
  }

  let certs: Array<{ der: Buffer; x509: X509Certificate }>;
  try {
    certs = input.certificates.map((c) => {
      const der = toCertificateDer(c);
      return { der, x509: new X509Certificate(der) };
    });
  } catch (cause) {
    throw new SigningError('invalid_file', 'Uno de los certificados no es un certificado X.509 válido.', { cause });
  }
  const leafIndex = certs.findIndex((c) => c.x509.checkPrivateKey(privateKey));
  if (leafIndex === -1) {
    throw new SigningError(
      'no_private_key',
      'El archivo no contiene el certificado que corresponde a la llave privada; exporte el certificado de firma junto con su llave.',
    );
  }
  const chain = [certs[leafIndex]!];
  const unused = certs.filter((_, i) => i !== leafIndex);
  for (;;) {
    const current = chain[chain.length - 1]!;
    if (current.x509.checkIssued(current.x509)) break; // self-signed root
    const next = unused.findIndex((c) => current.x509.checkIssued(c.x509) && current.x509.verify(c.x509.publicKey));
    if (next === -1) break;
    chain.push(unused[next]!);
    unused.splice(next, 1);
  }

  let info: CertificateInfo;
  try {
    info = parseCertificate(chain[0]!.der);
  } catch (cause) {
    throw new SigningError('invalid_file', 'El certificado de firma no se pudo interpretar.', { cause });
  }
  const identity: SigningIdentity = {
    privateKey,
    certificateDer: chain[0]!.der,
    chainDer: chain.map((c) => c.der),
    subject: info.subjectName,
    issuer: info.issuerName,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
  };
  if (opts.at) assertCertificateValidAt(identity, opts.at);
  return identity;
}

/**
 * Runs forge's PKCS#12 reader so that it hands back every bag as raw ASN.1. forge would
 * otherwise turn certificates and RSA keys into its own objects, and re-encoding a certificate
 * from those can change bytes the CA signed; the raw form is exactly what is in the file.
 * (forge documents this fallback: bags of types it cannot model keep their `asn1`.)
 */
function readPfxRaw(asn1: forge.asn1.Asn1, password: string): forge.pkcs12.Pkcs12Pfx {
  const pki = forge.pki as unknown as Record<string, unknown>;
  const originalCert = pki.certificateFromAsn1;
  const originalKey = pki.privateKeyFromAsn1;
  const refuse = (): never => {
    throw new Error('raw');
  };
  pki.certificateFromAsn1 = refuse;
  pki.privateKeyFromAsn1 = refuse;
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } finally {
    pki.certificateFromAsn1 = originalCert;
    pki.privateKeyFromAsn1 = originalKey;
  }
}

function bagDer(bag: forge.pkcs12.Bag): Buffer {
  return Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
}

/**
 * Loads the issuer's PKCS#12 (.p12/.pfx). Call it once per process and keep the identity.
 *
 * @param p12 the file's bytes.
 * @param password its password.
 * @param opts.at when given, the certificate must be valid at that instant (default: not checked).
 * @throws SigningError `invalid_file`, `wrong_password`, `no_private_key`, `not_rsa`, `expired`,
 *   `not_yet_valid`, each with a Spanish message (expiry errors name the validity dates).
 */
export function loadPkcs12(p12: Uint8Array, password: string, opts: IdentityOptions = {}): SigningIdentity {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')), false);
  } catch (cause) {
    throw new SigningError('invalid_file', 'El archivo no es un certificado PKCS#12 (.p12/.pfx) válido o está dañado.', { cause });
  }
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = readPfxRaw(asn1, password);
  } catch (cause) {
    const text = cause instanceof Error ? cause.message : String(cause);
    if (/password|MAC could not be verified|decrypt/i.test(text)) {
      throw new SigningError('wrong_password', 'La contraseña del certificado (.p12/.pfx) es incorrecta.', { cause });
    }
    throw new SigningError(
      'invalid_file',
      `El archivo PKCS#12 (.p12/.pfx) no se pudo leer: ${text}. Si usa un cifrado poco común, exporte de nuevo el certificado.`,
      { cause },
    );
  }

  const keys: Buffer[] = [];
  const certs: Buffer[] = [];
  for (const sc of pfx.safeContents) {
    for (const bag of sc.safeBags) {
      if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
        if (bag.asn1) keys.push(bagDer(bag));
      } else if (bag.type === forge.pki.oids.certBag) {
        if (bag.asn1) certs.push(bagDer(bag));
      }
    }
  }
  if (keys.length === 0) {
    throw new SigningError(
      'no_private_key',
      'El archivo .p12/.pfx no contiene la llave privada; exporte el certificado de firma incluyendo su llave privada.',
    );
  }
  if (certs.length === 0) {
    throw new SigningError('no_private_key', 'El archivo .p12/.pfx no contiene ningún certificado.');
  }
  let lastError: unknown;
  for (const keyDer of keys) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' });
    } catch (cause) {
      lastError = new SigningError('invalid_file', 'La llave privada del archivo .p12/.pfx no se pudo leer.', { cause });
      continue;
    }
    try {
      return createSigningIdentity({ privateKey: key, certificates: certs }, opts);
    } catch (error) {
      lastError = error;
      if (!(error instanceof SigningError) || error.kind !== 'no_private_key') throw error;
    }
  }
  throw lastError;
}
