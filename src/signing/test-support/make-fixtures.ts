/**
 * Regenerates the unsigned canonical fixtures in `fixtures/` from DIAN's toolkit samples
 * (../shared/samples). Run: `npx tsx src/signing/test-support/make-fixtures.ts`.
 *
 * Each fixture is a DIAN example with its signature removed (leaving the empty slot), the
 * indentation dropped, the legacy `sts` namespace replaced by the 2-1 one, a URL as QRCode (the
 * type DIAN's XSD gives it), the UUID recomputed from the document's own fields, and then written
 * in canonical form (xml-crypto C14N) — i.e. the shape Previa's builder emits. The DIAN
 * validation ApplicationResponse has no public sample and is written here from spec/02 §7.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import { computeCude, computeCufe, computeEventCude } from '../../core/identity/index.js';
import { CBC_NS, DS_NS, EXT_NS } from '../algorithms.js';
import { analyzeCanonicalXml } from '../canonical-form.js';
import { extractCufeFields, extractEventCudeFields } from '../document-fields.js';
import { NodeType, allElements, firstChild, parseUntrustedXml } from '../safe-xml.js';
import { XML_PROLOG } from '../xades.js';
import { DIAN_TEST_TECHNICAL_KEY, TEST_SOFTWARE_PIN } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const samples = join(here, '../../../../shared/samples/dian-toolkit-1.9');
const LEGACY_STS = 'http://www.dian.gov.co/contratos/facturaelectronica/v1/Structures';
const STS = 'dian:gov:co:facturaelectronica:Structures-2-1';

function removeWhitespaceNodes(root: Element): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const kids: Node[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) kids.push(c);
    const hasElements = kids.some((k) => k.nodeType === NodeType.ELEMENT);
    for (const k of kids) {
      if (k.nodeType === NodeType.COMMENT) node.removeChild(k);
      else if (k.nodeType === NodeType.TEXT && hasElements && (k.nodeValue ?? '').trim() === '') node.removeChild(k);
      else if (k.nodeType === NodeType.ELEMENT) stack.push(k);
    }
  }
}

function emptySignatureSlots(doc: Document): void {
  const root = doc.documentElement!;
  for (const sig of allElements(root).filter((e) => e.localName === 'Signature' && e.namespaceURI === DS_NS)) {
    const content = sig.parentNode!;
    while (content.firstChild) content.removeChild(content.firstChild);
  }
  const extensions = firstChild(root, EXT_NS, 'UBLExtensions')!;
  const count = allElements(extensions).filter((e) => e.localName === 'UBLExtension').length;
  if (count < 2) {
    const ext = doc.createElementNS(EXT_NS, 'ext:UBLExtension');
    ext.appendChild(doc.createElementNS(EXT_NS, 'ext:ExtensionContent'));
    extensions.appendChild(ext);
  }
}

function setText(el: Element | undefined, text: string): void {
  if (!el) throw new Error('element missing');
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(el.ownerDocument!.createTextNode(text));
}

function byLocal(doc: Document, local: string): Element | undefined {
  return allElements(doc.documentElement!).find((e) => e.localName === local);
}

function writeCanonical(doc: Document, name: string): void {
  const xml = XML_PROLOG + new C14nCanonicalization().process(doc.documentElement as never, {});
  const check = analyzeCanonicalXml(xml);
  if (!check.ok) throw new Error(`${name}: ${check.problem} @${check.offset}`);
  writeFileSync(join(here, 'fixtures', name), xml);
  console.log(`fixtures/${name}: ${xml.length} chars`);
}

function fromSample(file: string, uuid: (doc: Document) => string | undefined): Document {
  const text = readFileSync(join(samples, file), 'utf8').split(LEGACY_STS).join(STS);
  const doc = parseUntrustedXml(text);
  emptySignatureSlots(doc);
  removeWhitespaceNodes(doc.documentElement!);
  const uuidEl = firstChild(doc.documentElement!, CBC_NS, 'UUID');
  const value = uuid(doc);
  if (value !== undefined && uuidEl) setText(uuidEl, value);
  const qr = byLocal(doc, 'QRCode');
  if (qr) setText(qr, `https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=${(uuidEl?.textContent ?? '').trim()}`);
  return doc;
}

writeCanonical(fromSample('Exento_de_IVA.xml', (d) => computeCufe(extractCufeFields(d), DIAN_TEST_TECHNICAL_KEY)), 'invoice.xml');
writeCanonical(
  fromSample('Ejemplificacion_nota_credito_sin_referencia_a_factura.xml', (d) => computeCude(extractCufeFields(d), TEST_SOFTWARE_PIN)),
  'credit-note.xml',
);
writeCanonical(
  fromSample('Ejemplificacion_nota_debito_sin_referencia_a_factura.xml', (d) => computeCude(extractCufeFields(d), TEST_SOFTWARE_PIN)),
  'debit-note.xml',
);
writeCanonical(
  fromSample('events/030_-_Acuse_ReciboFEV.xml', (d) => computeEventCude(extractEventCudeFields(d), TEST_SOFTWARE_PIN)),
  'event-030.xml',
);
