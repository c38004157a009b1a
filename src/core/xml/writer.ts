/**
 * Writes XML directly in canonical form (inclusive C14N 1.0, without comments), so that the
 * bytes we emit are the bytes a signer digests: no re-serialization ever happens between
 * building and signing.
 *
 * Canonical form means: no XML declaration inside the signed part (the prolog is written by
 * the caller before the root), empty elements as start + end tag, attributes in C14N order
 * (this writer sorts unqualified attributes by name; namespace declarations are the caller's
 * job and go on the root only), text escaped as `&amp; &lt; &gt; &#xD;` and attribute values
 * as `&amp; &lt; &quot; &#x9; &#xA; &#xD;`.
 */

/** Escapes character data per C14N. */
export function escapeText(value: string): string {
  if (!/[&<>\r]/.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** Escapes an attribute value per C14N. */
export function escapeAttr(value: string): string {
  if (!/[&<"\t\n\r]/.test(value)) return value;
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** Attributes as name/value pairs; undefined values are skipped. */
export type Attrs = Record<string, string | undefined>;

/**
 * Rendered attributes of frozen attribute objects. A frozen object can never render
 * differently, so constant attribute sets (`{ currencyID: 'COP' }` shared by a whole
 * document, DIAN's agency attributes) are sorted and escaped once.
 */
const frozenRendered = new WeakMap<Attrs, string>();

function renderAttrs(attrs: Attrs | undefined): string {
  if (!attrs) return '';
  if (Object.isFrozen(attrs)) {
    let out = frozenRendered.get(attrs);
    if (out === undefined) frozenRendered.set(attrs, (out = renderAttrList(attrs)));
    return out;
  }
  return renderAttrList(attrs);
}

function renderAttrList(attrs: Attrs): string {
  const names = Object.keys(attrs);
  if (names.length === 1) {
    const n = names[0]!;
    const v = attrs[n];
    return v === undefined ? '' : ` ${n}="${escapeAttr(v)}"`;
  }
  // Drop undefined values in place, then insertion-sort: the comparator is a total order on
  // distinct names, so this gives exactly the order Array.prototype.sort gave.
  let count = 0;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (attrs[n] !== undefined) {
      let j = count++;
      while (j > 0 && compareAttrNames(names[j - 1]!, n) > 0) {
        names[j] = names[j - 1]!;
        j--;
      }
      names[j] = n;
    }
  }
  let out = '';
  for (let i = 0; i < count; i++) {
    const n = names[i]!;
    out += ` ${n}="${escapeAttr(attrs[n]!)}"`;
  }
  return out;
}

/**
 * C14N orders namespace declarations first (default, then by prefix) and then attributes by
 * (namespace URI, local name) with unqualified attributes first. Our documents only use
 * unqualified attributes apart from the root's declarations and `xsi:schemaLocation`, so
 * sorting xmlns first, then unprefixed by name, then prefixed by name is exact for them.
 */
function compareAttrNames(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function rank(name: string): number {
  if (name === 'xmlns') return 0;
  if (name.startsWith('xmlns:')) return 1;
  return name.includes(':') ? 3 : 2;
}

/**
 * Accumulates canonical XML. Element names are written verbatim (`cbc:ID`).
 *
 * The output is one string grown with `+=` (V8 keeps it as a rope and flattens it once when
 * it is read), which is much cheaper than collecting thousands of parts and joining them.
 */
export class XmlWriter {
  private out = '';

  /** Writes a start tag. */
  open(name: string, attrs?: Attrs): this {
    this.out += attrs === undefined ? `<${name}>` : `<${name}${renderAttrs(attrs)}>`;
    return this;
  }

  /** Writes an end tag. */
  close(name: string): this {
    this.out += `</${name}>`;
    return this;
  }

  /** Writes an element with text content (empty text gives `<a></a>`). */
  leaf(name: string, value: string, attrs?: Attrs): this {
    this.out += `<${name}${attrs === undefined ? '' : renderAttrs(attrs)}>${escapeText(value)}</${name}>`;
    return this;
  }

  /** Writes an element only when the value is defined and not empty. */
  opt(name: string, value: string | undefined, attrs?: Attrs): this {
    if (value !== undefined && value !== '') this.leaf(name, value, attrs);
    return this;
  }

  /** Appends already-canonical XML verbatim. */
  raw(xml: string): this {
    this.out += xml;
    return this;
  }

  /** The XML written so far. */
  toString(): string {
    return this.out;
  }
}
