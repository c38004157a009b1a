import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../app/ports.js';

const VERSION = 'v1';

/**
 * AES-256-GCM with a key derived (SHA-256) from the master key. Output:
 * `v1.<iv b64>.<tag b64>.<ciphertext b64>`; tampering or a wrong key fails on open.
 */
export function createSecretBox(masterKey: string): SecretBox {
  if (masterKey.length < 16) throw new Error('La clave maestra (PREVIA_MASTER_KEY) debe tener al menos 16 caracteres');
  const key = createHash('sha256').update(`previa-secrets:${masterKey}`).digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Secreto cifrado con formato desconocido');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
    },
  };
}
