import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C14nCanonicalization } from 'xml-crypto';
import { analyzeCanonicalXml, canonicalCdataText, trustedCanonicalLayout, type CanonicalLayout } from './canonical-form.js';
import { parseUntrustedXml } from './safe-xml.js';
import { FIXTURE_FILES, readFixture } from './test-support/fixtures.js';

const PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>';
const ROOT_NS =
  'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" ' +
  'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"';

function doc(body: string, rootAttrs = ''): string {
  return `${PROLOG}<Invoice ${ROOT_NS}${rootAttrs}><ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><x>1</x></ext:ExtensionContent></ext:UBLExtension><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>${body}</Invoice>`;
}

/** What an independent C14N implementation makes of the document (xml-crypto over xmldom). */
function referenceCanonical(xml: string): string {
  return new C14nCanonicalization().process(parseUntrustedXml(xml).documentElement as never, {});
}

/** The bytes the signer hashes for a layout: the root with CDATA sections as canonical text. */
function signerBytes(xml: string, layout: CanonicalLayout): string {
  let out = '';
  let pos = layout.rootStart;
  for (const [a, b] of layout.cdataSections) {
    out += xml.slice(pos, a) + canonicalCdataText(xml.slice(a + 9, b - 3));
    pos = b;
  }
  return out + xml.slice(pos, layout.rootEnd);
}

describe('analyzeCanonicalXml', () => {
  it.each(Object.keys(FIXTURE_FILES) as Array<keyof typeof FIXTURE_FILES>)('accepts the %s fixture, which equals its C14N', (name) => {
    const xml = readFixture(name);
    const check = analyzeCanonicalXml(xml);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(xml.slice(check.layout.rootStart, check.layout.rootEnd)).toBe(referenceCanonical(xml));
    expect(check.layout.slots.map((s) => [s.index, s.empty, s.bare])).toEqual([
      [1, false, true],
      [2, true, true],
    ]);
    expect(check.layout.hasSignature).toBe(false);
    expect(check.layout.rootNamespaceDeclarations).toMatch(/^ xmlns="urn:oasis:names:specification:ubl:schema:xsd:\w+-2" xmlns:cac=/);
  });

  it('finds the layout the trusted path finds (which lists only empty slots)', () => {
    for (const name of Object.keys(FIXTURE_FILES) as Array<keyof typeof FIXTURE_FILES>) {
      const xml = readFixture(name);
      const full = analyzeCanonicalXml(xml);
      const quick = trustedCanonicalLayout(xml);
      if (!full.ok) throw new Error(full.problem);
      expect(quick).toEqual({ ok: true, layout: { ...full.layout, slots: full.layout.slots.filter((s) => s.empty) } });
    }
  });

  it.each([
    ['empty-element tag', '<cbc:ID/>'],
    ['single quotes', "<cbc:ID schemeID='1'>1</cbc:ID>"],
    ['unsorted attributes', '<cbc:ID schemeName="31" schemeID="4">1</cbc:ID>'],
    ['two spaces', '<cbc:ID  schemeID="4">1</cbc:ID>'],
    ['space before >', '<cbc:ID schemeID="4" >1</cbc:ID>'],
    ['space in end tag', '<cbc:ID>1</cbc:ID >'],
    ['raw > in text', '<cbc:Note>a > b</cbc:Note>'],
    ['character reference', '<cbc:Note>Bogot&#225;</cbc:Note>'],
    ['&quot; in text', '<cbc:Note>&quot;</cbc:Note>'],
    ['&apos; in text', '<cbc:Note>&apos;</cbc:Note>'],
    ['&gt; in an attribute', '<cbc:Note a="&gt;">x</cbc:Note>'],
    ['raw tab in an attribute', '<cbc:Note a="x\ty">x</cbc:Note>'],
    ['raw LF in an attribute', '<cbc:Note a="x\ny">x</cbc:Note>'],
    ['LF between attributes', '<cbc:Note\na="x">x</cbc:Note>'],
    ['comment', '<!-- nota --><cbc:ID>1</cbc:ID>'],
    ['processing instruction', '<?pi x?><cbc:ID>1</cbc:ID>'],
    ['raw CR', '<cbc:Note>a\r\nb</cbc:Note>'],
    ['redundant namespace declaration', '<cbc:ID xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">1</cbc:ID>'],
    ['namespace declaration after an attribute', '<cbc:ID a="1" xmlns:z="urn:z">1</cbc:ID>'],
    ['unsorted namespace declarations', '<cbc:ID xmlns:z="urn:z" xmlns:y="urn:y">1</cbc:ID>'],
    ['redundant default namespace', '<Note xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">1</Note>'],
  ])('rejects %s', (_what, body) => {
    const check = analyzeCanonicalXml(doc(body));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem.length).toBeGreaterThan(10);
  });

  it('rejects a DOCTYPE and trailing content', () => {
    expect(analyzeCanonicalXml(`${PROLOG}<!DOCTYPE Invoice><Invoice></Invoice>`).ok).toBe(false);
    expect(analyzeCanonicalXml(`${doc('')}<!-- x -->`).ok).toBe(false);
    expect(analyzeCanonicalXml(`${doc('')}\n`).ok).toBe(true);
  });

  it('rejects a non-UTF-8 declaration', () => {
    expect(analyzeCanonicalXml(doc('').replace('UTF-8', 'ISO-8859-1')).ok).toBe(false);
  });

  it('accepts canonical escapes, tabs and LF in text and records CDATA', () => {
    const xml = doc('<cbc:Note a="&amp;&lt;&quot;&#x9;&#xA;&#xD;>">&amp;&lt;&gt;&#xD;\t\n"\'</cbc:Note><cbc:Note><![CDATA[<a> & ]]>fin</cbc:Note>');
    const check = analyzeCanonicalXml(xml);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.layout.cdataSections).toHaveLength(1);
    expect(signerBytes(xml, check.layout)).toBe(referenceCanonical(xml));
  });

  it('notices an existing signature and non-empty or decorated slots', () => {
    const signed = analyzeCanonicalXml(doc('<ds:Signature></ds:Signature>'));
    expect(signed.ok && signed.layout.hasSignature).toBe(true);
    const xml = doc('').replace('<ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent>', '<ext:UBLExtension a="1"><ext:ExtensionContent>\n  </ext:ExtensionContent>');
    const check = analyzeCanonicalXml(xml);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.layout.slots[1]).toMatchObject({ index: 2, empty: true, bare: false });
  });

  it('trusts only what it can check cheaply', () => {
    expect(trustedCanonicalLayout(doc('<!-- x -->')).ok).toBe(false);
    expect(trustedCanonicalLayout(doc('<?pi x?>')).ok).toBe(false);
    expect(trustedCanonicalLayout(doc('<a>¿Qué? ¡Sí!</a>')).ok).toBe(true);
    expect(trustedCanonicalLayout(doc('<a><![CDATA[x]]></a>')).ok).toBe(false);
    expect(trustedCanonicalLayout(doc('')).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Soundness, by property: whatever a serializer writes, if the scan says "canonical" then the
// bytes are exactly what an independent C14N implementation produces for the parsed document.
// ---------------------------------------------------------------------------------------------

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = ['a', 'b', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', 'é', ']', 'Ω'];
const TEXT_ESCAPES: Record<string, string[]> = {
  '&': ['&amp;', '&#38;', '&#x26;'],
  '<': ['&lt;', '&#60;'],
  '>': ['&gt;', '>', '&#62;'],
  '"': ['"', '&quot;'],
  "'": ["'", '&apos;'],
  '\r': ['&#xD;', '&#13;', '\r'],
  é: ['é', '&#233;'],
};
const ATTR_ESCAPES: Record<string, string[]> = {
  '&': ['&amp;', '&#38;'],
  '<': ['&lt;', '&#60;'],
  '>': ['>', '&gt;'],
  '"': ['&quot;', '&#34;'],
  "'": ["'", '&apos;'],
  '\t': ['&#x9;', '\t', '&#9;'],
  '\n': ['&#xA;', '\n'],
  '\r': ['&#xD;', '\r'],
};

function randomSerialization(seed: number, canonicalBias: number): string {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sloppy = (): boolean => r() > canonicalBias;
  const chars = (n: number) => Array.from({ length: n }, () => pick(CHARS));
  const escape = (cs: string[], table: Record<string, string[]>) => cs.map((c) => (table[c] ? (sloppy() ? pick(table[c]!) : table[c]![0]!) : c)).join('');
  const element = (depth: number): string => {
    const name = pick(['a', 'b', 'p:c', 'q:d']);
    const attrNames = ['x', 'Id', 'p:z', 'q:w', 'y'].filter(() => r() < 0.35);
    let attrs = attrNames.map((n) => ({ n, v: chars(Math.floor(r() * 4)) }));
    // canonical order: unqualified by name, then by namespace URI (urn:p < urn:q)
    const key = (n: string) => (n.startsWith('p:') ? `1${n}` : n.startsWith('q:') ? `2${n}` : `0${n}`);
    attrs.sort((a, b) => (key(a.n) < key(b.n) ? -1 : 1));
    if (sloppy() && attrs.length > 1) attrs = attrs.reverse();
    let decl = '';
    if (r() < 0.1) decl = sloppy() ? ' xmlns:p="urn:p"' : ' xmlns:r="urn:r"';
    const quote = sloppy() && r() < 0.3 ? "'" : '"';
    const sep = () => (sloppy() && r() < 0.2 ? pick(['  ', '\n', '\t']) : ' ');
    const attrText = attrs
      .map((a) => {
        const v = escape(a.v, ATTR_ESCAPES).split(quote).join(quote === '"' ? '&quot;' : '&apos;');
        return `${sep()}${a.n}=${quote}${v}${quote}`;
      })
      .join('');
    const open = `<${name}${decl}${attrText}${sloppy() && r() < 0.2 ? ' ' : ''}`;
    const kids: string[] = [];
    const count = depth < 3 ? Math.floor(r() * 3) : 0;
    for (let i = 0; i < count; i++) kids.push(element(depth + 1));
    if (r() < 0.6) {
      const t = chars(Math.floor(r() * 5));
      const text = sloppy() && r() < 0.3 && !t.includes('\r') ? `<![CDATA[${t.join('').replace(/]]>/g, '')}]]>` : escape(t, TEXT_ESCAPES);
      kids.splice(Math.floor(r() * (kids.length + 1)), 0, text);
    }
    if (kids.length === 0 && sloppy() && r() < 0.5) return `${open}/>`;
    return `${open}>${kids.join('')}</${name}${sloppy() && r() < 0.1 ? ' ' : ''}>`;
  };
  const body = Array.from({ length: 3 }, () => element(0)).join('');
  return `${PROLOG}<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:p="urn:p" xmlns:q="urn:q">${body}</Invoice>`;
}

describe('analyzeCanonicalXml — soundness (property)', () => {
  it('never calls canonical a serialization that differs from its C14N', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(0.6, 0.9, 0.98, 1), (seed, bias) => {
        const xml = randomSerialization(seed, bias);
        let reference: string;
        try {
          reference = referenceCanonical(xml);
        } catch {
          return; // not well-formed (e.g. raw '<' cannot be produced here, but be safe)
        }
        const check = analyzeCanonicalXml(xml);
        if (check.ok) {
          accepted++;
          expect(signerBytes(xml, check.layout)).toBe(reference);
        } else {
          rejected++;
        }
        // Completeness: the reference C14N itself is always accepted.
        const canonical = analyzeCanonicalXml(PROLOG + reference);
        expect(canonical.ok).toBe(true);
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
