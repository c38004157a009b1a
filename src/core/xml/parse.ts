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
  /** Child elements in document order. */
  readonly children: XmlElement[];
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

interface Scope {
  readonly parent: Scope | undefined;
  readonly map: Record<string, string>;
}

/**
 * Parses a complete XML document into an element tree.
 *
 * Hardened for foreign input: DOCTYPE declarations are refused outright (so there are no
 * entity expansions or external references), only the five predefined entities and
 * character references are decoded, and size, depth and element counts are bounded.
 * It is a non-validating parser for the namespace-well-formed subset DIAN documents use.
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
  const scopes: Scope[] = [];
  let root: XmlElement | undefined;
  let count = 0;

  const resolve = (prefix: string, scope: Scope | undefined, at: number): string => {
    if (prefix === 'xml') return XML_NS;
    for (let s = scope; s; s = s.parent) {
      const uri = s.map[prefix];
      if (uri !== undefined) return uri;
    }
    if (prefix === '') return '';
    return fail(`Prefijo de espacio de nombres no declarado: ${prefix}`, at);
  };

  const qualify = (uri: string, local: string): string => {
    if (uri === '') return local;
    const p = canonicalPrefix(uri);
    if (p === undefined) return `{${uri}}${local}`;
    return p === '' ? local : `${p}:${local}`;
  };

  while (pos < len) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt === -1 ? len : lt;
    if (textEnd > pos) {
      const top = stack[stack.length - 1];
      // Whitespace-only runs (indentation) are dropped: DIAN content is read trimmed.
      if (isWhitespace(source, pos, textEnd)) {
        // nothing to keep
      } else if (top) {
        top.text += decodeText(source, pos, textEnd, fail);
      } else {
        fail('Contenido fuera del elemento raíz', pos);
      }
    }
    if (lt === -1) break;
    pos = lt;
    const c1 = source.charCodeAt(pos + 1);
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
    if (c1 === 47 /* / */) {
      const end = source.indexOf('>', pos + 2);
      if (end === -1) fail('Etiqueta de cierre sin terminar', pos);
      const rawName = source.slice(pos + 2, end).trimEnd();
      const top = stack.pop();
      const scope = scopes.pop();
      if (!top) fail(`Etiqueta de cierre inesperada </${rawName}>`, pos);
      const expectedRaw = (scope as Scope & { raw?: string }).raw;
      if (rawName !== expectedRaw) fail(`Se esperaba </${expectedRaw}> y se encontró </${rawName}>`, pos);
      top!.end = end + 1;
      pos = end + 1;
      continue;
    }
    // Start tag.
    let i = pos + 1;
    while (i < len && !isNameEnd(source.charCodeAt(i))) i++;
    const rawName = source.slice(pos + 1, i);
    if (rawName === '') fail('Nombre de elemento vacío', pos);
    const rawAttrs: Array<[string, string]> = [];
    let nsMap: Record<string, string> | undefined;
    let selfClosing = false;
    for (;;) {
      while (i < len && isSpace(source.charCodeAt(i))) i++;
      if (i >= len) fail(`Etiqueta <${rawName}> sin cerrar`, pos);
      const ch = source.charCodeAt(i);
      if (ch === 62 /* > */) { i++; break; }
      if (ch === 47 /* / */) {
        if (source.charCodeAt(i + 1) !== 62) fail(`Etiqueta <${rawName}> mal formada`, i);
        selfClosing = true;
        i += 2;
        break;
      }
      const nameStart = i;
      while (i < len && !isNameEnd(source.charCodeAt(i)) && source.charCodeAt(i) !== 61) i++;
      const attrName = source.slice(nameStart, i);
      while (i < len && isSpace(source.charCodeAt(i))) i++;
      if (source.charCodeAt(i) !== 61 /* = */) fail(`Atributo ${attrName} sin valor`, i);
      i++;
      while (i < len && isSpace(source.charCodeAt(i))) i++;
      const quote = source.charCodeAt(i);
      if (quote !== 34 && quote !== 39) fail(`Valor del atributo ${attrName} sin comillas`, i);
      const valueEnd = source.indexOf(quote === 34 ? '"' : "'", i + 1);
      if (valueEnd === -1) fail(`Valor del atributo ${attrName} sin cerrar`, i);
      const value = decodeAttr(source, i + 1, valueEnd, fail);
      i = valueEnd + 1;
      if (attrName === 'xmlns') {
        (nsMap ??= Object.create(null) as Record<string, string>)[''] = value;
      } else if (attrName.startsWith('xmlns:')) {
        (nsMap ??= Object.create(null) as Record<string, string>)[attrName.slice(6)] = value;
      } else {
        rawAttrs.push([attrName, value]);
      }
    }
    const parentScope = scopes[scopes.length - 1];
    const scope: Scope & { raw?: string } = nsMap ? { parent: parentScope, map: nsMap } : { parent: parentScope, map: EMPTY };
    scope.raw = rawName;
    const colon = rawName.indexOf(':');
    const prefix = colon === -1 ? '' : rawName.slice(0, colon);
    const local = colon === -1 ? rawName : rawName.slice(colon + 1);
    const uri = resolve(prefix, scope, pos);
    const attrs: Record<string, string> = {};
    for (const [name, value] of rawAttrs) {
      const ac = name.indexOf(':');
      if (ac === -1) {
        if (name in attrs) fail(`Atributo repetido ${name}`, pos);
        attrs[name] = value;
      } else {
        const auri = resolve(name.slice(0, ac), scope, pos);
        const key = qualify(auri, name.slice(ac + 1));
        if (key in attrs) fail(`Atributo repetido ${name}`, pos);
        attrs[key] = value;
      }
    }
    const parent = stack[stack.length - 1];
    if (!parent && root) fail('Solo puede haber un elemento raíz', pos);
    if (++count > maxElements) fail(`El documento supera el máximo de ${maxElements} elementos`, pos);
    const el: XmlElement = {
      qname: qualify(uri, local),
      local,
      ns: uri,
      attrs,
      children: [],
      text: '',
      parent,
      start: pos,
      end: i,
    };
    if (parent) parent.children.push(el);
    else root = el;
    if (!selfClosing) {
      if (stack.length >= maxDepth) fail(`El documento supera la profundidad máxima de ${maxDepth} niveles`, pos);
      stack.push(el);
      scopes.push(scope);
    }
    pos = i;
  }
  if (stack.length > 0) fail(`Elemento <${stack[stack.length - 1]!.qname}> sin cerrar`, len);
  if (!root) fail('El documento no tiene elemento raíz', 0);
  return root!;
}

const EMPTY: Record<string, string> = Object.freeze(Object.create(null)) as Record<string, string>;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 62 || c === 47;
}

function isWhitespace(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

type Fail = (message: string, at: number) => never;

function decodeText(s: string, from: number, to: number, fail: Fail): string {
  const amp = s.indexOf('&', from);
  if (amp === -1 || amp >= to) {
    const raw = s.slice(from, to);
    return raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
  }
  return decodeEntities(s, from, to, fail).replace(/\r\n?/g, '\n');
}

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
      const v = PREDEFINED[name];
      if (v === undefined) fail(`Entidad no definida &${name};`, offset + amp);
      out += v;
    }
    i = semi + 1;
  }
  return out;
}
