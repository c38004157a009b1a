/**
 * XAdES-EPES signing exactly as DIAN's policy asks (spec/01-documents.md §10): an enveloped
 * `ds:Signature` in the empty `ext:UBLExtension/ext:ExtensionContent` slot, three references
 * (document with the enveloped transform, KeyInfo, SignedProperties), SigningTime in −05:00,
 * SigningCertificate (digest + IssuerSerial per certificate of the chain), DIAN's
 * SignaturePolicyIdentifier and SignerRole.
 *
 * How the digests are made without a generic canonicalizer (the fast path):
 * - Previa's builder emits the document already in canonical form (`canonical-form.ts` proves
 *   it in one linear scan), so the digest of the document reference is the hash of the root's
 *   bytes as they are — the enveloped transform removes exactly the element inserted later.
 * - KeyInfo, SignedProperties and SignedInfo are written by this module as canonical strings.
 *   Inclusive C14N of a subset renders every namespace in scope on its apex, so the digested
 *   (and signed) form carries the root's namespace declarations — copied verbatim from the
 *   root, already in canonical order — while the form inserted into the document carries none
 *   (it inherits them). A verifier that parses the output and canonicalizes these subtrees
 *   obtains byte for byte the strings hashed here.
 * - The output is the input with the signature spliced in; nothing is re-serialized, before or
 *   after signing.
 *
 * Inputs that are not canonical (another program's XML, a hand-edited file) go through the slow
 * path first: hardened parse + xml-crypto C14N of the whole document, and that canonical text is
 * what gets signed and returned.
 */
import { createHash, sign as rsaSign } from 'node:crypto';
import { C14nCanonicalization } from 'xml-crypto';
import {
  ALGORITHM_URIS,
  C14N_URI,
  DIAN_POLICY_HASHES,
  DIAN_POLICY_URL,
  DS_NS,
  ENVELOPED_URI,
  SIGNED_PROPERTIES_TYPE,
  XADES_NS,
  type DigestName,
  type SignatureAlgorithm,
} from './algorithms.js';
import { analyzeCanonicalXml, canonicalCdataText, trustedCanonicalLayout, type CanonicalLayout, type ExtensionSlot } from './canonical-form.js';
import { parseCertificate } from './certificate.js';
import { formatColombiaDateTime } from './colombia-time.js';
import { SigningError } from './errors.js';
import { assertCertificateValidAt, type SigningIdentity } from './pkcs12.js';
import { NodeType, UnsafeXmlError, allElements, parseUntrustedXml } from './safe-xml.js';

export type { SignatureAlgorithm } from './algorithms.js';

/** The prolog DIAN documents carry (spec/01-documents.md §2). */
export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>';

/** SignerRole values of DIAN's policy §12. */
export type SignerRole = 'supplier' | 'third party';

/** Options of {@link signXml}. */
export interface SignOptions {
  /** The signing instant; written as SigningTime in Colombian time (-05:00) with milliseconds. */
  signingTime: Date;
  /** `supplier` when the issuer signs (default), `third party` when a technology provider signs for it. */
  role?: SignerRole;
  /** RSA with SHA-256 (default), SHA-384 or SHA-512; the digests use the same hash. */
  algorithm?: SignatureAlgorithm;
  /**
   * Id of `ds:Signature` (an XML NCName). Default: `xmldsig-` + a UUID-shaped value derived
   * from the document digest, the signing time and the certificate, so that signing is
   * reproducible (RSA PKCS#1 v1.5 is deterministic).
   */
  signatureId?: string;
  /**
   * 1-based position of the `ext:UBLExtension` whose empty `ext:ExtensionContent` receives the
   * signature. Default: the first empty one — the second extension of invoices, notes and
   * events (the first holds sts:DianExtensions), the only one of an AttachedDocument.
   */
  extensionIndex?: number;
  /**
   * How far to trust that the input is canonical:
   * - `auto` (default): prove it with the full linear scan (`analyzeCanonicalXml`); canonical
   *   input is signed as is, anything else is canonicalized first (slow path).
   * - `canonical`: prove it with the full scan and refuse input that is not canonical (use it in
   *   tests to catch builder regressions).
   * - `trusted`: the caller vouches (Previa's builder output, tested with `canonical`); only a
   *   few native searches locate the layout, with cheap sanity checks. Anything those checks
   *   reject goes the `auto` way. About the cost of the document hash instead of twice it.
   */
  input?: 'auto' | 'canonical' | 'trusted';
  /** Refuse a certificate that is not valid at `signingTime` (default true). */
  checkValidity?: boolean;
}

/** Per-identity strings computed once (the identity is loaded once per process). */
interface PreparedIdentity {
  certificateBase64: string;
  signingCertificate: Map<DigestName, string>;
}

const prepared = new WeakMap<SigningIdentity, PreparedIdentity>();

/** Escapes character data per C14N. */
function escapeText(value: string): string {
  if (!/[&<>\r]/.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

function digestUriOf(hash: DigestName): string {
  for (const alg of Object.values(ALGORITHM_URIS)) if (alg.hash === hash) return alg.digest;
  throw new Error(`digest ${hash}`);
}

function prepare(identity: SigningIdentity): PreparedIdentity {
  let p = prepared.get(identity);
  if (!p) {
    p = { certificateBase64: identity.certificateDer.toString('base64'), signingCertificate: new Map() };
    prepared.set(identity, p);
  }
  return p;
}

function signingCertificateXml(identity: SigningIdentity, p: PreparedIdentity, hash: DigestName): string {
  let xml = p.signingCertificate.get(hash);
  if (xml === undefined) {
    const chain = identity.chainDer.length > 0 ? identity.chainDer : [identity.certificateDer];
    xml = '';
    for (const der of chain) {
      const info = parseCertificate(der);
      const digest = createHash(hash).update(der).digest('base64');
      xml +=
        `<xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="${digestUriOf(hash)}"></ds:DigestMethod>` +
        `<ds:DigestValue>${digest}</ds:DigestValue></xades:CertDigest><xades:IssuerSerial>` +
        `<ds:X509IssuerName>${escapeText(info.issuerName)}</ds:X509IssuerName>` +
        `<ds:X509SerialNumber>${info.serialNumber}</ds:X509SerialNumber></xades:IssuerSerial></xades:Cert>`;
    }
    p.signingCertificate.set(hash, xml);
  }
  return xml;
}

/** Hash of the document reference: the root's canonical bytes (CDATA sections as their canonical text). */
function digestDocument(xml: string, layout: CanonicalLayout, hash: DigestName): string {
  const h = createHash(hash);
  let pos = layout.rootStart;
  for (const [start, end] of layout.cdataSections) {
    h.update(xml.slice(pos, start));
    h.update(canonicalCdataText(xml.slice(start + 9, end - 3)));
    pos = end;
  }
  h.update(xml.slice(pos, layout.rootEnd));
  return h.digest('base64');
}

function uuidShaped(bytes: Buffer): string {
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Brings a foreign document to canonical form with a general C14N implementation (the slow
 * path), declaring the `ds` and `xades` prefixes on the root when missing.
 */
function canonicalizeForeign(xml: string): string {
  let doc;
  try {
    doc = parseUntrustedXml(xml);
  } catch (error) {
    if (error instanceof UnsafeXmlError) throw new SigningError('invalid_input', error.message, { cause: error });
    throw error;
  }
  const root = doc.documentElement!;
  for (const el of allElements(root)) {
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === NodeType.PI) {
        throw new SigningError('invalid_input', 'El documento contiene instrucciones de procesamiento (<?…?>) dentro del elemento raíz; no se puede firmar.');
      }
    }
  }
  for (const [prefix, uri] of [
    ['ds', DS_NS],
    ['xades', XADES_NS],
  ] as const) {
    const bound = root.lookupNamespaceURI(prefix);
    if (bound === null || bound === undefined) root.setAttributeNS('http://www.w3.org/2000/xmlns/', `xmlns:${prefix}`, uri);
    else if (bound !== uri) {
      throw new SigningError('invalid_input', `El prefijo "${prefix}" está declarado con otro espacio de nombres (${bound}); se esperaba ${uri}.`);
    }
  }
  return XML_PROLOG + new C14nCanonicalization().process(root as never, {});
}

function hasSignaturePrefixes(layout: CanonicalLayout): boolean {
  return layout.rootBindings.get('ds') === DS_NS && layout.rootBindings.get('xades') === XADES_NS;
}

/** Picks the signature slot and checks what the fast path relies on. */
function chooseSlot(layout: CanonicalLayout, extensionIndex: number | undefined): ExtensionSlot {
  if (layout.hasSignature) {
    throw new SigningError('invalid_input', 'El documento ya tiene una firma (ds:Signature); firme el documento sin firmar.');
  }
  if (layout.rootHasXmlAttributes) {
    throw new SigningError('invalid_input', 'El elemento raíz tiene atributos xml:* (p. ej. xml:lang); no se admiten en documentos a firmar.');
  }
  const slot =
    extensionIndex === undefined
      ? layout.slots.find((s) => s.empty)
      : layout.slots.find((s) => s.index === extensionIndex);
  if (!slot) {
    throw new SigningError(
      'invalid_input',
      extensionIndex === undefined
        ? 'No se encontró el espacio para la firma: falta un <ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension> vacío en ext:UBLExtensions.'
        : `No existe ext:UBLExtension[${extensionIndex}]/ext:ExtensionContent para la firma.`,
    );
  }
  if (!slot.empty) {
    throw new SigningError('invalid_input', `ext:UBLExtension[${slot.index}]/ext:ExtensionContent no está vacío; la firma necesita un espacio vacío.`);
  }
  if (!slot.bare) {
    throw new SigningError('invalid_input', 'ext:UBLExtensions, ext:UBLExtension y ext:ExtensionContent no deben llevar atributos ni declaraciones de espacios de nombres.');
  }
  return slot;
}

/**
 * Signs a DIAN document (Invoice, CreditNote, DebitNote, ApplicationResponse, AttachedDocument)
 * with XAdES-EPES per DIAN's policy.
 *
 * @param unsignedXml the document with an empty signature slot; ideally in canonical form
 *   after the prolog (as Previa's builder writes it), otherwise it is canonicalized first.
 * @param identity the signer (see `loadPkcs12`).
 * @param opts signing time, role, algorithm, Id, slot (see {@link SignOptions}).
 * @returns the signed document: the input bytes with `ds:Signature` inserted (or, for
 *   non-canonical input, its canonical form with the signature inserted). Never re-serialize it.
 * @throws SigningError `invalid_input` (no slot, already signed, not canonical with
 *   `input: 'canonical'`, malformed XML), `expired` / `not_yet_valid` (certificate at signingTime).
 */
export function signXml(unsignedXml: string, identity: SigningIdentity, opts: SignOptions): string {
  const alg = ALGORITHM_URIS[opts.algorithm ?? 'rsa-sha256'];
  if (!alg) throw new SigningError('invalid_input', `Algoritmo de firma no soportado: ${String(opts.algorithm)}.`);
  const role = opts.role ?? 'supplier';
  if (role !== 'supplier' && role !== 'third party') {
    throw new SigningError('invalid_input', `Rol de firmante no válido: ${String(role)} (use "supplier" o "third party").`);
  }
  if (opts.signatureId !== undefined && !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(opts.signatureId)) {
    throw new SigningError('invalid_input', `El Id de la firma "${opts.signatureId}" no es un nombre XML válido.`);
  }
  const signingTime = formatColombiaDateTime(opts.signingTime);
  if (opts.checkValidity !== false) assertCertificateValidAt(identity, opts.signingTime);

  let xml = unsignedXml;
  let check = opts.input === 'trusted' ? trustedCanonicalLayout(xml) : analyzeCanonicalXml(xml);
  if (opts.input === 'trusted' && (!check.ok || !hasSignaturePrefixes(check.layout))) check = analyzeCanonicalXml(xml);
  if (!check.ok || !hasSignaturePrefixes(check.layout)) {
    if (opts.input === 'canonical') {
      const why = check.ok
        ? 'el elemento raíz debe declarar xmlns:ds y xmlns:xades con sus espacios de nombres.'
        : `${check.problem} (posición ${check.offset})`;
      throw new SigningError('invalid_input', `El documento no está en forma canónica: ${why}`);
    }
    xml = canonicalizeForeign(unsignedXml);
    check = analyzeCanonicalXml(xml);
    if (!check.ok) {
      throw new SigningError('invalid_input', `No se pudo llevar el documento a forma canónica: ${check.problem} (posición ${check.offset}).`);
    }
  }
  const layout = check.layout;
  const slot = chooseSlot(layout, opts.extensionIndex);

  const hash = alg.hash;
  const p = prepare(identity);
  const documentDigest = digestDocument(xml, layout, hash);
  const id =
    opts.signatureId ??
    `xmldsig-${uuidShaped(
      createHash('sha256').update(`${documentDigest}|${signingTime}|${identity.serialNumber}|${identity.issuer}`).digest(),
    )}`;
  if (xml.indexOf(id, layout.rootStart) !== -1) {
    // Only a caller-chosen Id can collide with the document (the derived one hashes its content).
    throw new SigningError('invalid_input', `El Id de firma "${id}" ya aparece en el documento; elija otro.`);
  }
  const ns = layout.rootNamespaceDeclarations;
  const h = (text: string): string => createHash(hash).update(text).digest('base64');

  // KeyInfo: the leaf certificate (DIAN's own samples carry only the leaf here).
  const keyInfoOpen = ` Id="${id}-keyinfo">`;
  const keyInfoRest = `<ds:X509Data><ds:X509Certificate>${p.certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`;
  const keyInfoDigest = h(`<ds:KeyInfo${ns}${keyInfoOpen}${keyInfoRest}`);

  // SignedProperties. The policy hash is always the SHA-256 one, the only value attested in
  // documents DIAN accepted (spec/vectors.json).
  const propsOpen = ` Id="${id}-signedprops">`;
  const propsRest =
    `<xades:SignedSignatureProperties><xades:SigningTime>${signingTime}</xades:SigningTime>` +
    `<xades:SigningCertificate>${signingCertificateXml(identity, p, hash)}</xades:SigningCertificate>` +
    `<xades:SignaturePolicyIdentifier><xades:SignaturePolicyId><xades:SigPolicyId><xades:Identifier>${DIAN_POLICY_URL}</xades:Identifier></xades:SigPolicyId>` +
    `<xades:SigPolicyHash><ds:DigestMethod Algorithm="${ALGORITHM_URIS['rsa-sha256'].digest}"></ds:DigestMethod>` +
    `<ds:DigestValue>${DIAN_POLICY_HASHES.sha256}</ds:DigestValue></xades:SigPolicyHash></xades:SignaturePolicyId></xades:SignaturePolicyIdentifier>` +
    `<xades:SignerRole><xades:ClaimedRoles><xades:ClaimedRole>${role}</xades:ClaimedRole></xades:ClaimedRoles></xades:SignerRole>` +
    `</xades:SignedSignatureProperties></xades:SignedProperties>`;
  const propsDigest = h(`<xades:SignedProperties${ns}${propsOpen}${propsRest}`);

  const digestMethod = `<ds:DigestMethod Algorithm="${alg.digest}"></ds:DigestMethod>`;
  const signedInfoRest =
    `<ds:CanonicalizationMethod Algorithm="${C14N_URI}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${alg.signature}"></ds:SignatureMethod>` +
    `<ds:Reference Id="${id}-ref0" URI=""><ds:Transforms><ds:Transform Algorithm="${ENVELOPED_URI}"></ds:Transform></ds:Transforms>` +
    `${digestMethod}<ds:DigestValue>${documentDigest}</ds:DigestValue></ds:Reference>` +
    `<ds:Reference URI="#${id}-keyinfo">${digestMethod}<ds:DigestValue>${keyInfoDigest}</ds:DigestValue></ds:Reference>` +
    `<ds:Reference Type="${SIGNED_PROPERTIES_TYPE}" URI="#${id}-signedprops">${digestMethod}<ds:DigestValue>${propsDigest}</ds:DigestValue></ds:Reference>` +
    `</ds:SignedInfo>`;
  const signatureValue = rsaSign(hash, Buffer.from(`<ds:SignedInfo${ns}>${signedInfoRest}`, 'utf8'), identity.privateKey).toString('base64');

  const signature =
    `<ds:Signature Id="${id}"><ds:SignedInfo>${signedInfoRest}` +
    `<ds:SignatureValue Id="${id}-sigvalue">${signatureValue}</ds:SignatureValue>` +
    `<ds:KeyInfo${keyInfoOpen}${keyInfoRest}` +
    `<ds:Object><xades:QualifyingProperties Target="#${id}"><xades:SignedProperties${propsOpen}${propsRest}</xades:QualifyingProperties></ds:Object>` +
    `</ds:Signature>`;
  return xml.slice(0, slot.contentStart) + signature + xml.slice(slot.contentStart);
}
