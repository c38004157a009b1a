/**
 * Verification of the XAdES-EPES signature of any DIAN document, from any software.
 *
 * It checks what DIAN's validator (xades4j) checks and says which part failed: every reference
 * digest (the document body, KeyInfo, SignedProperties), the signature value, the XAdES
 * SigningCertificate against the KeyInfo certificate, DIAN's policy hash, the signing time, the
 * certificate's validity *at the signing time* (not today), and — given a technical key or
 * software PIN — that the CUFE/CUDE matches the document's own fields.
 *
 * Foreign documents are arbitrary XML, so this side uses a general C14N implementation
 * (xml-crypto over a hardened @xmldom/xmldom parse) instead of the signer's fast path.
 * Signature-wrapping defences: exactly one ds:Signature, located in ext:UBLExtensions; no two
 * elements with the same Id; only same-document references (`""` or `#id`); the KeyInfo and
 * SignedProperties used for the checks must be the very elements the references cover.
 *
 * A bad signature is a result, not an exception: `verifyXml` never throws for bad input.
 */
import { X509Certificate, createHash, verify as cryptoVerify } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { computeCude, computeCufe, computeEventCude } from '../core/identity/index.js';
import {
  CBC_NS,
  C14N_URI,
  C14N_WITH_COMMENTS_URI,
  EXC_C14N_URI,
  EXC_C14N_WITH_COMMENTS_URI,
  DIAN_POLICY_HASHES,
  DIGEST_METHODS,
  DS_NS,
  ENVELOPED_URI,
  EXT_NS,
  SIGNATURE_METHODS,
  SIGNED_PROPERTIES_TYPE,
  XADES_NS,
  type DigestName,
} from './algorithms.js';
import { SUPPORTED_C14N, canonicalizeDocument, canonicalizeElement } from './c14n.js';
import { parseCertificate, sameDistinguishedName, type CertificateInfo } from './certificate.js';
import { formatColombiaForPeople, parseXsdDateTime } from './colombia-time.js';
import {
  MissingFieldError,
  documentKind,
  documentUuid,
  extractCufeFields,
  extractEventCudeFields,
  type DocumentKind,
} from './document-fields.js';
import { UnsafeXmlError, allElements, childElements, firstChild, parseUntrustedXml, pathElement } from './safe-xml.js';

/** Identifiers of the individual checks, in the order they are reported. */
export type VerifyCheckId =
  | 'xml'
  | 'signature'
  | 'ids'
  | 'algorithms'
  | 'reference-document'
  | 'reference-keyinfo'
  | 'reference-signed-properties'
  | 'reference-other'
  | 'signature-value'
  | 'signing-certificate'
  | 'signature-policy'
  | 'signing-time'
  | 'certificate-validity'
  | 'unique-code';

/** One check of the report. */
export interface VerifyCheck {
  /** Which check. */
  check: VerifyCheckId;
  /** Whether it passed. */
  ok: boolean;
  /** Spanish explanation for people. */
  message: string;
}

/** The verification report. */
export interface VerifyResult {
  /** True when every check passed. */
  valid: boolean;
  /** Every check made, in order. */
  checks: VerifyCheck[];
  /** When invalid: the first failure's message (Spanish), plus how many other checks failed. */
  reason?: string;
  /** The document type, when recognised. */
  documentType?: DocumentKind;
  /** `xades:SigningTime` as written. */
  signingTime?: string;
  /** The signing certificate (from ds:KeyInfo). */
  certificate?: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string };
}

/** Options of {@link verifyXml}. */
export interface VerifyOptions {
  /** Clave técnica of the numbering range: recompute and compare an invoice's CUFE. */
  technicalKey?: string;
  /** Software PIN: recompute and compare the CUDE of a note or an event. */
  softwarePin?: string;
  /** Size limit for the input (default 20 MiB). */
  maxBytes?: number;
  /** Nesting depth limit (default 128). */
  maxDepth?: number;
}

const MESSAGES = {
  documentOk: 'El contenido del documento coincide con lo firmado.',
  documentBad:
    'El contenido del documento cambió después de firmado: el resumen (digest) de la referencia al documento no coincide (DIAN lo rechaza con ZE02).',
  keyInfoOk: 'La información del certificado (ds:KeyInfo) coincide con lo firmado.',
  keyInfoBad: 'La información del certificado (ds:KeyInfo) cambió después de firmada: su resumen no coincide.',
  propsOk: 'Las propiedades firmadas (hora de firma, certificado, política) coinciden con lo firmado.',
  propsBad:
    'Las propiedades firmadas (xades:SignedProperties: hora de firma, certificado o política) cambiaron después de firmadas: su resumen no coincide.',
} as const;

/** Report order of the checks; the first failure in this order becomes the reason. */
const CHECK_ORDER: readonly VerifyCheckId[] = [
  'xml',
  'signature',
  'ids',
  'algorithms',
  'reference-document',
  'reference-keyinfo',
  'reference-signed-properties',
  'reference-other',
  'signature-value',
  'signing-certificate',
  'signature-policy',
  'signing-time',
  'certificate-validity',
  'unique-code',
];

class Report {
  readonly checks: VerifyCheck[] = [];
  add(check: VerifyCheckId, ok: boolean, message: string): boolean {
    this.checks.push({ check, ok, message });
    return ok;
  }
  result(extra: Omit<VerifyResult, 'valid' | 'checks' | 'reason'> = {}): VerifyResult {
    const failed = this.checks.filter((c) => !c.ok).sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check));
    const valid = failed.length > 0 ? false : this.checks.length > 0;
    const checks = [...this.checks].sort((a, b) => CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check));
    const out: VerifyResult = { valid, checks, ...extra };
    if (!valid && failed[0]) {
      out.reason = failed.length > 1 ? `${failed[0].message} (y ${failed.length - 1} verificación(es) más fallaron)` : failed[0].message;
    }
    return out;
  }
}

function text(el: Element | undefined): string | undefined {
  return el ? (el.textContent ?? '').trim() : undefined;
}

function base64Text(el: Element | undefined): Buffer | undefined {
  const t = el ? (el.textContent ?? '').replace(/\s+/g, '') : '';
  if (!t || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

function isDs(el: Element, local: string): boolean {
  return el.namespaceURI === DS_NS && el.localName === local;
}

/** All elements carrying an Id-like attribute, for the duplicate check and `#id` resolution. */
function indexIds(root: Element): { byId: Map<string, Element>; duplicates: string[] } {
  const byId = new Map<string, Element>();
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  for (const el of allElements(root)) {
    for (const name of ['Id', 'ID', 'id']) {
      const value = el.getAttribute(name);
      if (value === null || value === '') continue;
      const count = (seen.get(value) ?? 0) + 1;
      seen.set(value, count);
      if (count === 2) duplicates.push(value);
      // Resolution follows xmlsec1 and XMLDSig practice: only `Id` attributes are IDs.
      if (name === 'Id' && !byId.has(value)) byId.set(value, el);
    }
  }
  return { byId, duplicates };
}

function isDescendant(node: Element, ancestor: Element): boolean {
  for (let p: Element | null = node; p; p = p.parentNode as Element | null) if (p === ancestor) return true;
  return false;
}

interface ParsedReference {
  uri: string;
  type: string | undefined;
  target: Element | undefined;
  kind: 'reference-document' | 'reference-keyinfo' | 'reference-signed-properties' | 'reference-other';
}

/** Picks the signing certificate among the KeyInfo certificates: the one that issued none of the others. */
function leafCertificate(certs: X509Certificate[]): X509Certificate | undefined {
  if (certs.length <= 1) return certs[0];
  return certs.find((c) => !certs.some((other) => other !== c && other.checkIssued(c))) ?? certs[0];
}

/**
 * Verifies the signature of a DIAN document.
 *
 * @param xml the signed document (text or bytes; bytes must be UTF-8).
 * @param opts technical key or software PIN to check the CUFE/CUDE, size limits.
 * @returns the report: `valid`, every check with a Spanish message, the first failure as
 *   `reason`, plus the signing time and certificate when readable.
 */
export function verifyXml(xml: string | Uint8Array, opts: VerifyOptions = {}): VerifyResult {
  const report = new Report();
  let doc: Document;
  try {
    doc = parseUntrustedXml(xml, { maxBytes: opts.maxBytes, maxDepth: opts.maxDepth });
  } catch (error) {
    report.add('xml', false, error instanceof UnsafeXmlError ? error.message : `El XML no se pudo leer: ${String(error)}`);
    return report.result();
  }
  const root = doc.documentElement!;
  const kind = documentKind(doc);
  const extra: Omit<VerifyResult, 'valid' | 'checks' | 'reason'> = kind ? { documentType: kind } : {};
  report.add('xml', true, kind ? `XML bien formado (${kind}).` : 'XML bien formado.');

  // One signature, where DIAN puts it.
  const signatures = allElements(root).filter((e) => isDs(e, 'Signature'));
  if (signatures.length === 0) {
    report.add('signature', false, 'El documento no tiene firma electrónica (ds:Signature).');
    return report.result(extra);
  }
  if (signatures.length > 1) {
    report.add('signature', false, `El documento tiene ${signatures.length} elementos ds:Signature; se rechaza (posible ataque de envoltura de firma).`);
    return report.result(extra);
  }
  const sig = signatures[0]!;
  const content = sig.parentNode as Element | null;
  const extension = content?.parentNode as Element | null;
  const extensions = extension?.parentNode as Element | null;
  const placed =
    content?.namespaceURI === EXT_NS &&
    content.localName === 'ExtensionContent' &&
    extension?.namespaceURI === EXT_NS &&
    extension.localName === 'UBLExtension' &&
    extensions?.namespaceURI === EXT_NS &&
    extensions.localName === 'UBLExtensions' &&
    extensions.parentNode === root;
  if (!placed) {
    report.add('signature', false, 'La firma no está en ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent del documento.');
    return report.result(extra);
  }
  report.add('signature', true, 'El documento tiene una firma, ubicada en ext:UBLExtensions.');

  const { byId, duplicates } = indexIds(root);
  if (duplicates.length > 0) {
    report.add('ids', false, `Hay más de un elemento con Id="${duplicates[0]}"; se rechaza (posible ataque de envoltura de firma).`);
    return report.result(extra);
  }
  report.add('ids', true, 'Los identificadores (Id) son únicos.');

  // SignedInfo and algorithms.
  const kids = childElements(sig);
  const signedInfo = kids[0] && isDs(kids[0], 'SignedInfo') ? kids[0] : undefined;
  const signatureValueEl = kids.find((k) => isDs(k, 'SignatureValue'));
  const keyInfo = kids.find((k) => isDs(k, 'KeyInfo'));
  const c14nMethod = signedInfo ? firstChild(signedInfo, DS_NS, 'CanonicalizationMethod') : undefined;
  const sigMethod = signedInfo ? firstChild(signedInfo, DS_NS, 'SignatureMethod') : undefined;
  const c14nAlg = c14nMethod?.getAttribute('Algorithm') ?? '';
  const sigAlg = sigMethod?.getAttribute('Algorithm') ?? '';
  const sigHash = SIGNATURE_METHODS[sigAlg];
  if (!signedInfo || !signatureValueEl) {
    report.add('algorithms', false, 'La firma está incompleta: falta ds:SignedInfo o ds:SignatureValue.');
    return report.result(extra);
  }
  if (!SUPPORTED_C14N.has(c14nAlg) || !sigHash) {
    report.add('algorithms', false, `Algoritmos no soportados: canonicalización "${c14nAlg}", firma "${sigAlg}".`);
    return report.result(extra);
  }
  report.add(
    'algorithms',
    true,
    c14nAlg === C14N_URI ? `Algoritmos: C14N inclusiva y ${sigAlg.split('#')[1]}.` : `Algoritmos: ${c14nAlg} (la política DIAN pide C14N inclusiva) y ${sigAlg.split('#')[1]}.`,
  );

  // References.
  const references = childElements(signedInfo).filter((e) => isDs(e, 'Reference'));
  const parsed: ParsedReference[] = [];
  for (const ref of references) {
    const uri = ref.getAttribute('URI');
    const type = ref.getAttribute('Type') ?? undefined;
    let kind: ParsedReference['kind'] = 'reference-other';
    let target: Element | undefined;
    if (uri === '') {
      kind = 'reference-document';
      target = root;
    } else if (uri !== null && uri.startsWith('#') && !uri.startsWith('#xpointer(')) {
      target = byId.get(uri.slice(1));
      if (target && isDs(target, 'KeyInfo')) kind = 'reference-keyinfo';
      else if (type === SIGNED_PROPERTIES_TYPE || (target?.namespaceURI === XADES_NS && target.localName === 'SignedProperties')) {
        kind = 'reference-signed-properties';
      }
    }
    parsed.push({ uri: uri ?? '(sin URI)', type, target, kind });
    const label = uri === '' ? 'al documento' : `"${uri ?? ''}"`;
    if (uri === null || (uri !== '' && !uri.startsWith('#')) || uri.startsWith('#xpointer(')) {
      report.add(kind, false, `La referencia ${label} apunta fuera del documento o usa una forma no permitida; solo se aceptan URI="" y URI="#id".`);
      continue;
    }
    if (!target) {
      report.add(kind, false, `La referencia ${label} apunta a un Id que no existe en el documento.`);
      continue;
    }
    // Transforms: optionally enveloped-signature, then optionally one canonicalization.
    const transforms = firstChild(ref, DS_NS, 'Transforms');
    let enveloped = false;
    let refC14n = C14N_URI;
    let inclusivePrefixes: string[] = [];
    let transformProblem: string | undefined;
    for (const t of transforms ? childElements(transforms).filter((e) => isDs(e, 'Transform')) : []) {
      const alg = t.getAttribute('Algorithm') ?? '';
      if (alg === ENVELOPED_URI) enveloped = true;
      else if (SUPPORTED_C14N.has(alg)) {
        refC14n = alg;
        const inc = childElements(t).find((e) => e.localName === 'InclusiveNamespaces');
        inclusivePrefixes = (inc?.getAttribute('PrefixList') ?? '').split(/\s+/).filter(Boolean);
      } else transformProblem = `transformación no soportada "${alg}"`;
    }
    const digestAlg = DIGEST_METHODS[firstChild(ref, DS_NS, 'DigestMethod')?.getAttribute('Algorithm') ?? ''];
    const expected = base64Text(firstChild(ref, DS_NS, 'DigestValue'));
    if (transformProblem || !digestAlg || !expected) {
      report.add(kind, false, `La referencia ${label} no se puede verificar: ${transformProblem ?? 'método o valor de resumen no válido'}.`);
      continue;
    }
    let actual: Buffer;
    try {
      // Same-document references ("" and "#id") select node-sets without comments (XMLDSig §4.3.3.3).
      const withoutComments = refC14n === C14N_WITH_COMMENTS_URI ? C14N_URI : refC14n === EXC_C14N_WITH_COMMENTS_URI ? EXC_C14N_URI : refC14n;
      const canonical =
        uri === ''
          ? canonicalizeDocument(doc, withoutComments, enveloped ? sig : undefined)
          : canonicalizeElement(target, withoutComments, {
              inclusivePrefixes,
              ...(enveloped && isDescendant(sig, target) ? { excluded: sig } : {}),
            });
      actual = createHash(digestAlg).update(canonical, 'utf8').digest();
    } catch (error) {
      report.add(kind, false, `La referencia ${label} no se pudo canonicalizar: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const ok = actual.equals(expected);
    if (kind === 'reference-document') report.add(kind, ok, ok ? MESSAGES.documentOk : MESSAGES.documentBad);
    else if (kind === 'reference-keyinfo') report.add(kind, ok, ok ? MESSAGES.keyInfoOk : MESSAGES.keyInfoBad);
    else if (kind === 'reference-signed-properties') report.add(kind, ok, ok ? MESSAGES.propsOk : MESSAGES.propsBad);
    else report.add(kind, ok, ok ? `La referencia ${label} coincide con lo firmado.` : `El elemento de la referencia ${label} cambió después de firmado.`);
  }

  // The profile: the whole document, this signature's KeyInfo and this signature's SignedProperties are covered.
  const qualifying = pathElement(sig, [DS_NS, 'Object'], [XADES_NS, 'QualifyingProperties']);
  const signedProps = qualifying ? firstChild(qualifying, XADES_NS, 'SignedProperties') : undefined;
  const docRefs = parsed.filter((r) => r.kind === 'reference-document');
  const keyRefs = parsed.filter((r) => r.kind === 'reference-keyinfo');
  const propRefs = parsed.filter((r) => r.kind === 'reference-signed-properties');
  if (docRefs.length !== 1) {
    report.add('reference-document', false, 'La firma no cubre el documento completo: debe haber una referencia URI="" con la transformación enveloped-signature.');
  }
  if (keyRefs.length === 0 || !keyInfo || keyRefs.some((r) => r.target !== keyInfo)) {
    report.add('reference-keyinfo', false, 'La firma debe incluir una referencia a su propio ds:KeyInfo (perfil XAdES de la DIAN).');
  }
  if (propRefs.length === 0 || !signedProps || propRefs.some((r) => r.target !== signedProps)) {
    report.add(
      'reference-signed-properties',
      false,
      'La firma debe incluir una referencia a sus propias xades:SignedProperties, dentro de xades:QualifyingProperties de esta firma.',
    );
  }

  // Signature value with the KeyInfo certificate.
  let leaf: X509Certificate | undefined;
  let leafInfo: CertificateInfo | undefined;
  try {
    const certs = (keyInfo ? allElements(keyInfo).filter((e) => isDs(e, 'X509Certificate')) : [])
      .map((e) => base64Text(e))
      .filter((b): b is Buffer => !!b)
      .map((b) => new X509Certificate(b));
    leaf = leafCertificate(certs);
    if (leaf) leafInfo = parseCertificate(leaf.raw);
  } catch {
    leaf = undefined;
  }
  if (leaf && leafInfo) {
    extra.certificate = {
      subject: leafInfo.subjectName,
      issuer: leafInfo.issuerName,
      serialNumber: leafInfo.serialNumber,
      notBefore: leafInfo.notBefore.toISOString(),
      notAfter: leafInfo.notAfter.toISOString(),
    };
    const value = base64Text(signatureValueEl);
    let ok = false;
    try {
      ok = !!value && cryptoVerify(sigHash, Buffer.from(canonicalizeElement(signedInfo, c14nAlg), 'utf8'), leaf.publicKey, value);
    } catch {
      ok = false;
    }
    report.add(
      'signature-value',
      ok,
      ok
        ? 'El valor de la firma es válido con la llave pública del certificado.'
        : 'El valor de la firma no corresponde a ds:SignedInfo con la llave pública del certificado de ds:KeyInfo ("Valor de la firma inválido", ZE02).',
    );
  } else {
    report.add('signature-value', false, 'ds:KeyInfo no trae un certificado X.509 legible (ds:X509Certificate); no se puede verificar la firma.');
  }

  // XAdES: SigningCertificate, policy, signing time, validity at signing time.
  const ssp = signedProps ? firstChild(signedProps, XADES_NS, 'SignedSignatureProperties') : undefined;
  if (!qualifying || qualifying.getAttribute('Target') !== `#${sig.getAttribute('Id') ?? ''}`) {
    report.add('signing-certificate', false, 'xades:QualifyingProperties falta o su Target no apunta a esta firma.');
  } else if (leaf && leafInfo) {
    const certRefs = ssp ? allElements(ssp).filter((e) => e.namespaceURI === XADES_NS && e.localName === 'Cert') : [];
    let matched: Element | undefined;
    for (const certRef of certRefs) {
      const method = DIGEST_METHODS[pathElement(certRef, [XADES_NS, 'CertDigest'], [DS_NS, 'DigestMethod'])?.getAttribute('Algorithm') ?? ''];
      const value = base64Text(pathElement(certRef, [XADES_NS, 'CertDigest'], [DS_NS, 'DigestValue']));
      if (method && value && createHash(method).update(leaf.raw).digest().equals(value)) {
        matched = certRef;
        break;
      }
    }
    if (!matched) {
      report.add(
        'signing-certificate',
        false,
        certRefs.length === 0
          ? 'Falta xades:SigningCertificate en las propiedades firmadas.'
          : 'El resumen del certificado en xades:SigningCertificate no corresponde al certificado de ds:KeyInfo.',
      );
    } else {
      const issuerName = text(pathElement(matched, [XADES_NS, 'IssuerSerial'], [DS_NS, 'X509IssuerName'])) ?? '';
      const serial = text(pathElement(matched, [XADES_NS, 'IssuerSerial'], [DS_NS, 'X509SerialNumber'])) ?? '';
      let serialOk = false;
      try {
        serialOk = BigInt(serial) === BigInt(leafInfo.serialNumber);
      } catch {
        serialOk = false;
      }
      const issuerOk = sameDistinguishedName(issuerName, leafInfo.issuer);
      report.add(
        'signing-certificate',
        serialOk && issuerOk,
        serialOk && issuerOk
          ? 'xades:SigningCertificate identifica el certificado de ds:KeyInfo (resumen, emisor y serial).'
          : `xades:IssuerSerial no coincide con el certificado: ${issuerOk ? '' : `emisor "${issuerName}" ≠ "${leafInfo.issuerName}"`}${!issuerOk && !serialOk ? '; ' : ''}${serialOk ? '' : `serial ${serial} ≠ ${leafInfo.serialNumber}`}.`,
      );
    }
  } else {
    report.add('signing-certificate', false, 'No se puede comprobar xades:SigningCertificate sin el certificado de ds:KeyInfo.');
  }

  const policyId = ssp ? pathElement(ssp, [XADES_NS, 'SignaturePolicyIdentifier'], [XADES_NS, 'SignaturePolicyId']) : undefined;
  if (!policyId) {
    report.add('signature-policy', false, 'Falta xades:SignaturePolicyIdentifier/xades:SignaturePolicyId con la política de firma de la DIAN (XAdES-EPES).');
  } else {
    const identifier = text(pathElement(policyId, [XADES_NS, 'SigPolicyId'], [XADES_NS, 'Identifier'])) ?? '';
    const method: DigestName | undefined = DIGEST_METHODS[pathElement(policyId, [XADES_NS, 'SigPolicyHash'], [DS_NS, 'DigestMethod'])?.getAttribute('Algorithm') ?? ''];
    const value = text(pathElement(policyId, [XADES_NS, 'SigPolicyHash'], [DS_NS, 'DigestValue']))?.replace(/\s+/g, '');
    const ok = !!method && value === DIAN_POLICY_HASHES[method];
    report.add(
      'signature-policy',
      ok,
      ok
        ? `Política de firma de la DIAN (${identifier || 'sin identificador'}) con su resumen correcto.`
        : `El resumen de la política de firma (${identifier || 'sin identificador'}) no corresponde a la política de firma v2 de la DIAN.`,
    );
  }

  const signingTimeText = text(ssp ? firstChild(ssp, XADES_NS, 'SigningTime') : undefined);
  const signingTime = signingTimeText ? parseXsdDateTime(signingTimeText) : undefined;
  if (signingTimeText !== undefined) extra.signingTime = signingTimeText;
  report.add(
    'signing-time',
    !!signingTime,
    signingTime
      ? `Hora de firma: ${signingTimeText}.`
      : signingTimeText === undefined
        ? 'Falta xades:SigningTime en las propiedades firmadas.'
        : `xades:SigningTime "${signingTimeText}" no es una fecha y hora válida (xsd:dateTime).`,
  );

  if (leafInfo && signingTime) {
    const at = signingTime.getTime();
    const ok = at >= leafInfo.notBefore.getTime() && at <= leafInfo.notAfter.getTime();
    const period = `vigente desde ${formatColombiaForPeople(leafInfo.notBefore)} hasta ${formatColombiaForPeople(leafInfo.notAfter)}`;
    report.add(
      'certificate-validity',
      ok,
      ok
        ? `El certificado estaba vigente en la fecha de firma (${period}).`
        : `El certificado no estaba vigente en la fecha de firma ${formatColombiaForPeople(signingTime)} (${period}).`,
    );
  }

  if (opts.technicalKey !== undefined || opts.softwarePin !== undefined) {
    checkUniqueCode(doc, kind, opts, report);
  }
  return report.result(extra);
}

function checkUniqueCode(doc: Document, kind: DocumentKind | undefined, opts: VerifyOptions, report: Report): void {
  const uuid = documentUuid(doc);
  if (!uuid || !uuid.value) {
    report.add('unique-code', false, 'El documento no tiene cbc:UUID (CUFE/CUDE).');
    return;
  }
  let expected: string;
  let label: string;
  try {
    if (kind === 'Invoice') {
      const typeCode = text(firstChild(doc.documentElement!, CBC_NS, 'InvoiceTypeCode'));
      const secret = opts.technicalKey ?? (typeCode === '03' ? opts.softwarePin : undefined);
      if (secret === undefined) {
        report.add('unique-code', false, 'Para verificar el CUFE de una factura se necesita la clave técnica del rango de numeración (--technical-key).');
        return;
      }
      expected = computeCufe(extractCufeFields(doc), secret);
      label = 'CUFE';
    } else if (kind === 'CreditNote' || kind === 'DebitNote' || kind === 'ApplicationResponse') {
      if (opts.softwarePin === undefined) {
        report.add('unique-code', false, 'Para verificar el CUDE de una nota o un evento se necesita el PIN del software (--pin).');
        return;
      }
      expected =
        kind === 'ApplicationResponse'
          ? computeEventCude(extractEventCudeFields(doc), opts.softwarePin)
          : computeCude(extractCufeFields(doc), opts.softwarePin);
      label = 'CUDE';
    } else {
      report.add('unique-code', false, 'Este tipo de documento no tiene CUFE/CUDE que verificar.');
      return;
    }
  } catch (error) {
    const detail = error instanceof MissingFieldError || error instanceof Error ? error.message : String(error);
    report.add('unique-code', false, `No se pudo recalcular el código único: ${detail}`);
    return;
  }
  const ok = uuid.value.toLowerCase() === expected;
  report.add(
    'unique-code',
    ok,
    ok
      ? `El ${label} coincide con los datos del documento.`
      : `El ${label} del documento (${uuid.value}) no coincide con el calculado a partir de sus datos (${expected}); revise la clave técnica o el PIN y los valores usados.`,
  );
}
