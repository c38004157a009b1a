/**
 * Hardened parsing of XML that comes from outside (other software's documents, DIAN responses).
 *
 * Before the DOM parser sees anything: bounded size, strict UTF-8, no DOCTYPE at all (hence no
 * DTD, no entity expansion, no external entity), bounded nesting depth and element count — all
 * checked by one linear scan that never recurses. Then @xmldom/xmldom builds the DOM (it never
 * fetches anything) with every error treated as fatal.
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';

/** Limits for untrusted XML. */
export interface XmlLimits {
  /** Maximum size in bytes (default 20 MiB). */
  maxBytes?: number;
  /** Maximum element nesting depth (default 128). */
  maxDepth?: number;
  /** Maximum number of elements (default 200 000). */
  maxElements?: number;
}

/** Why untrusted XML was refused. */
export type UnsafeXmlKind = 'too_large' | 'encoding' | 'doctype' | 'too_deep' | 'too_many_elements' | 'malformed';

/** Raised when untrusted XML is refused; `message` is Spanish. */
export class UnsafeXmlError extends Error {
  /** Machine-readable reason. */
  readonly kind: UnsafeXmlKind;
  /**
   * @param kind machine-readable reason.
   * @param message Spanish explanation.
   */
  constructor(kind: UnsafeXmlKind, message: string) {
    super(message);
    this.name = 'UnsafeXmlError';
    this.kind = kind;
  }
}

/** Default limits. */
export const DEFAULT_XML_LIMITS: Required<XmlLimits> = { maxBytes: 20 * 1024 * 1024, maxDepth: 128, maxElements: 200_000 };

/**
 * Decodes bytes as strict UTF-8 (a leading BOM is dropped).
 *
 * @param input text or bytes.
 * @param maxBytes size limit.
 * @throws UnsafeXmlError `too_large` or `encoding`.
 */
export function decodeXmlInput(input: string | Uint8Array, maxBytes: number): string {
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(maxBytes);
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  if (input.length > maxBytes) throw tooLarge(maxBytes);
  if ((input[0] === 0xfe && input[1] === 0xff) || (input[0] === 0xff && input[1] === 0xfe)) {
    throw new UnsafeXmlError('encoding', 'El documento está codificado en UTF-16; DIAN exige UTF-8.');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    throw new UnsafeXmlError('encoding', 'El documento no es texto UTF-8 válido.');
  }
}

function tooLarge(maxBytes: number): UnsafeXmlError {
  return new UnsafeXmlError('too_large', `El documento supera el tamaño máximo permitido (${maxBytes} bytes).`);
}

/**
 * One linear pass over the markup: refuses DOCTYPE and bounds depth and element count, so that
 * neither the DOM parser nor any recursive walk downstream can be driven into trouble.
 */
function screenMarkup(s: string, maxDepth: number, maxElements: number): void {
  let i = 0;
  let depth = 0;
  let elements = 0;
  const n = s.length;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt === -1) return;
    const c = s.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        i = end === -1 ? n : end + 3;
      } else if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        i = end === -1 ? n : end + 3;
      } else {
        // <!DOCTYPE, <!ENTITY, <!ELEMENT…: no declarations are processed, ever.
        throw new UnsafeXmlError(
          'doctype',
          'El documento contiene una declaración DOCTYPE o de entidades; por seguridad no se procesan DTD ni entidades externas.',
        );
      }
    } else if (c === 63 /* ? */) {
      const end = s.indexOf('?>', lt + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === 47 /* / */) {
      depth--;
      const end = s.indexOf('>', lt + 2);
      i = end === -1 ? n : end + 1;
    } else {
      // Start tag: find its end, skipping quoted attribute values (which may contain '>').
      let k = lt + 1;
      let quote = 0;
      for (; k < n; k++) {
        const ch = s.charCodeAt(k);
        if (quote) {
          if (ch === quote) quote = 0;
        } else if (ch === 34 || ch === 39) {
          quote = ch;
        } else if (ch === 62) {
          break;
        }
      }
      elements++;
      if (elements > maxElements) {
        throw new UnsafeXmlError('too_many_elements', `El documento tiene más de ${maxElements} elementos.`);
      }
      if (s.charCodeAt(k - 1) !== 47) {
        depth++;
        if (depth > maxDepth) {
          throw new UnsafeXmlError('too_deep', `El documento supera la profundidad máxima de anidamiento (${maxDepth} niveles).`);
        }
      }
      i = k + 1;
    }
  }
}

/**
 * Parses untrusted XML into a DOM after the hardening checks.
 *
 * @param input the document (string, or bytes that must be UTF-8).
 * @param limits size, depth and element bounds (see {@link DEFAULT_XML_LIMITS}).
 * @returns the DOM document.
 * @throws UnsafeXmlError with a Spanish message.
 */
export function parseUntrustedXml(input: string | Uint8Array, limits: XmlLimits = {}): Document {
  const maxBytes = limits.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  const text = decodeXmlInput(input, maxBytes);
  screenMarkup(text, limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth, limits.maxElements ?? DEFAULT_XML_LIMITS.maxElements);
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UnsafeXmlError('malformed', `El XML no está bien formado: ${detail}`);
  }
  if (problems.length > 0) throw new UnsafeXmlError('malformed', `El XML no está bien formado: ${problems[0]}`);
  if (!doc.documentElement) throw new UnsafeXmlError('malformed', 'El XML no tiene elemento raíz.');
  if (doc.doctype) throw new UnsafeXmlError('doctype', 'El documento contiene una declaración DOCTYPE.');
  return doc;
}

/** Node type constants (DOM level 1). */
export const NodeType = { ELEMENT: 1, TEXT: 3, CDATA: 4, PI: 7, COMMENT: 8, DOCUMENT: 9 } as const;

/** Element children of a node, in order. */
export function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === NodeType.ELEMENT) out.push(c as Element);
  return out;
}

/** First element child with the given namespace and local name. */
export function firstChild(node: Node, ns: string, local: string): Element | undefined {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === NodeType.ELEMENT && (c as Element).localName === local && (c as Element).namespaceURI === ns) return c as Element;
  }
  return undefined;
}

/** All element children with the given namespace and local name. */
export function childrenNamed(node: Node, ns: string, local: string): Element[] {
  return childElements(node).filter((e) => e.localName === local && e.namespaceURI === ns);
}

/**
 * Follows a path of (namespace, local name) steps, taking the first match at each step.
 *
 * @param node where to start.
 * @param steps `[ns, local]` pairs.
 */
export function pathElement(node: Node, ...steps: Array<readonly [string, string]>): Element | undefined {
  let current: Node | undefined = node;
  for (const [ns, local] of steps) {
    if (!current) return undefined;
    current = firstChild(current, ns, local);
  }
  return current as Element | undefined;
}

/** Concatenated text content (text and CDATA) of an element, or undefined when the element is absent. */
export function textOf(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  return el.textContent ?? '';
}

/** Every element in document order, iteratively (no recursion, whatever the depth). */
export function allElements(root: Element): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType !== NodeType.ELEMENT) continue;
    out.push(node as Element);
    const kids: Node[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) kids.push(c);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
  }
  return out;
}
