/**
 * Namespace URIs used by DIAN documents and the canonical prefixes Previa uses for them.
 *
 * Queries over parsed documents use these canonical prefixes whatever prefixes the
 * document itself declares, so a foreign document written with `ns0:` instead of `cbc:`
 * is read the same way.
 */
export const NS = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
  sts: 'dian:gov:co:facturaelectronica:Structures-2-1',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
  xades141: 'http://uri.etsi.org/01903/v1.4.1#',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

/** Namespace of each UBL main document, by root element name. */
export const MAIN_DOC_NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  DebitNote: 'urn:oasis:names:specification:ubl:schema:xsd:DebitNote-2',
  ApplicationResponse: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2',
  AttachedDocument: 'urn:oasis:names:specification:ubl:schema:xsd:AttachedDocument-2',
} as const;

/** Legacy DIAN extension namespace (UBL 2.0 era) that DIAN still tolerates. */
export const LEGACY_STS_NS = 'http://www.dian.gov.co/contratos/facturaelectronica/v1/Structures';

const canonicalByUri = new Map<string, string>();
for (const [prefix, uri] of Object.entries(NS)) canonicalByUri.set(uri, prefix);
for (const uri of Object.values(MAIN_DOC_NS)) canonicalByUri.set(uri, '');
canonicalByUri.set(LEGACY_STS_NS, 'sts');

/** The canonical prefix for a namespace URI ('' for UBL main documents), or undefined when unknown. */
export function canonicalPrefix(uri: string): string | undefined {
  return canonicalByUri.get(uri);
}

/**
 * The namespace declarations DIAN documents carry on their root (default namespace first),
 * as writer attributes: every prefix the document or its future signature uses is declared
 * once, on the root, so canonical subtrees inherit them (spec 01 §10).
 */
export function rootNamespaceAttrs(root: keyof typeof MAIN_DOC_NS, withXsi = true): Record<string, string> {
  const attrs: Record<string, string> = {
    xmlns: MAIN_DOC_NS[root],
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
    'xmlns:ds': NS.ds,
    'xmlns:ext': NS.ext,
    'xmlns:sts': NS.sts,
    'xmlns:xades': NS.xades,
    'xmlns:xades141': NS.xades141,
  };
  if (withXsi) attrs['xmlns:xsi'] = NS.xsi;
  return attrs;
}
