import type { XmlElement } from './parse.js';

const pathCache = new Map<string, string[]>();

function steps(path: string): string[] {
  let s = pathCache.get(path);
  if (!s) {
    s = path.split('/').filter((x) => x !== '');
    pathCache.set(path, s);
  }
  return s;
}

/** First direct child with the canonical qualified name. */
export function child(el: XmlElement | undefined, qname: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.qname === qname) return c;
  return undefined;
}

/** All direct children with the canonical qualified name. */
export function children(el: XmlElement | undefined, qname: string): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.qname === qname) out.push(c);
  return out;
}

/**
 * First element reached by a relative path of canonical names, e.g.
 * `first(root, 'cac:LegalMonetaryTotal/cbc:PayableAmount')`.
 */
export function first(el: XmlElement | undefined, path: string): XmlElement | undefined {
  return el ? firstDeep(el, steps(path), 0) : undefined;
}

function firstDeep(el: XmlElement, path: string[], depth: number): XmlElement | undefined {
  const head = path[depth];
  if (head === undefined) return el;
  for (const c of el.children) {
    if (c.qname !== head) continue;
    const found = firstDeep(c, path, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Every element reached by a relative path of canonical names, in document order. */
export function all(el: XmlElement | undefined, path: string): XmlElement[] {
  if (!el) return [];
  let level: XmlElement[] = [el];
  for (const step of steps(path)) {
    const next: XmlElement[] = [];
    for (const e of level) for (const c of e.children) if (c.qname === step) next.push(c);
    if (next.length === 0) return next;
    level = next;
  }
  return level;
}

/** Trimmed text of the first element reached by `path` (or of `el` itself when no path), or undefined. */
export function text(el: XmlElement | undefined, path?: string): string | undefined {
  const target = path === undefined ? el : first(el, path);
  return target ? target.text.trim() : undefined;
}

/** Attribute value of the first element reached by `path`. */
export function attr(el: XmlElement | undefined, path: string, name: string): string | undefined {
  const target = path === '' ? el : first(el, path);
  return target?.attrs[name];
}

/** An XPath-like location of the element for reports, e.g. `/Invoice/cac:InvoiceLine[2]/cbc:ID`. */
export function locate(el: XmlElement): string {
  const parts: string[] = [];
  for (let cur: XmlElement | undefined = el; cur; cur = cur.parent) {
    const p = cur.parent;
    if (!p) {
      parts.push(cur.qname);
      break;
    }
    const same = p.children.filter((c) => c.qname === cur!.qname);
    parts.push(same.length > 1 ? `${cur.qname}[${same.indexOf(cur) + 1}]` : cur.qname);
  }
  return '/' + parts.reverse().join('/');
}
