import { canonicalPrefix } from './namespaces.js';

/**
 * A parsed XML element. Names are canonical: `qname` uses Previa's prefixes for known
 * namespaces (`cbc:ID`, `cac:TaxTotal`, `Invoice` for UBL main documents) whatever prefixes
 * the document declared, and `{uri}local` for namespaces Previa does not know.
 */
export interface XmlElement {
  /** Canonical qualified name, e.g. `cbc:ID`. */
  readonly qname: string;
  /** Local name, e.g. `ID`. */
  readonly local: string;
  /** Namespace URI ('' when none). */
  readonly ns: string;
  /** Attributes: unprefixed ones by local name, namespaced ones by canonical qname (`xsi:schemaLocation`). */
  readonly attrs: Readonly<Record<string, string>>;
  /** Child elements in document order (leaves share one frozen empty array). */
  readonly children: readonly XmlElement[];
  /** Concatenated, entity-decoded character data directly inside this element. */
  text: string;
  /** Parent element (undefined for the root). */
  readonly parent: XmlElement | undefined;
  /** Offset of `<` of the start tag in the source string. */
  readonly start: number;
  /** Offset just after the end tag (or the `/>` of an empty-element tag). */
  end: number;
}

/** Limits applied to untrusted input. */
export interface XmlLimits {
  /** Maximum input length in characters (default 20 MiB). */
  maxLength?: number;
  /** Maximum element nesting depth (default 200). */
  maxDepth?: number;
  /** Maximum number of elements (default 500 000). */
  maxElements?: number;
}

/** Raised for input that is not well-formed XML or that breaks the hardening limits. */
export class XmlParseError extends Error {
  /** 1-based line of the problem. */
  readonly line: number;
  constructor(message: string, line: number) {
    super(`${message} (línea ${line})`);
    this.name = 'XmlParseError';
    this.line = line;
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A resolved element name, found by the hash of its raw (as written) name. */
interface NameInfo {
  readonly raw: string;
  readonly qname: string;
  readonly local: string;
  readonly ns: string;
  /** Next name with the same hash. */
  readonly next: NameInfo | undefined;
}

/** A namespace binding: the URI and the canonical prefix Previa uses for it (undefined when unknown). */
interface Binding {
  readonly uri: string;
  readonly canonical: string | undefined;
}

interface Scope {
  readonly parent: Scope | undefined;
  readonly map: Record<string, Binding>;
  /** Resolved element names under this scope, by hash of the raw name (declarations are almost always on the root). */
  readonly names: Map<number, NameInfo>;
}

/** An attribute name as written, classified once per document. */
interface AttrName {
  readonly raw: string;
  /** 0 plain, 1 `xmlns`, 2 `xmlns:p`, 3 other prefixed name. */
  readonly kind: 0 | 1 | 2 | 3;
  /** Declared prefix for kind 2. */
  readonly declared: string;
  /** Next name with the same hash. */
  readonly next: AttrName | undefined;
}

const XML_BINDING: Binding = { uri: XML_NS, canonical: undefined };
const NO_NS: Binding = { uri: '', canonical: undefined };

/** Line ends in character data: CRLF and lone CR become LF (XML 1.0 §2.11). */
const LINE_END_RE = /\r\n?/g;

/**
 * Parses a complete XML document into an element tree.
 *
 * Hardened for foreign input: DOCTYPE declarations are refused outright (so there are no
 * entity expansions or external references), only the five predefined entities and
 * character references are decoded, and size, depth and element counts are bounded.
 * It is a non-validating parser for the namespace-well-formed subset DIAN documents use.
 *
 * Performance notes: markup is located with `indexOf` rather than per-character loops, and
 * the "is there a `&`, `<`, tab, LF or CR in this range?" questions are answered from
 * lazily refreshed next-occurrence offsets, which only move forward, so the whole document
 * is scanned for each of those characters at most once (amortized O(n)).
 */
export function parseXml(source: string, limits: XmlLimits = {}): XmlElement {
  const maxLength = limits.maxLength ?? 20 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 200;
  const maxElements = limits.maxElements ?? 500_000;
  if (source.length > maxLength) {
    throw new XmlParseError(`El documento supera el tamaño máximo permitido (${maxLength} caracteres)`, 1);
  }
  const len = source.length;
  let pos = 0;
  if (source.charCodeAt(0) === 0xfeff) pos = 1;

  const fail = (message: string, at: number): never => {
    let line = 1;
    for (let i = 0; i < at && i < len; i++) if (source.charCodeAt(i) === 10) line++;
    throw new XmlParseError(message, line);
  };

  const stack: XmlElement[] = [];
  const rawNames: string[] = [];
  const scopes: Scope[] = [];
  const rootScope: Scope = { parent: undefined, map: EMPTY_MAP, names: new Map() };
  let root: XmlElement | undefined;
  let count = 0;

  // Next offsets of characters that force the slow decoding paths: -2 = not looked up yet,
  // -1 = none left. Refreshed only when a query starts past them, so offsets only grow.
  let nextAmp = -2;
  let nextLt = -2;
  let nextTab = -2;
  let nextLf = -2;
  let nextCr = -2;
  // Attribute names seen in this document by hash of the name as written, so each distinct
  // name is one string object (cheaper property writes and duplicate checks than a fresh
  // slice per attribute) and is classified once.
  const attrNames = new Map<number, AttrName>();

  const resolve = (prefix: string, scope: Scope, at: number): Binding => {
    if (prefix === 'xml') return XML_BINDING;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const b = s.map[prefix];
      if (b !== undefined) return b;
    }
    if (prefix === '') return NO_NS;
    return fail(`Prefijo de espacio de nombres no declarado: ${prefix}`, at);
  };

  while (pos < len) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt === -1 ? len : lt;
    if (textEnd > pos) {
      // Whitespace-only runs (indentation) are dropped: DIAN content is read trimmed.
      if (!isSpace(source.charCodeAt(pos)) || !isWhitespace(source, pos + 1, textEnd)) {
        const top = stack.length > 0 ? stack[stack.length - 1]! : undefined;
        if (!top) fail('Contenido fuera del elemento raíz', pos);
        if (nextAmp !== -1 && nextAmp < pos) nextAmp = source.indexOf('&', pos);
        let piece: string;
        if (nextAmp === -1 || nextAmp >= textEnd) {
          piece = source.slice(pos, textEnd);
          if (nextCr !== -1 && nextCr < pos) nextCr = source.indexOf('\r', pos);
          if (nextCr !== -1 && nextCr < textEnd) piece = piece.replace(LINE_END_RE, '\n');
        } else {
          piece = decodeEntities(source, pos, textEnd, fail).replace(LINE_END_RE, '\n');
        }
        top!.text += piece;
      }
    }
    if (lt === -1) break;
    pos = lt;
    const c1 = source.charCodeAt(pos + 1);
    if (c1 === 47 /* / */) {
      // Fast path: `</name>` exactly as opened (the name never contains `>`, so this `>` is
      // the one the general path below would find).
      const depth = stack.length;
      if (depth > 0) {
        const expectedRaw = rawNames[depth - 1]!;
        const nameEnd = pos + 2 + expectedRaw.length;
        if (source.charCodeAt(nameEnd) === 62 /* > */ && source.startsWith(expectedRaw, pos + 2)) {
          stack.pop()!.end = nameEnd + 1;
          rawNames.pop();
          scopes.pop();
          pos = nameEnd + 1;
          continue;
        }
      }
      const end = source.indexOf('>', pos + 2);
      if (end === -1) fail('Etiqueta de cierre sin terminar', pos);
      const top = stack.pop();
      const expectedRaw = rawNames.pop();
      scopes.pop();
      if (!top || expectedRaw === undefined) fail(`Etiqueta de cierre inesperada </${source.slice(pos + 2, end).trimEnd()}>`, pos);
      const nameEnd = pos + 2 + expectedRaw!.length;
      if (!source.startsWith(expectedRaw!, pos + 2) || !isWhitespace(source, nameEnd, end)) {
        fail(`Se esperaba </${expectedRaw}> y se encontró </${source.slice(pos + 2, end).trim()}>`, pos);
      }
      top!.end = end + 1;
      pos = end + 1;
      continue;
    }
    if (c1 === 33 /* ! */) {
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos + 4);
        if (end === -1) fail('Comentario sin cerrar', pos);
        pos = end + 3;
      } else if (source.startsWith('<![CDATA[', pos)) {
        const end = source.indexOf(']]>', pos + 9);
        if (end === -1) fail('Sección CDATA sin cerrar', pos);
        const top = stack[stack.length - 1];
        if (!top) fail('CDATA fuera del elemento raíz', pos);
        top!.text += source.slice(pos + 9, end);
        pos = end + 3;
      } else if (source.startsWith('<!DOCTYPE', pos)) {
        fail('No se admiten declaraciones DOCTYPE (DTD) en documentos electrónicos', pos);
      } else {
        fail('Declaración de marcado no admitida', pos);
      }
      continue;
    }
    if (c1 === 63 /* ? */) {
      const end = source.indexOf('?>', pos + 2);
      if (end === -1) fail('Instrucción de procesamiento sin cerrar', pos);
      pos = end + 2;
      continue;
    }
    // Start tag.
    // The name ends at the first whitespace, `>` or `/` (or the end of input). It is hashed
    // while scanned and looked up without slicing: only a name not seen yet becomes a string.
    const nameFrom = pos + 1;
    let i = nameFrom;
    let hash = 0;
    for (;;) {
      const c = source.charCodeAt(i);
      // c !== c: NaN past the end of input.
      if (c === 62 || c === 32 || c === 47 || c === 10 || c === 9 || c === 13 || c !== c) break;
      hash = (Math.imul(hash, 31) + c) | 0;
      i++;
    }
    const nameLen = i - nameFrom;
    if (nameLen === 0) fail('Nombre de elemento vacío', pos);
    let attrs: Record<string, string> | undefined;
    let prefixed: Array<[string, string]> | undefined;
    let nsMap: Record<string, Binding> | undefined;
    let selfClosing = false;
    for (;;) {
      let ch = source.charCodeAt(i);
      if (ch === 62 /* > */) {
        i++;
        break;
      }
      while (i < len && isSpace(ch)) ch = source.charCodeAt(++i);
      if (i >= len) fail(`Etiqueta <${source.slice(nameFrom, nameFrom + nameLen)}> sin cerrar`, pos);
      if (ch === 62 /* > */) {
        i++;
        break;
      }
      if (ch === 47 /* / */) {
        if (source.charCodeAt(i + 1) !== 62) fail(`Etiqueta <${source.slice(nameFrom, nameFrom + nameLen)}> mal formada`, i);
        selfClosing = true;
        i += 2;
        break;
      }
      // The attribute name ends at the first whitespace, `>`, `/` or `=` (or the end of input).
      const nameStart = i;
      let ah = 0;
      for (;;) {
        const c = source.charCodeAt(i);
        if (c === 61 || c === 32 || c === 62 || c === 47 || c === 10 || c === 9 || c === 13 || c !== c) break;
        ah = (Math.imul(ah, 31) + c) | 0;
        i++;
      }
      if (i === nameStart) fail(`Atributo sin nombre en <${source.slice(nameFrom, nameFrom + nameLen)}>`, i);
      let an = attrNames.get(ah);
      while (an !== undefined && (an.raw.length !== i - nameStart || !source.startsWith(an.raw, nameStart))) an = an.next;
      if (an === undefined) {
        an = classifyAttrName(source.slice(nameStart, i), attrNames.get(ah));
        attrNames.set(ah, an);
      }
      const attrName = an.raw;
      while (i < len && isSpace(source.charCodeAt(i))) i++;
      if (source.charCodeAt(i) !== 61 /* = */) fail(`Atributo ${attrName} sin valor`, i);
      i++;
      while (i < len && isSpace(source.charCodeAt(i))) i++;
      const quote = source.charCodeAt(i);
      if (quote !== 34 && quote !== 39) fail(`Valor del atributo ${attrName} sin comillas`, i);
      const from = i + 1;
      const valueEnd = source.indexOf(quote === 34 ? '"' : "'", from);
      if (valueEnd === -1) fail(`Valor del atributo ${attrName} sin cerrar`, i);
      // Plain values (no entity, no `<`, no literal tab/LF/CR) are a slice; the rest is decoded.
      if (nextAmp !== -1 && nextAmp < from) nextAmp = source.indexOf('&', from);
      if (nextLt !== -1 && nextLt < from) nextLt = source.indexOf('<', from);
      if (nextTab !== -1 && nextTab < from) nextTab = source.indexOf('\t', from);
      if (nextLf !== -1 && nextLf < from) nextLf = source.indexOf('\n', from);
      if (nextCr !== -1 && nextCr < from) nextCr = source.indexOf('\r', from);
      const plain =
        (nextAmp === -1 || nextAmp >= valueEnd) &&
        (nextLt === -1 || nextLt >= valueEnd) &&
        (nextTab === -1 || nextTab >= valueEnd) &&
        (nextLf === -1 || nextLf >= valueEnd) &&
        (nextCr === -1 || nextCr >= valueEnd);
      const value = plain ? source.slice(from, valueEnd) : decodeAttr(source, from, valueEnd, fail);
      i = valueEnd + 1;
      if (an.kind === 1 || an.kind === 2) {
        (nsMap ??= Object.create(null) as Record<string, Binding>)[an.declared] = { uri: value, canonical: canonicalPrefix(value) };
      } else if (an.kind === 3) {
        (prefixed ??= []).push([attrName, value]);
      } else {
        attrs ??= {};
        if (Object.hasOwn(attrs, attrName)) fail(`Atributo repetido ${attrName}`, pos);
        attrs[attrName] = value;
      }
    }
    const parentScope = scopes.length > 0 ? scopes[scopes.length - 1]! : rootScope;
    const scope: Scope = nsMap ? { parent: parentScope, map: nsMap, names: new Map() } : parentScope;
    let info = scope.names.get(hash);
    while (info !== undefined && (info.raw.length !== nameLen || !source.startsWith(info.raw, nameFrom))) info = info.next;
    if (info === undefined) {
      const rawName = source.slice(nameFrom, nameFrom + nameLen);
      const colon = rawName.indexOf(':');
      const prefix = colon === -1 ? '' : rawName.slice(0, colon);
      const local = colon === -1 ? rawName : rawName.slice(colon + 1);
      const binding = resolve(prefix, scope, pos);
      info = { raw: rawName, qname: qualify(binding, local), local, ns: binding.uri, next: scope.names.get(hash) };
      scope.names.set(hash, info);
    }
    if (prefixed) {
      attrs ??= {};
      for (const [name, value] of prefixed) {
        const ac = name.indexOf(':');
        const key = qualify(resolve(name.slice(0, ac), scope, pos), name.slice(ac + 1));
        if (Object.hasOwn(attrs, key)) fail(`Atributo repetido ${name}`, pos);
        attrs[key] = value;
      }
    }
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    if (!parent && root) fail('Solo puede haber un elemento raíz', pos);
    if (++count > maxElements) fail(`El documento supera el máximo de ${maxElements} elementos`, pos);
    const el: XmlElement = {
      qname: info.qname,
      local: info.local,
      ns: info.ns,
      attrs: attrs ?? NO_ATTRS,
      children: NO_CHILDREN,
      text: '',
      parent,
      start: pos,
      end: i,
    };
    if (parent) {
      if (parent.children === NO_CHILDREN) (parent as unknown as { children: XmlElement[] }).children = [el];
      else (parent.children as XmlElement[]).push(el);
    }
    else root = el;
    if (!selfClosing) {
      if (stack.length >= maxDepth) fail(`El documento supera la profundidad máxima de ${maxDepth} niveles`, pos);
      stack.push(el);
      rawNames.push(info.raw);
      scopes.push(scope);
    }
    pos = i;
  }
  if (stack.length > 0) fail(`Elemento <${stack[stack.length - 1]!.qname}> sin cerrar`, len);
  if (!root) fail('El documento no tiene elemento raíz', 0);
  return root!;
}

/**
 * The attributes of every attribute-less element: one shared, frozen, ordinary (prototype-bearing)
 * empty object, so it reads exactly like the `{}` each element used to get.
 */
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

/** The children of every leaf element: one shared, frozen empty array (most elements are leaves). */
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

const EMPTY_MAP: Record<string, Binding> = Object.freeze(Object.create(null)) as Record<string, Binding>;

/** The canonical qualified name for `local` in namespace `b` (see XmlElement.qname). */
function qualify(b: Binding, local: string): string {
  if (b.uri === '') return local;
  if (b.canonical === undefined) return `{${b.uri}}${local}`;
  return b.canonical === '' ? local : `${b.canonical}:${local}`;
}

function classifyAttrName(raw: string, next: AttrName | undefined): AttrName {
  if (raw === 'xmlns') return { raw, kind: 1, declared: '', next };
  if (raw.startsWith('xmlns:')) return { raw, kind: 2, declared: raw.slice(6), next };
  return { raw, kind: raw.indexOf(':') === -1 ? 0 : 3, declared: '', next };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isWhitespace(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

type Fail = (message: string, at: number) => never;

function decodeAttr(s: string, from: number, to: number, fail: Fail): string {
  const raw = s.indexOf('&', from) === -1 || s.indexOf('&', from) >= to ? s.slice(from, to) : decodeEntities(s, from, to, fail);
  const lt = s.indexOf('<', from);
  if (lt !== -1 && lt < to) fail('Carácter < no permitido en un atributo', from);
  // Attribute-value normalization for literal whitespace (character references are already decoded above).
  return /[\t\n\r]/.test(s.slice(from, to)) ? normalizeAttrWhitespace(s.slice(from, to), fail, from) : raw;
}

function normalizeAttrWhitespace(raw: string, fail: Fail, at: number): string {
  const spaced = raw.replace(/\r\n|[\t\n\r]/g, ' ');
  return spaced.indexOf('&') === -1 ? spaced : decodeEntities(spaced, 0, spaced.length, fail, at);
}

function decodeEntities(s: string, from: number, to: number, fail: Fail, offset = 0): string {
  let out = '';
  let i = from;
  while (i < to) {
    const amp = s.indexOf('&', i);
    if (amp === -1 || amp >= to) {
      out += s.slice(i, to);
      break;
    }
    out += s.slice(i, amp);
    const semi = s.indexOf(';', amp);
    if (semi === -1 || semi >= to) fail('Referencia de entidad sin cerrar', offset + amp);
    const name = s.slice(amp + 1, semi);
    if (name.charCodeAt(0) === 35 /* # */) {
      const code = name.charCodeAt(1) === 120 /* x */ ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code < 1 || code > 0x10ffff) fail(`Referencia de carácter inválida &${name};`, offset + amp);
      out += String.fromCodePoint(code);
    } else {
      const v = Object.hasOwn(PREDEFINED, name) ? PREDEFINED[name] : undefined;
      if (v === undefined) fail(`Entidad no definida &${name};`, offset + amp);
      out += v;
    }
    i = semi + 1;
  }
  return out;
}
