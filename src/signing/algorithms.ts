/**
 * Algorithm identifiers and fixed values of DIAN's XAdES-EPES profile
 * (spec/01-documents.md §10; "Política de firma de los documentos XML de facturación electrónica v2").
 */

/** Namespaces the signature uses. */
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** XAdES 1.3.2 namespace. */
export const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
/** UBL extension components namespace (`ext:`). */
export const EXT_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2';
/** UBL aggregate components namespace (`cac:`). */
export const CAC_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
/** UBL basic components namespace (`cbc:`). */
export const CBC_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
/** The reserved `xml:` namespace. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Inclusive Canonical XML 1.0 without comments: the only SignedInfo canonicalization DIAN's policy allows (§7). */
export const C14N_URI = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/** Inclusive C14N 1.0 with comments. */
export const C14N_WITH_COMMENTS_URI = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
/** Exclusive C14N without comments (accepted when verifying foreign documents). */
export const EXC_C14N_URI = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** Exclusive C14N with comments. */
export const EXC_C14N_WITH_COMMENTS_URI = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
/** The enveloped-signature transform. */
export const ENVELOPED_URI = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
/** `ds:Reference/@Type` of the reference to `xades:SignedProperties`. */
export const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

/** Signature algorithms Previa signs with (RSA PKCS#1 v1.5). */
export type SignatureAlgorithm = 'rsa-sha256' | 'rsa-sha384' | 'rsa-sha512';

/** Digest algorithms, by node:crypto name. */
export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** XMLDSig URI of each RSA signature method, and the digest it implies. */
export const SIGNATURE_METHODS: Readonly<Record<string, DigestName>> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': 'sha1',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': 'sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': 'sha512',
};

/** XMLDSig URI of each digest method. */
export const DIGEST_METHODS: Readonly<Record<string, DigestName>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

/** The URIs Previa writes for each of its signature algorithms. */
export const ALGORITHM_URIS: Readonly<Record<SignatureAlgorithm, { signature: string; digest: string; hash: DigestName }>> = {
  'rsa-sha256': {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
    hash: 'sha256',
  },
  'rsa-sha384': {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
    digest: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
    hash: 'sha384',
  },
  'rsa-sha512': {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha512',
    hash: 'sha512',
  },
};

/** Identifier of DIAN's signature policy (v2), as the policy asks it to be written. */
export const DIAN_POLICY_URL = 'https://facturaelectronica.dian.gov.co/politicadefirma/v2/politicadefirmav2.pdf';

/**
 * Base64 digests of DIAN's policy PDF (spec/vectors.json). Only the SHA-256 value is attested in
 * accepted documents, so Previa always writes that one (with the SHA-256 DigestMethod) whatever
 * the signature algorithm; the verifier accepts any of them.
 */
export const DIAN_POLICY_HASHES: Readonly<Record<DigestName, string>> = {
  sha1: 'sbcECQ7v+y/m3OcBCJyvmkBhtFs=',
  sha256: 'dMoMvtcG5aIzgYo0tIsSQeVJBDnUnfSOfBpxXrmor0Y=',
  sha384: 'EQC0kiWPaAME6IsEZ7WuaTWJ97Zmf6hIO69rMCVURmQxBB9ebgLrjhL5BArQ0a0l',
  sha512: 'Zcjw1Z9nGQn2j6NyGx8kAaLbOfJGd/fJxRTCeirlqAg7zRG27piJkJOpflGu7XACpMj9hC6dVMcCyzqHxxPZeQ==',
};
