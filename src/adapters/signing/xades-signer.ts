import type { DocumentSigner, SignerIdentity } from '../../app/ports.js';
import { loadPkcs12, signXml, SigningError, type SigningIdentity } from '../../signing/index.js';

/** The real signer: PKCS#12 loading and XAdES-EPES signing from `src/signing`. */
export function createXadesSigner(): DocumentSigner {
  return {
    async loadIdentity(p12, password, at) {
      try {
        return { ok: true, identity: loadPkcs12(p12, password, { at }) };
      } catch (e) {
        if (e instanceof SigningError) return { ok: false, message: e.message };
        throw e;
      }
    },
    async sign(xml, identity: SignerIdentity, signingTime) {
      // The builder's output is canonical by construction (tested in the core with `canonical`).
      return signXml(xml, identity as SigningIdentity, { signingTime, input: 'trusted' });
    },
  };
}
