/**
 * Fast check that an unsigned document is already in canonical form (inclusive C14N 1.0 without
 * comments), and the layout the signer needs from it.
 *
 * Why: Previa's builder writes canonical XML directly, so the digest of the document reference
 * is simply the hash of the root element's bytes — no parse, no re-serialization. This single
 * linear scan (no DOM, no allocation per character) proves that shortcut is sound for the input
 * at hand: if every rule below holds, the bytes ARE their own canonical form, so any verifier's
 * C14N gives the same digest. Anything else is reported, and the signer falls back to a general
 * canonicalizer (or refuses, on request).
 *
 * The rules checked (C14N 1.0 §2): no DOCTYPE, comments or processing instructions; no raw CR;
 * start tags written as `<name` + ` attr="value"`… + `>` (single spaces, double quotes, no
 * empty-element `/>`); namespace declarations first — default, then prefixed ones sorted by
 * prefix — and none redundant with the one in scope; other attributes sorted by (namespace URI,
 * local name); attribute values escaped as `&amp; &lt; &quot; &#x9; &#xA; &#xD;`; text escaped as
 * `&amp; &lt; &gt; &#xD;` with `>` never raw; no other entity or character reference; matching
 * end tags; only whitespace after the root. CDATA sections are accepted and recorded: their
 * canonical form (escaped text) is what the signer hashes for them, so an AttachedDocument can
 * carry its embedded XML in CDATA as DIAN shows it.
 */
import { DS_NS, EXT_NS } from './algorithms.js';

/** An `ext:UBLExtension/ext:ExtensionContent` directly under the root's `ext:UBLExtensions`. */
export interface ExtensionSlot {
  /** 1-based position of the `ext:UBLExtension` among its siblings (XPath `UBLExtension[n]`). */
  readonly index: number;
  /** Offset just after the `<ext:ExtensionContent>` start tag. */
  readonly contentStart: number;
  /** Offset of the `</ext:ExtensionContent>` end tag. */
  readonly contentEnd: number;
  /** True when the content is empty or whitespace only. */
  readonly empty: boolean;
  /** True when neither `ext:UBLExtensions`, the `ext:UBLExtension` nor the `ext:ExtensionContent` has attributes. */
  readonly bare: boolean;
}

/** What the signer needs to know about a canonical document. */
export interface CanonicalLayout {
  /** Offset of the root's `<`. */
  readonly rootStart: number;
  /** Offset just after the root's end tag. */
  readonly rootEnd: number;
  /** Local name of the root, e.g. `Invoice`. */
  readonly rootLocalName: string;
  /** Namespace URI of the root. */
  readonly rootNamespace: string;
  /**
   * The root's namespace declarations exactly as written (already in canonical order and
   * escaping), e.g. ` xmlns="urn:…:Invoice-2" xmlns:cac="…"`. Inclusive C14N renders exactly
   * these on the apex of a signed subtree whose ancestors declare nothing else.
   */
  readonly rootNamespaceDeclarations: string;
  /** Prefix → namespace URI declared on the root ('' is the default namespace). */
  readonly rootBindings: ReadonlyMap<string, string>;
  /** True when the root carries `xml:*` attributes (inherited by signed subtrees in C14N 1.0). */
  readonly rootHasXmlAttributes: boolean;
  /** CDATA sections: offset of `<![CDATA[` and offset just after `]]>`, in document order. */
  readonly cdataSections: ReadonlyArray<readonly [number, number]>;
  /** Candidate signature slots, in document order. */
  readonly slots: readonly ExtensionSlot[];
  /** True when a `ds:Signature` element is present anywhere. */
  readonly hasSignature: boolean;
}

/** Result of {@link analyzeCanonicalXml}. */
export type CanonicalCheck =
  | { readonly ok: true; readonly layout: CanonicalLayout }
  | { readonly ok: false; readonly offset: number; readonly problem: string };

const LT = 60;
const GT = 62;
const QUOT = 34;
const SPACE = 32;
const SLASH = 47;
const EQ = 61;
const TAB = 9;
const LF = 10;

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === 13;
}

/** Element roles for the signature slot search. */
const enum Role {
  Other = 0,
  Extensions = 1,
  Extension = 2,
  Content = 3,
}

/**
 * Checks that `xml` (prolog included) is in canonical form after its prolog and returns its layout.
 *
 * @param xml the whole document text.
 * @returns `{ ok: true, layout }`, or `{ ok: false, offset, problem }` naming the first departure
 *   from canonical form (Spanish, for people).
 */
export function analyzeCanonicalXml(xml: string): CanonicalCheck {
  const s = xml;
  const n = s.length;
  const fail = (offset: number, problem: string): CanonicalCheck => ({ ok: false, offset, problem });
  /** indexOf that answers "past the end" instead of -1, so pointers compare simply. */
  const find = (ch: string, from: number): number => {
    const at = s.indexOf(ch, from);
    return at === -1 ? n + 1 : at;
  };

  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (s.startsWith('<?xml', i)) {
    const end = s.indexOf('?>', i);
    if (end === -1) return fail(i, 'La declaración XML no está cerrada.');
    const m = /\sencoding\s*=\s*["']([^"']*)["']/.exec(s.slice(i, end));
    if (m && m[1]!.toUpperCase() !== 'UTF-8' && m[1]!.toUpperCase() !== 'UTF8') {
      return fail(i, `La declaración XML indica la codificación ${m[1]}; se requiere UTF-8.`);
    }
    i = end + 2;
  }
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  if (i >= n || s.charCodeAt(i) !== LT) return fail(i, 'Falta el elemento raíz.');
  const c1 = s.charCodeAt(i + 1);
  if (c1 === 33 || c1 === 63 || c1 === SLASH) {
    return fail(i, 'Antes del elemento raíz solo puede ir la declaración XML (sin DOCTYPE, comentarios ni instrucciones).');
  }
  const cr = s.indexOf('\r');
  if (cr !== -1) return fail(cr, 'El documento contiene un retorno de carro (CR) sin escapar.');

  // The scan is linear and allocation-light. Each step handles one run of character data and
  // the tag after it with two native searches (next '<', next '>'); the characters that need a
  // verdict wherever they appear ('&' always; space, tab and LF, whose meaning depends on being
  // in markup or text) are located with native indexOf and their pointers moved forward as the
  // scan passes them. Tag names are never re-read: a mismatched end tag is malformed XML that no
  // verifier accepts, so only its length is checked here.
  let nextAmp = find('&', i);
  let nextLf = find('\n', i);
  let nextTab = find('\t', i);
  let nextSpace = find(' ', i);

  const rootStart = i;
  const nameLengths: number[] = [];
  const roles: Role[] = [];
  const bare: boolean[] = [];
  const undos: Array<Array<[string, string | undefined]> | null> = [];
  const bindings = new Map<string, string>();
  const cdata: Array<readonly [number, number]> = [];
  const slots: ExtensionSlot[] = [];
  let extensionCount = 0;
  let contentStart = -1;
  let hasSignature = false;
  let rootLocalName = '';
  let rootNamespace = '';
  let rootNsDecls = '';
  let rootHasXml = false;
  let rootEnd = -1;
  let gt = s.indexOf('>', i);

  for (;;) {
    // Here s[i] is '<' and gt is the first '>' after it.
    if (gt === -1) return fail(i, 'Etiqueta sin cerrar.');
    const c = s.charCodeAt(i + 1);
    if (c === SLASH) {
      const len = nameLengths.pop();
      if (len === undefined) return fail(i, 'Etiqueta de cierre sin apertura.');
      if (gt !== i + 2 + len) return fail(i, 'Etiqueta de cierre que no corresponde a la de apertura, o con espacios.');
      const role = roles.pop()!;
      const isBare = bare.pop()!;
      const undo = undos.pop();
      if (undo) {
        for (let u = undo.length - 1; u >= 0; u--) {
          const [prefix, previous] = undo[u]!;
          if (previous === undefined) bindings.delete(prefix);
          else bindings.set(prefix, previous);
        }
      }
      if (role === Role.Content && contentStart >= 0) {
        let empty = true;
        for (let k = contentStart; k < i; k++) {
          if (!isSpace(s.charCodeAt(k))) {
            empty = false;
            break;
          }
        }
        slots.push({
          index: extensionCount,
          contentStart,
          contentEnd: i,
          empty,
          bare: isBare && bare[bare.length - 1]! && bare[bare.length - 2]!,
        });
        contentStart = -1;
      }
      i = gt + 1;
      if (nameLengths.length === 0) {
        rootEnd = i;
        break;
      }
    } else if (c === 33) {
      if (!s.startsWith('<![CDATA[', i)) return fail(i, 'El documento contiene comentarios o declaraciones (<!…>).');
      const end = s.indexOf(']]>', i + 9);
      if (end === -1) return fail(i, 'Sección CDATA sin cerrar.');
      cdata.push([i, end + 3]);
      i = end + 3;
      // '&', '>', tab, LF and space are plain characters inside CDATA.
      if (nextAmp < i) nextAmp = find('&', i);
      if (nextLf < i) nextLf = find('\n', i);
      if (nextTab < i) nextTab = find('\t', i);
      if (nextSpace < i) nextSpace = find(' ', i);
    } else if (c === 63) {
      return fail(i, 'El documento contiene instrucciones de procesamiento (<?…?>).');
    } else {
      // Start tag. The name ends at the first space (attributes follow) or at '>'.
      if (nextSpace <= i) nextSpace = find(' ', i + 1);
      const hasAttrs = nextSpace < gt;
      let k = hasAttrs ? nextSpace : gt;
      const qname = s.slice(i + 1, k);
      if (qname.length === 0 || qname.charCodeAt(qname.length - 1) === SLASH) {
        return fail(i, 'Etiqueta vacía (<a/>) o mal formada; C14N escribe <a></a>.');
      }
      const depth = nameLengths.length;
      let undo: Array<[string, string | undefined]> | null = null;
      if (hasAttrs) {
        let phase = 0; // 0: nothing yet, 1: namespace declarations, 2: attributes
        let lastPrefix: string | undefined;
        let lastUri = '';
        let lastLocal = '';
        while (s.charCodeAt(k) === SPACE) {
          k++;
          const nameStart = k;
          while (k < n) {
            const ch = s.charCodeAt(k);
            if (ch === EQ) break;
            if (ch === SPACE || ch === GT || ch === QUOT) {
              return fail(k, 'Atributo mal formado (se espera nombre="valor" separados por un solo espacio).');
            }
            k++;
          }
          if (k === nameStart || s.charCodeAt(k + 1) !== QUOT) {
            return fail(k, 'Los valores de atributo deben ir entre comillas dobles, sin espacios alrededor de "=".');
          }
          const valueStart = k + 2;
          const valueEnd = s.indexOf('"', valueStart);
          if (valueEnd === -1) return fail(k, 'Valor de atributo sin cerrar.');
          while (nextAmp < valueEnd) {
            const v = nextAmp;
            if (
              !(
                s.startsWith('amp;', v + 1) ||
                s.startsWith('lt;', v + 1) ||
                s.startsWith('quot;', v + 1) ||
                s.startsWith('#x9;', v + 1) ||
                s.startsWith('#xA;', v + 1) ||
                s.startsWith('#xD;', v + 1)
              )
            ) {
              return fail(v, 'Referencia no canónica en un atributo (solo &amp; &lt; &quot; &#x9; &#xA; &#xD;).');
            }
            nextAmp = find('&', v + 1);
          }
          const attr = s.slice(nameStart, k);
          k = valueEnd + 1;
          if (attr === 'xmlns') {
            const value = s.slice(valueStart, valueEnd);
            if (phase !== 0) return fail(nameStart, 'La declaración xmlns debe ser el primer atributo.');
            if ((bindings.get('') ?? '') === value) return fail(nameStart, 'Declaración de espacio de nombres redundante.');
            phase = 1;
            (undo ??= []).push(['', bindings.get('')]);
            bindings.set('', value);
            if (depth === 0) rootNsDecls += ` xmlns="${value}"`;
          } else if (attr.startsWith('xmlns:')) {
            const value = s.slice(valueStart, valueEnd);
            const prefix = attr.slice(6);
            if (phase === 2) return fail(nameStart, 'Las declaraciones de espacio de nombres deben ir antes de los atributos.');
            if (lastPrefix !== undefined && !(lastPrefix < prefix)) {
              return fail(nameStart, 'Declaraciones de espacio de nombres fuera de orden (C14N las ordena por prefijo).');
            }
            if (value === '') return fail(nameStart, 'No se puede anular la declaración de un prefijo.');
            if (bindings.get(prefix) === value) return fail(nameStart, 'Declaración de espacio de nombres redundante.');
            phase = 1;
            lastPrefix = prefix;
            (undo ??= []).push([prefix, bindings.get(prefix)]);
            bindings.set(prefix, value);
            if (depth === 0) rootNsDecls += ` ${attr}="${value}"`;
          } else {
            let uri = '';
            let local = attr;
            const colon = attr.indexOf(':');
            if (colon !== -1) {
              const prefix = attr.slice(0, colon);
              local = attr.slice(colon + 1);
              const bound = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : bindings.get(prefix);
              if (bound === undefined || bound === '' || prefix === '') return fail(nameStart, `Prefijo no declarado: ${prefix}.`);
              uri = bound;
              if (prefix === 'xml' && depth === 0) rootHasXml = true;
            }
            if (phase === 2 && (uri < lastUri || (uri === lastUri && !(lastLocal < local)))) {
              return fail(nameStart, 'Atributos fuera del orden canónico (o repetidos).');
            }
            phase = 2;
            lastUri = uri;
            lastLocal = local;
          }
        }
        if (s.charCodeAt(k) !== GT) return fail(k, 'Etiqueta mal formada o vacía (<a/>); C14N escribe <a></a>.');
        // Spaces inside attribute values are content; move the pointer past this tag.
        nextSpace = find(' ', k);
      }
      // Inside markup only single spaces separate things: a tab or LF there is not canonical.
      if (nextLf < k || nextTab < k) {
        return fail(Math.min(nextLf, nextTab), 'Tabulador o salto de línea dentro de una etiqueta (C14N usa un solo espacio y escapa &#x9; &#xA; en atributos).');
      }
      k++;

      let role = Role.Other;
      const lastChar = qname.charCodeAt(qname.length - 1);
      const parentRole = depth > 0 ? roles[depth - 1]! : Role.Other;
      if (
        depth === 0 ||
        (depth === 1 && lastChar === 115 /* s */ && qname.endsWith('UBLExtensions')) ||
        parentRole === Role.Extensions ||
        parentRole === Role.Extension ||
        (lastChar === 101 /* e */ && qname.endsWith('Signature'))
      ) {
        const colon = qname.indexOf(':');
        const prefix = colon === -1 ? '' : qname.slice(0, colon);
        const local = colon === -1 ? qname : qname.slice(colon + 1);
        const uri = bindings.get(prefix);
        if (colon !== -1 && (uri === undefined || uri === '')) return fail(i, `Prefijo no declarado: ${prefix}.`);
        if (depth === 0) {
          rootLocalName = local;
          rootNamespace = uri ?? '';
        } else if (local === 'Signature' && uri === DS_NS) {
          hasSignature = true;
        } else if (uri === EXT_NS) {
          if (depth === 1 && local === 'UBLExtensions') {
            role = Role.Extensions;
            extensionCount = 0;
          } else if (parentRole === Role.Extensions && local === 'UBLExtension') {
            role = Role.Extension;
            extensionCount++;
          } else if (parentRole === Role.Extension && local === 'ExtensionContent') {
            role = Role.Content;
            contentStart = k;
          }
        }
      }
      nameLengths.push(qname.length);
      roles.push(role);
      bare.push(!hasAttrs);
      undos.push(undo);
      i = k;
    }

    // Character data up to the next tag, then the first '>' after that tag's '<'.
    const next = s.indexOf('<', i);
    if (next === -1) return fail(i, 'Falta cerrar el elemento raíz.');
    gt = s.indexOf('>', i);
    if (next > i) {
      if (gt !== -1 && gt < next) return fail(gt, 'Carácter ">" sin escapar en el texto (C14N escribe &gt;).');
      while (nextAmp < next) {
        const t = nextAmp;
        if (!(s.startsWith('amp;', t + 1) || s.startsWith('lt;', t + 1) || s.startsWith('gt;', t + 1) || s.startsWith('#xD;', t + 1))) {
          return fail(t, 'Referencia no canónica en el texto (solo &amp; &lt; &gt; &#xD;).');
        }
        nextAmp = find('&', t + 1);
      }
      if (nextLf < next) nextLf = find('\n', next);
      if (nextTab < next) nextTab = find('\t', next);
    }
    i = next;
  }

  for (let t = rootEnd; t < n; t++) {
    if (!isSpace(s.charCodeAt(t))) return fail(t, 'Después del elemento raíz solo puede haber espacios.');
  }
  const rootBindings = new Map<string, string>();
  for (const m of rootNsDecls.matchAll(/ xmlns(?::([^=]+))?="([^"]*)"/g)) rootBindings.set(m[1] ?? '', m[2]!);
  return {
    ok: true,
    layout: {
      rootStart,
      rootEnd,
      rootLocalName,
      rootNamespace,
      rootNamespaceDeclarations: rootNsDecls,
      rootBindings,
      rootHasXmlAttributes: rootHasXml,
      cdataSections: cdata,
      slots,
      hasSignature,
    },
  };
}

/**
 * The canonical form of a CDATA section's content: C14N replaces CDATA by its text, escaped.
 *
 * @param content the characters between `<![CDATA[` and `]]>` (with no raw CR: parsers turn CR into LF).
 */
export function canonicalCdataText(content: string): string {
  if (!/[&<>]/.test(content)) return content;
  return content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The layout of a document the caller vouches is canonical (Previa's own builder output),
 * found with a handful of native searches instead of the full scan: the prolog, the root start
 * tag and its namespace declarations, the root end tag and the `ext:` slots. Cheap sanity checks
 * still apply (no CR, comments, CDATA, processing instructions or DOCTYPE; `ext` and `ds`
 * declared on the root; the slot written exactly as the builder writes it); when one fails
 * the answer is `ok: false` and the caller should run {@link analyzeCanonicalXml}.
 *
 * Soundness rests on the caller: test the builder with {@link analyzeCanonicalXml} (or sign with
 * `input: 'canonical'` in tests) and use this in production.
 *
 * @param xml the whole document text.
 */
export function trustedCanonicalLayout(xml: string): CanonicalCheck {
  const s = xml;
  const fail = (offset: number, problem: string): CanonicalCheck => ({ ok: false, offset, problem });
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (s.startsWith('<?xml', i)) {
    const end = s.indexOf('?>', i);
    if (end === -1) return fail(i, 'La declaración XML no está cerrada.');
    const decl = s.slice(i, end);
    if (/encoding/.test(decl) && !/encoding="UTF-8"/i.test(decl)) return fail(i, 'Codificación distinta de UTF-8.');
    i = end + 2;
  }
  while (isSpace(s.charCodeAt(i))) i++;
  const rootStart = i;
  if (s.charCodeAt(i) !== LT) return fail(i, 'Falta el elemento raíz.');
  // '<!' and '<?' are searched by their rare second character (a two-character search would
  // stop at every '<'); the few '!' and '?' of text (URLs) are then checked one by one.
  for (const mark of ['!', '?']) {
    for (let at = s.indexOf(mark, i); at !== -1; at = s.indexOf(mark, at + 1)) {
      if (s.charCodeAt(at - 1) === LT) return fail(at - 1, 'Comentarios, CDATA, DOCTYPE o instrucciones de procesamiento.');
    }
  }
  if (s.indexOf('\r') !== -1) return fail(i, 'Retorno de carro (CR) sin escapar.');
  // Root start tag: attribute values may contain '>', so walk the quotes.
  let k = i + 1;
  while (k < s.length && s.charCodeAt(k) !== SPACE && s.charCodeAt(k) !== GT) k++;
  const rootQName = s.slice(i + 1, k);
  while (s.charCodeAt(k) === SPACE) {
    const q1 = s.indexOf('"', k);
    const q2 = q1 === -1 ? -1 : s.indexOf('"', q1 + 1);
    if (q2 === -1) return fail(k, 'Atributo mal formado en el elemento raíz.');
    k = q2 + 1;
  }
  if (s.charCodeAt(k) !== GT) return fail(k, 'Etiqueta raíz mal formada.');
  const rootTag = s.slice(i, k + 1);
  let rootNsDecls = '';
  const rootBindings = new Map<string, string>();
  for (const m of rootTag.matchAll(/ xmlns(?::([^=]+))?="([^"]*)"/g)) {
    rootNsDecls += m[0];
    rootBindings.set(m[1] ?? '', m[2]!);
  }
  const colon = rootQName.indexOf(':');
  const rootNamespace = rootBindings.get(colon === -1 ? '' : rootQName.slice(0, colon)) ?? '';
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  const closing = `</${rootQName}>`;
  if (!s.endsWith(closing, end)) return fail(end, 'El documento no termina con el cierre del elemento raíz.');
  if (rootBindings.get('ext') !== EXT_NS || rootBindings.get('ds') !== DS_NS) return fail(i, 'El elemento raíz no declara ext y ds.');

  const extStart = s.indexOf('<ext:UBLExtensions>', k);
  const extEnd = extStart === -1 ? -1 : s.indexOf('</ext:UBLExtensions>', extStart);
  const slots: ExtensionSlot[] = [];
  if (extEnd !== -1) {
    let index = 0;
    let p = extStart;
    for (;;) {
      const ext = s.indexOf('<ext:UBLExtension>', p);
      if (ext === -1 || ext > extEnd) break;
      index++;
      const open = '<ext:ExtensionContent>';
      const contentStart = ext + '<ext:UBLExtension>'.length + open.length;
      if (s.startsWith(open, ext + '<ext:UBLExtension>'.length) && s.startsWith('</ext:ExtensionContent>', contentStart)) {
        slots.push({ index, contentStart, contentEnd: contentStart, empty: true, bare: true });
      }
      p = ext + 1;
    }
  }
  return {
    ok: true,
    layout: {
      rootStart,
      rootEnd: end,
      rootLocalName: colon === -1 ? rootQName : rootQName.slice(colon + 1),
      rootNamespace,
      rootNamespaceDeclarations: rootNsDecls,
      rootBindings,
      rootHasXmlAttributes: / xml:[^=]+="/.test(rootTag),
      cdataSections: [],
      slots,
      hasSignature: s.indexOf('<ds:Signature', k) !== -1,
    },
  };
}
