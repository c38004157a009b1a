import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml, XmlParseError } from './parse.js';
import { all, attr, first, locate, text } from './query.js';
import { XmlWriter, escapeAttr, escapeText } from './writer.js';

const SAMPLES = join(import.meta.dirname, '../../../../shared/samples/dian-toolkit-1.9');

describe('parseXml', () => {
  it('resolves namespaces to canonical prefixes whatever the document declares', () => {
    const root = parseXml(
      '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:b="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:a="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"><b:ID schemeID="2">SETP1</b:ID><a:LegalMonetaryTotal><b:PayableAmount currencyID="COP">10.00</b:PayableAmount></a:LegalMonetaryTotal></Invoice>',
    );
    expect(root.qname).toBe('Invoice');
    expect(text(root, 'cbc:ID')).toBe('SETP1');
    expect(attr(root, 'cbc:ID', 'schemeID')).toBe('2');
    expect(text(root, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('10.00');
    expect(locate(first(root, 'cac:LegalMonetaryTotal/cbc:PayableAmount')!)).toBe('/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount');
  });

  it('decodes entities, character references and CDATA', () => {
    const root = parseXml('<a t="x &amp; &#x41;&#66;">&lt;b&gt; &quot;<![CDATA[<raw>&amp;]]></a>');
    expect(root.attrs.t).toBe('x & AB');
    expect(root.text).toBe('<b> "<raw>&amp;');
  });

  it('refuses DTDs, undefined entities and broken structure', () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(XmlParseError);
    expect(() => parseXml('<a>&x;</a>')).toThrow(/Entidad no definida/);
    expect(() => parseXml('<a><b></a>')).toThrow(/Se esperaba/);
    expect(() => parseXml('<a></a><b></b>')).toThrow(/raíz/);
    expect(() => parseXml('<p:a></p:a>')).toThrow(/no declarado/);
    expect(() => parseXml('<a>' + '<b>'.repeat(300) + '</b>'.repeat(300) + '</a>')).toThrow(/profundidad/);
    expect(() => parseXml('<a>x</a>', { maxLength: 3 })).toThrow(/tamaño/);
  });

  it('lists repeated elements in order', () => {
    const root = parseXml('<r><l><i>1</i></l><l><i>2</i></l></r>');
    expect(all(root, 'l/i').map((e) => e.text)).toEqual(['1', '2']);
  });

  it.skipIf(!existsSync(SAMPLES))('parses every DIAN toolkit 1.9 sample', () => {
    for (const f of readdirSync(SAMPLES).filter((n) => n.endsWith('.xml'))) {
      const root = parseXml(readFileSync(join(SAMPLES, f), 'utf8'));
      expect(['Invoice', 'CreditNote', 'DebitNote']).toContain(root.qname);
      expect(text(root, 'cbc:UBLVersionID')).toBe('UBL 2.1');
    }
  });
});

describe('parseXml edge cases (indexOf-based scanner)', () => {
  const errorOf = (xml: string, limits?: Parameters<typeof parseXml>[1]): XmlParseError => {
    try {
      parseXml(xml, limits);
    } catch (e) {
      if (e instanceof XmlParseError) return e;
      throw e;
    }
    throw new Error('expected an XmlParseError');
  };

  it('reads attribute values containing >, / and = and single-quoted values containing "', () => {
    const root = parseXml(`<a x="1>2" u="http://h/p?q=1" y='say "hi"' z = "s p" ><b k="/>"/></a>`);
    expect(root.attrs).toEqual({ x: '1>2', u: 'http://h/p?q=1', y: 'say "hi"', z: 's p' });
    expect(root.children[0]!.attrs).toEqual({ k: '/>' });
    expect(root.children[0]!.qname).toBe('b');
  });

  it('keeps CDATA with < > and ]] verbatim, skips comments and PIs containing >', () => {
    const root = parseXml('<a>x<!-- <b> -- > --><?pi a > b?>y<![CDATA[<c> ]] > & ]]>z</a>');
    expect(root.text).toBe('xy<c> ]] > & z');
    expect(root.children).toEqual([]);
  });

  it('normalizes CRLF and CR in text and literal whitespace in attribute values', () => {
    const root = parseXml('<a t="p\r\nq\tr\ns\rt">l1\r\nl2\rl3\nl4 &amp;\r\n</a>');
    expect(root.attrs.t).toBe('p q r s t');
    expect(root.text).toBe('l1\nl2\nl3\nl4 &\n');
    // Whitespace-only runs are dropped, whatever the line ends.
    expect(parseXml('<a>\r\n  <b>1</b>\r\n</a>').text).toBe('');
  });

  it('decodes entities in attributes and rejects < in them', () => {
    expect(parseXml('<a v="&lt;&#x3E;&quot;&apos;&amp;"/>').attrs.v).toBe('<>"\'&');
    expect(() => parseXml('<a v="a<b"/>')).toThrow(/Carácter < no permitido/);
    expect(() => parseXml('<a v="&nope;"/>')).toThrow(/Entidad no definida/);
    expect(() => parseXml('<a v="&amp"/>')).toThrow(/sin cerrar/);
  });

  it('gives attribute-less elements empty attrs and records start/end offsets', () => {
    const src = '<r><e/><f x="1" /><g></g ></r>';
    const root = parseXml(src);
    const [e, f, g] = root.children;
    expect(Object.keys(e!.attrs)).toEqual([]);
    expect(e!.attrs.x).toBeUndefined();
    expect(src.slice(e!.start, e!.end)).toBe('<e/>');
    expect(src.slice(f!.start, f!.end)).toBe('<f x="1" />');
    expect(src.slice(g!.start, g!.end)).toBe('<g></g >');
    expect(src.slice(root.start, root.end)).toBe(src);
  });

  it('accepts names ended by any whitespace, and a BOM', () => {
    const root = parseXml('\uFEFF<a\n\tx="1"\r\n><b\ty="2"/></a\n>');
    expect(root.attrs.x).toBe('1');
    expect(root.children[0]!.attrs.y).toBe('2');
  });

  it('resolves redeclared prefixes per scope', () => {
    const root = parseXml('<r xmlns:p="urn:a"><p:x/><s xmlns:p="urn:b"><p:x/></s><p:x/></r>');
    expect(root.children.map((c) => c.qname)).toEqual(['{urn:a}x', 's', '{urn:a}x']);
    expect(root.children[1]!.children[0]!.qname).toBe('{urn:b}x');
    const ns = parseXml('<r xmlns="urn:d"><x xmlns=""/></r>');
    expect(ns.qname).toBe('{urn:d}r');
    expect(ns.children[0]!.qname).toBe('x');
  });

  it('rejects duplicate attributes, also through different prefixes of one namespace', () => {
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/Atributo repetido x/);
    expect(() => parseXml('<a xmlns:p="urn:u" xmlns:q="urn:u" p:x="1" q:x="2"/>')).toThrow(/Atributo repetido q:x/);
  });

  it('reports mismatched and stray end tags with their line', () => {
    expect(errorOf('<a>\n<b>\n</c></a>').message).toBe('Se esperaba </b> y se encontró </c> (línea 3)');
    expect(errorOf('<a></ab>').message).toMatch(/Se esperaba <\/a> y se encontró <\/ab>/);
    expect(errorOf('<ab></a>').message).toMatch(/Se esperaba <\/ab> y se encontró <\/a>/);
    expect(errorOf('</a >').message).toBe('Etiqueta de cierre inesperada </a> (línea 1)');
    expect(errorOf('<a></a></b>').message).toMatch(/Etiqueta de cierre inesperada <\/b>/);
    expect(errorOf('<a></a').message).toMatch(/Etiqueta de cierre sin terminar/);
  });

  it('reports unclosed elements, tags, values, comments and CDATA', () => {
    expect(errorOf('<a>\n<b>x').message).toBe('Elemento <b> sin cerrar (línea 2)');
    expect(errorOf('<a x="1"').message).toMatch(/Etiqueta <a> sin cerrar/);
    expect(errorOf('<a x="1>').message).toMatch(/Valor del atributo x sin cerrar/);
    expect(errorOf('<a x=1>').message).toMatch(/sin comillas/);
    expect(errorOf('<a x>').message).toMatch(/Atributo x sin valor/);
    expect(errorOf('<a / >').message).toMatch(/mal formada/);
    expect(errorOf('<a><!-- x </a>').message).toMatch(/Comentario sin cerrar/);
    expect(errorOf('<a><![CDATA[ x </a>').message).toMatch(/CDATA sin cerrar/);
    expect(errorOf('<a><? x </a>').message).toMatch(/Instrucción de procesamiento sin cerrar/);
    expect(errorOf('<a/>x').message).toMatch(/Contenido fuera del elemento raíz/);
    expect(errorOf('<>').message).toMatch(/Nombre de elemento vacío/);
  });

  it('enforces the depth and element limits exactly at the boundary', () => {
    const nested = (n: number) => '<e>'.repeat(n) + '</e>'.repeat(n);
    expect(() => parseXml(nested(5), { maxDepth: 5 })).not.toThrow();
    expect(errorOf(nested(6), { maxDepth: 5 }).message).toMatch(/profundidad máxima de 5/);
    const flat = (n: number) => '<r>' + '<e/>'.repeat(n - 1) + '</r>';
    expect(() => parseXml(flat(10), { maxElements: 10 })).not.toThrow();
    expect(errorOf(flat(11), { maxElements: 10 }).message).toMatch(/máximo de 10 elementos/);
    expect(() => parseXml('<a/>', { maxLength: 4 })).not.toThrow();
    expect(errorOf('<a/> ', { maxLength: 4 }).message).toMatch(/tamaño máximo/);
  });

  it('refuses DOCTYPE and other markup declarations', () => {
    expect(errorOf('<?xml version="1.0"?>\n<!DOCTYPE a><a/>').message).toMatch(/DOCTYPE.*\(línea 2\)/);
    expect(errorOf('<a><!ELEMENT a ANY></a>').message).toMatch(/Declaración de marcado no admitida/);
  });
});

describe('XmlWriter', () => {
  it('writes canonical form: sorted attributes, expanded empty elements, C14N escaping', () => {
    const w = new XmlWriter();
    w.open('r', { b: '1', a: 'x"\n', xmlns: 'urn:r' }).leaf('e', '').leaf('t', 'a<b>&\r').close('r');
    expect(w.toString()).toBe('<r xmlns="urn:r" a="x&quot;&#xA;" b="1"><e></e><t>a&lt;b&gt;&amp;&#xD;</t></r>');
    expect(escapeText('ok')).toBe('ok');
    expect(escapeAttr('\t')).toBe('&#x9;');
  });

  it('renders frozen (cached) and plain attribute sets identically, in C14N order, skipping undefined', () => {
    const attrs = { 'xsi:b': '1', z: 'a&b', 'xmlns:p': 'urn:p', a: undefined, m: '<"\t\r\n', xmlns: 'urn:d' };
    const expected = ' xmlns="urn:d" xmlns:p="urn:p" m="&lt;&quot;&#x9;&#xD;&#xA;" z="a&amp;b" xsi:b="1"';
    const frozen = Object.freeze({ ...attrs });
    for (let i = 0; i < 2; i++) {
      expect(new XmlWriter().open('r', attrs).toString()).toBe(`<r${expected}>`);
      expect(new XmlWriter().leaf('r', 'x', frozen).toString()).toBe(`<r${expected}>x</r>`);
    }
    expect(new XmlWriter().leaf('r', 'x', { a: undefined }).leaf('s', '', Object.freeze({ b: undefined })).toString()).toBe('<r>x</r><s></s>');
    expect(new XmlWriter().open('a').raw('<b></b>').opt('c', '').opt('d', 'v').close('a').toString()).toBe('<a><b></b><d>v</d></a>');
  });
});

describe('parseXml prototype-name hardening', () => {
  it('does not decode Object.prototype names as entities', () => {
    expect(() => parseXml('<a>&toString;</a>')).toThrow(/Entidad no definida/);
    expect(() => parseXml('<a>&constructor;</a>')).toThrow(/Entidad no definida/);
  });
  it('accepts attributes named like Object.prototype members', () => {
    const root = parseXml('<a constructor="1" toString="2"></a>');
    expect(root.attrs.constructor).toBe('1');
    expect(root.attrs.toString).toBe('2');
  });
});
