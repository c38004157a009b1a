/**
 * General canonicalization (C14N) of parsed DOM nodes, for documents that are not ours: the
 * verifier and the signer's slow path. The algorithms themselves come from xml-crypto; this
 * module supplies what a document subset needs around them — the namespaces inherited from its
 * ancestors (inclusive C14N renders every in-scope namespace on the apex, the classic ZE02
 * pitfall) and the document-level nodes of a whole-document reference.
 */
import {
  C14nCanonicalization,
  C14nCanonicalizationWithComments,
  ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments,
} from 'xml-crypto';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { C14N_URI, C14N_WITH_COMMENTS_URI, EXC_C14N_URI, EXC_C14N_WITH_COMMENTS_URI } from './algorithms.js';
import { NodeType } from './safe-xml.js';

/** The canonicalization algorithms supported. */
export const SUPPORTED_C14N: ReadonlySet<string> = new Set([C14N_URI, C14N_WITH_COMMENTS_URI, EXC_C14N_URI, EXC_C14N_WITH_COMMENTS_URI]);

interface NamespaceBinding {
  prefix: string;
  namespaceURI: string;
}

/**
 * Namespaces in scope at `el` from its ancestors, nearest binding first, without undeclarations
 * and without the prefixes `el` declares or uses itself (the canonicalizer renders those).
 */
export function inheritedNamespaces(el: Element): NamespaceBinding[] {
  const seen = new Map<string, string>();
  for (let p = el.parentNode; p && p.nodeType === NodeType.ELEMENT; p = p.parentNode) {
    const attrs = (p as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        const prefix = a.name === 'xmlns' ? '' : a.name.slice(6);
        if (!seen.has(prefix)) seen.set(prefix, a.value);
      }
    }
  }
  const own = new Set<string>([el.prefix ?? '']);
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i)!;
    if (a.name === 'xmlns') own.add('');
    else if (a.name.startsWith('xmlns:')) own.add(a.name.slice(6));
  }
  const out: NamespaceBinding[] = [];
  for (const [prefix, namespaceURI] of seen) {
    if (namespaceURI !== '' && !own.has(prefix)) out.push({ prefix, namespaceURI });
  }
  return out;
}

/** Refuses node kinds xml-crypto would render wrongly (processing instructions inside the subset). */
function assertRenderable(el: Element): void {
  const stack: Node[] = [el];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === NodeType.PI) {
      throw new Error('El documento contiene instrucciones de procesamiento dentro de la parte firmada (no soportado).');
    }
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push(c);
  }
}

/**
 * Canonicalizes an element as a document subset (the element, its descendants and, for
 * inclusive C14N, the namespaces it inherits).
 *
 * @param el the apex element.
 * @param algorithm a URI from {@link SUPPORTED_C14N}.
 * @param opts.inclusivePrefixes for exclusive C14N, the InclusiveNamespaces PrefixList.
 * @param opts.excluded a descendant left out (enveloped-signature transform); restored afterwards.
 * @throws Error for an unsupported algorithm or content.
 */
export function canonicalizeElement(
  el: Element,
  algorithm: string,
  opts: { inclusivePrefixes?: string[]; excluded?: Element } = {},
): string {
  const excluded = opts.excluded;
  const parent = excluded?.parentNode ?? null;
  const next = excluded?.nextSibling ?? null;
  if (excluded && parent) parent.removeChild(excluded);
  try {
    return canonicalizeInPlace(el, algorithm, opts.inclusivePrefixes ?? []);
  } finally {
    if (excluded && parent) parent.insertBefore(excluded, next);
  }
}

function canonicalizeInPlace(el: Element, algorithm: string, inclusivePrefixes: string[]): string {
  assertRenderable(el);
  switch (algorithm) {
    case C14N_URI:
      return new C14nCanonicalization().process(el as never, { ancestorNamespaces: inheritedNamespaces(el) });
    case C14N_WITH_COMMENTS_URI:
      return new C14nCanonicalizationWithComments().process(el as never, { ancestorNamespaces: inheritedNamespaces(el) });
    case EXC_C14N_URI:
    case EXC_C14N_WITH_COMMENTS_URI: {
      const c14n = algorithm === EXC_C14N_URI ? new ExclusiveCanonicalization() : new ExclusiveCanonicalizationWithComments();
      if (inclusivePrefixes.length === 0) return c14n.process(el as never, {});
      // xml-crypto adds the listed declarations to the element it is given: work on a copy.
      const copy = el.cloneNode(true) as Element;
      return c14n.process(copy as never, {
        inclusiveNamespacesPrefixList: inclusivePrefixes,
        ancestorNamespaces: inheritedNamespaces(el),
      });
    }
    default:
      throw new Error(`Algoritmo de canonicalización no soportado: ${algorithm}`);
  }
}

/**
 * Canonicalizes a whole document without comments, as a same-document reference `URI=""`
 * selects it, optionally leaving out one element (the enveloped signature).
 *
 * @param doc the document.
 * @param algorithm a URI from {@link SUPPORTED_C14N} (comments are excluded anyway for `URI=""`).
 * @param excluded element removed first (enveloped-signature transform); restored afterwards.
 */
export function canonicalizeDocument(doc: Document, algorithm: string, excluded?: Element): string {
  const root = doc.documentElement!;
  const withoutComments =
    algorithm === C14N_WITH_COMMENTS_URI ? C14N_URI : algorithm === EXC_C14N_WITH_COMMENTS_URI ? EXC_C14N_URI : algorithm;
  let before = '';
  let after = '';
  let seenRoot = false;
  for (let c = doc.firstChild; c; c = c.nextSibling) {
    if (c === root) seenRoot = true;
    else if (c.nodeType === NodeType.PI) {
      const pi = c as unknown as { target: string; data: string };
      // xmldom keeps the XML declaration as a PI named "xml"; C14N drops the declaration.
      if (pi.target.toLowerCase() === 'xml') continue;
      const text = `<?${pi.target}${pi.data ? ` ${pi.data}` : ''}?>`;
      if (seenRoot) after += `\n${text}`;
      else before += `${text}\n`;
    }
  }
  return before + canonicalizeElement(root, withoutComments, excluded ? { excluded } : {}) + after;
}
