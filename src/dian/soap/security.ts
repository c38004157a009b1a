/**
 * Server-side check of a request's WS-Security header, as DIAN's WCF binding does it
 * (spec/02-services.md §1, §4): the BinarySecurityToken certificate, a signature by that
 * certificate whose references include `wsa:To` (exclusive C14N, SHA-256 digests, RSA-SHA256),
 * and a Timestamp inside the accepted window.
 *
 * It works on any client's envelope, not just ours: the message is parsed into a DOM with the
 * signing module's hardened parser and canonicalized with xml-crypto's exclusive C14N (through
 * `signing/c14n.ts`), so prefixes, whitespace and attribute order of other clients are fine.
 */
import { X509Certificate, createHash, createVerify } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { canonicalizeElement } from '../../signing/c14n.js';
import { allElements, childElements, firstChild, parseUntrustedXml } from '../../signing/safe-xml.js';
import { SOAP_NS, WSS_ALGORITHMS } from './namespaces.js';
import type { SoapFault } from './message.js';

/** Limits of the Timestamp window. */
export interface SecurityPolicy {
  /** Tolerated clock difference, seconds (default 300: WCF's default MaxClockSkew). */
  maxClockSkewSeconds?: number;
  /** Longest accepted Expires − Created, seconds (default 3600; DIAN's maximum is UNCONFIRMED). */
  maxLifetimeSeconds?: number;
  /** Whether a Timestamp is required (default true: the policy says IncludeTimestamp). */
  requireTimestamp?: boolean;
}

/** What a verified header tells about the caller. */
export interface VerifiedCaller {
  certificate: X509Certificate;
  certificateDer: Buffer;
  /** `wsa:To` as sent. */
  to: string;
  /** `wsa:Action` as sent. */
  action: string | undefined;
  created?: Date;
  expires?: Date;
}

/** Outcome of {@link verifyRequestSecurity}: the caller, or the SOAP fault WCF would answer. */
export type SecurityCheck = { ok: true; caller: VerifiedCaller } | { ok: false; fault: SoapFault; detail: string };

const DIGESTS: Record<string, string> = {
  [WSS_ALGORITHMS.sha256]: 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
const SIGNATURES: Record<string, string> = {
  [WSS_ALGORITHMS.rsaSha256]: 'RSA-SHA256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'RSA-SHA384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'RSA-SHA512',
};

function invalid(detail: string, subcode = 'o:InvalidSecurity'): SecurityCheck {
  return {
    ok: false,
    fault: { code: 's:Sender', subcode, reason: `Error al verificar la seguridad del mensaje: ${detail}` },
    detail,
  };
}

function idOf(el: Element): string | undefined {
  return el.getAttributeNS(SOAP_NS.wsu, 'Id') || el.getAttribute('Id') || el.getAttribute('ID') || el.getAttribute('id') || undefined;
}

function prefixList(parent: Element): string[] {
  const inc = firstChild(parent, SOAP_NS.ec, 'InclusiveNamespaces');
  const list = inc?.getAttribute('PrefixList') ?? '';
  return list.split(/\s+/).filter((p) => p !== '');
}

/**
 * Verifies the WS-Security header of a request envelope.
 *
 * @param xml the envelope exactly as received.
 * @param now the server's clock.
 */
export function verifyRequestSecurity(xml: string, now: Date, policy: SecurityPolicy = {}): SecurityCheck {
  let root: Element;
  try {
    root = parseUntrustedXml(xml).documentElement as unknown as Element;
  } catch (e) {
    return invalid(`mensaje ilegible (${e instanceof Error ? e.message : String(e)})`);
  }
  const header = firstChild(root, SOAP_NS.soap, 'Header');
  if (!header) return invalid('el sobre no tiene encabezado (soap:Header).');
  const security = firstChild(header, SOAP_NS.wsse, 'Security');
  if (!security) return invalid('falta el encabezado wsse:Security.');
  const toEl = firstChild(header, SOAP_NS.wsa, 'To');
  if (!toEl) return invalid('falta el encabezado wsa:To.', 'a:DestinationUnreachable');
  const to = (toEl.textContent ?? '').trim();
  const action = firstChild(header, SOAP_NS.wsa, 'Action')?.textContent?.trim() ?? undefined;

  // Timestamp window.
  let created: Date | undefined;
  let expires: Date | undefined;
  const ts = firstChild(security, SOAP_NS.wsu, 'Timestamp');
  if (ts) {
    created = new Date((firstChild(ts, SOAP_NS.wsu, 'Created')?.textContent ?? '').trim());
    const expiresText = firstChild(ts, SOAP_NS.wsu, 'Expires')?.textContent?.trim();
    expires = expiresText ? new Date(expiresText) : undefined;
    if (Number.isNaN(created.getTime())) return invalid('wsu:Created inválido en el Timestamp.');
    if (expires && Number.isNaN(expires.getTime())) return invalid('wsu:Expires inválido en el Timestamp.');
    const skew = (policy.maxClockSkewSeconds ?? 300) * 1000;
    if (created.getTime() - skew > now.getTime()) {
      return invalid(`el Timestamp fue creado en el futuro (${created.toISOString()}; hora del servidor ${now.toISOString()}).`, 'o:MessageExpired');
    }
    if (expires && expires.getTime() + skew < now.getTime()) {
      return invalid(`el mensaje expiró (${expires.toISOString()}; hora del servidor ${now.toISOString()}).`, 'o:MessageExpired');
    }
    if (expires && expires.getTime() - created.getTime() > (policy.maxLifetimeSeconds ?? 3600) * 1000) {
      return invalid(`la vigencia del Timestamp supera el máximo de ${policy.maxLifetimeSeconds ?? 3600} segundos.`);
    }
  } else if (policy.requireTimestamp ?? true) {
    return invalid('falta wsu:Timestamp en el encabezado de seguridad.');
  }

  // The token.
  const bst = firstChild(security, SOAP_NS.wsse, 'BinarySecurityToken');
  if (!bst) return invalid('falta el wsse:BinarySecurityToken con el certificado.', 'o:InvalidSecurityToken');
  let certificateDer: Buffer;
  let certificate: X509Certificate;
  try {
    certificateDer = Buffer.from((bst.textContent ?? '').replace(/\s+/g, ''), 'base64');
    certificate = new X509Certificate(certificateDer);
  } catch {
    return invalid('el BinarySecurityToken no contiene un certificado X.509 legible.', 'o:InvalidSecurityToken');
  }

  // The signature.
  const signature = firstChild(security, SOAP_NS.ds, 'Signature');
  if (!signature) return invalid('falta la firma (ds:Signature) del encabezado wsa:To.', 'o:FailedAuthentication');
  const signedInfo = firstChild(signature, SOAP_NS.ds, 'SignedInfo');
  const signatureValue = firstChild(signature, SOAP_NS.ds, 'SignatureValue');
  if (!signedInfo || !signatureValue) return invalid('la firma no tiene SignedInfo o SignatureValue.');
  const c14nMethod = firstChild(signedInfo, SOAP_NS.ds, 'CanonicalizationMethod');
  if (c14nMethod?.getAttribute('Algorithm') !== WSS_ALGORITHMS.excC14n) {
    return invalid('el SignedInfo debe canonicalizarse con C14N exclusiva.');
  }
  const sigAlg = SIGNATURES[firstChild(signedInfo, SOAP_NS.ds, 'SignatureMethod')?.getAttribute('Algorithm') ?? ''];
  if (!sigAlg) return invalid('algoritmo de firma no admitido (se espera rsa-sha256).');

  const byId = new Map<string, Element>();
  for (const el of allElements(root)) {
    const id = idOf(el);
    if (id) byId.set(id, el);
  }
  let coversTo = false;
  for (const ref of childElements(signedInfo).filter((e) => e.namespaceURI === SOAP_NS.ds && e.localName === 'Reference')) {
    const uri = ref.getAttribute('URI') ?? '';
    if (!uri.startsWith('#')) return invalid(`referencia no admitida "${uri}".`);
    const target = byId.get(uri.slice(1));
    if (!target) return invalid(`la referencia ${uri} no apunta a ningún elemento.`);
    const transforms = firstChild(ref, SOAP_NS.ds, 'Transforms');
    const transformList = transforms ? childElements(transforms) : [];
    let prefixes: string[] = [];
    for (const t of transformList) {
      if (t.getAttribute('Algorithm') !== WSS_ALGORITHMS.excC14n) return invalid(`transformación no admitida en ${uri}.`);
      prefixes = prefixList(t);
    }
    const digestName = DIGESTS[firstChild(ref, SOAP_NS.ds, 'DigestMethod')?.getAttribute('Algorithm') ?? ''];
    if (!digestName) return invalid(`algoritmo de resumen no admitido en ${uri}.`);
    let canonical: string;
    try {
      canonical = canonicalizeElement(target, WSS_ALGORITHMS.excC14n, { inclusivePrefixes: prefixes });
    } catch (e) {
      return invalid(`no se pudo canonicalizar ${uri} (${e instanceof Error ? e.message : String(e)}).`);
    }
    const digest = createHash(digestName).update(canonical, 'utf8').digest('base64');
    const expected = (firstChild(ref, SOAP_NS.ds, 'DigestValue')?.textContent ?? '').replace(/\s+/g, '');
    if (digest !== expected) return invalid(`el resumen (DigestValue) de ${uri} no coincide: el elemento fue modificado.`, 'o:FailedAuthentication');
    if (target === toEl) coversTo = true;
  }
  if (!coversTo) return invalid('la firma no cubre el encabezado wsa:To.', 'o:FailedAuthentication');

  const canonicalSignedInfo = canonicalizeElement(signedInfo, WSS_ALGORITHMS.excC14n, { inclusivePrefixes: prefixList(c14nMethod) });
  const value = Buffer.from((signatureValue.textContent ?? '').replace(/\s+/g, ''), 'base64');
  const valid = createVerify(sigAlg).update(canonicalSignedInfo, 'utf8').verify(certificate.publicKey, value);
  if (!valid) return invalid('el valor de la firma (SignatureValue) no corresponde al certificado enviado.', 'o:FailedAuthentication');

  return { ok: true, caller: { certificate, certificateDer, to, action, ...(created && { created }), ...(expires && { expires }) } };
}

/**
 * The NIT of a caller's certificate, as DIAN reads it to identify the sender. Colombian CAs
 * write the holder's identification in the subject's `serialNumber` (2.5.4.5); some add it to
 * OU/CN as "NIT 900123456-7". The first 6–10 digit number found (DV dropped) wins. Which
 * attribute DIAN's "authCode" reads exactly is UNCONFIRMED.
 */
export function nitFromCertificate(certificate: X509Certificate): string | undefined {
  const lines = certificate.subject.split('\n');
  const ordered = [
    ...lines.filter((l) => /^serialNumber=/i.test(l)),
    ...lines.filter((l) => /^(OU|CN|O|UID)=/i.test(l)),
  ];
  for (const line of ordered) {
    const value = line.slice(line.indexOf('=') + 1);
    const m = /(?:^|\D)(\d{6,10})(?:-\d)?(?:\D|$)/.exec(value);
    if (m) return m[1];
  }
  return undefined;
}
