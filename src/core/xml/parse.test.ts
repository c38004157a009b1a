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

describe('XmlWriter', () => {
  it('writes canonical form: sorted attributes, expanded empty elements, C14N escaping', () => {
    const w = new XmlWriter();
    w.open('r', { b: '1', a: 'x"\n', xmlns: 'urn:r' }).leaf('e', '').leaf('t', 'a<b>&\r').close('r');
    expect(w.toString()).toBe('<r xmlns="urn:r" a="x&quot;&#xA;" b="1"><e></e><t>a&lt;b&gt;&amp;&#xD;</t></r>');
    expect(escapeText('ok')).toBe('ok');
    expect(escapeAttr('\t')).toBe('&#x9;');
  });
});
