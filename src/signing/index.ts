/**
 * Signing, verification and packaging of DIAN documents: XAdES-EPES per DIAN's policy (fast,
 * byte-exact), verification of any DIAN document, the AttachedDocument for the buyer, ZIP
 * packages, and throughput measurements for `previa bench`.
 */
export { SigningError } from './errors.js';
export type { SigningErrorKind } from './errors.js';
export { loadPkcs12, createSigningIdentity, assertCertificateValidAt } from './pkcs12.js';
export type { SigningIdentity, IdentityOptions } from './pkcs12.js';
export { signXml, XML_PROLOG } from './xades.js';
export type { SignOptions, SignerRole, SignatureAlgorithm } from './xades.js';
export { verifyXml } from './verify.js';
export type { VerifyResult, VerifyCheck, VerifyCheckId, VerifyOptions } from './verify.js';
export { analyzeCanonicalXml, trustedCanonicalLayout } from './canonical-form.js';
export type { CanonicalCheck, CanonicalLayout, ExtensionSlot } from './canonical-form.js';
export { buildAttachedDocument, createAttachedDocument, attachedDocumentFileName, readAttachedDocument } from './attached-document.js';
export type { AttachedDocumentInput, AttachedDocumentContents } from './attached-document.js';
export { zipDocuments, unzipDocuments, crc32 } from './zip.js';
export type { ZipEntry, ZipWriteOptions, ZipReadLimits } from './zip.js';
export { measureRate, measureRsaSignRate, measureSignRate, measureVerifyRate, compareWithRsa } from './bench.js';
export type { RsaComparison } from './bench.js';
export { createThrowawayIdentity } from './throwaway-identity.js';
export { colombiaDateAndTime, formatColombiaDateTime, parseXsdDateTime } from './colombia-time.js';
export { parseCertificate, formatDistinguishedName, sameDistinguishedName } from './certificate.js';
export type { CertificateInfo, DistinguishedName, NameAttribute } from './certificate.js';
export { parseUntrustedXml, UnsafeXmlError } from './safe-xml.js';
export type { XmlLimits, UnsafeXmlKind } from './safe-xml.js';
export { DIAN_POLICY_URL, DIAN_POLICY_HASHES } from './algorithms.js';
