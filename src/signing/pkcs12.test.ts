import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SigningError } from './errors.js';
import { createSigningIdentity, loadPkcs12 } from './pkcs12.js';
import { getTestPki, makeTestPkcs12, makeTestPkcs12WithRawKey } from './test-support/test-pki.js';

const pki = getTestPki();
const HAS_OPENSSL = spawnSync('openssl', ['version']).error === undefined;

function expectKind(fn: () => unknown, kind: SigningError['kind']): SigningError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SigningError);
    expect((error as SigningError).kind).toBe(kind);
    return error as SigningError;
  }
  throw new Error(`se esperaba SigningError ${kind}`);
}

describe('loadPkcs12', () => {
  it('loads the legacy encoding (pbeWithSHAAnd3-KeyTripleDES-CBC, SHA-1 MAC)', () => {
    const p12 = makeTestPkcs12({ key: pki.signer.key, certs: [pki.signer, pki.ca], password: 'clave-3des', algorithm: '3des' });
    const id = loadPkcs12(p12, 'clave-3des');
    expect(id.privateKey.asymmetricKeyType).toBe('rsa');
    expect(id.certificateDer.equals(pki.signer.der)).toBe(true);
    expect(id.chainDer).toHaveLength(2);
    expect(id.chainDer[1]!.equals(pki.ca.der)).toBe(true);
    expect(id.serialNumber).toBe(BigInt(`0x${pki.signer.cert.serialNumber}`).toString());
    expect(id.issuer).toBe(
      'C=CO,L=Bogota D.C.,O=Previa Pruebas,OU=Autoridad de certificacion de pruebas,CN=CA PREVIA PRUEBAS (NO CONFIABLE),' +
        '1.2.840.113549.1.9.1=#1619636140707275656261732e7072657669612e696e76616c6964',
    );
    expect(id.notAfter.toISOString()).toBe('2035-01-01T00:00:00.000Z');
  });

  it('loads the AES encoding and orders the chain leaf first whatever the file order', () => {
    const p12 = makeTestPkcs12({ key: pki.signer.key, certs: [pki.ca, pki.signer], password: 'x', algorithm: 'aes256' });
    const id = loadPkcs12(p12, 'x');
    expect(id.certificateDer.equals(pki.signer.der)).toBe(true);
    expect(id.chainDer.map((d) => d.equals(pki.ca.der))).toEqual([false, true]);
  });

  it('rejects a wrong password', () => {
    const p12 = makeTestPkcs12({ key: pki.signer.key, certs: [pki.signer], password: 'correcta', algorithm: '3des' });
    const error = expectKind(() => loadPkcs12(p12, 'incorrecta'), 'wrong_password');
    expect(error.message).toMatch(/contraseña/);
  });

  it('rejects a file that is not PKCS#12', () => {
    expectKind(() => loadPkcs12(Buffer.from('esto no es un certificado'), 'x'), 'invalid_file');
  });

  it('rejects a file without private key', () => {
    const p12 = makeTestPkcs12({ certs: [pki.signer], password: 'x' });
    expectKind(() => loadPkcs12(p12, 'x'), 'no_private_key');
  });

  it('rejects a key whose certificate is missing', () => {
    const p12 = makeTestPkcs12({ key: pki.signer.key, certs: [pki.dian], password: 'x' });
    expectKind(() => loadPkcs12(p12, 'x'), 'no_private_key');
  });

  it('rejects a non-RSA key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p12 = makeTestPkcs12WithRawKey({ pkcs8Der: privateKey.export({ type: 'pkcs8', format: 'der' }), cert: pki.signer, password: 'x' });
    const error = expectKind(() => loadPkcs12(p12, 'x'), 'not_rsa');
    expect(error.message).toMatch(/EC/);
  });

  it('names the dates of an expired certificate', () => {
    const p12 = makeTestPkcs12({ key: pki.expired.key, certs: [pki.expired, pki.ca], password: 'x', algorithm: '3des' });
    const error = expectKind(() => loadPkcs12(p12, 'x', { at: new Date('2024-04-29T15:00:00Z') }), 'expired');
    expect(error.message).toContain('2020-12-31 19:00:00');
    expect(error.message).toContain('2018-12-31 19:00:00');
    // Without `at` the file loads: validity is judged where the signing time is known.
    expect(loadPkcs12(p12, 'x').notAfter.toISOString()).toBe('2021-01-01T00:00:00.000Z');
  });

  it('rejects a certificate that is not valid yet', () => {
    const p12 = makeTestPkcs12({ key: pki.future.key, certs: [pki.future], password: 'x' });
    const error = expectKind(() => loadPkcs12(p12, 'x', { at: new Date('2024-04-29T15:00:00Z') }), 'not_yet_valid');
    expect(error.message).toContain('2039-12-31 19:00:00');
  });

  describe.skipIf(!HAS_OPENSSL)(`files written by OpenSSL 3${HAS_OPENSSL ? '' : ' [OMITIDO: falta openssl]'}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'previa-p12-'));
    const run = (args: string[]) => {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    };
    writeFileSync(join(dir, 'key.pem'), pki.signer.key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'cert.pem'), pki.signer.pem);
    writeFileSync(join(dir, 'ca.pem'), pki.ca.pem);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('loads the default encoding (PBES2/AES-256-CBC, HMAC-SHA256 MAC) with the certificate bytes intact', () => {
      run(['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-certfile', 'ca.pem', '-out', 'modern.p12', '-passout', 'pass:Clave#2024']);
      const id = loadPkcs12(readFileSync(join(dir, 'modern.p12')), 'Clave#2024');
      expect(id.certificateDer.equals(Buffer.from(new X509Certificate(pki.signer.pem).raw))).toBe(true);
      expect(id.chainDer).toHaveLength(2);
    });

    it('loads the -legacy encoding (RC2/3DES, SHA-1 MAC)', () => {
      const r = spawnSync('openssl', ['pkcs12', '-export', '-legacy', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'legacy.p12', '-passout', 'pass:vieja'], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (r.status !== 0) return; // OpenSSL built without the legacy provider
      expect(loadPkcs12(readFileSync(join(dir, 'legacy.p12')), 'vieja').certificateDer.equals(pki.signer.der)).toBe(true);
      expectKind(() => loadPkcs12(readFileSync(join(dir, 'legacy.p12')), 'nueva'), 'wrong_password');
    });
  });
});

describe('createSigningIdentity', () => {
  it('accepts PEM key and certificates', () => {
    const id = createSigningIdentity({
      privateKey: pki.signer.key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      certificates: [pki.ca.pem, pki.signer.pem],
    });
    expect(id.subject).toBe('C=CO,ST=Cundinamarca,L=Bogota,O=FACTURADOR DE PRUEBAS S.A.S.,CN=FACTURADOR DE PRUEBAS S.A.S.,2.5.4.5=#1309393030313038323831');
    expect(id.chainDer).toHaveLength(2);
  });
});
