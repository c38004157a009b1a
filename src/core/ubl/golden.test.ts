/**
 * Golden files: test/golden/<name>.xml is the unsigned XML built from examples/<name>.json.
 *
 * - determinism: building each example gives the golden bytes exactly;
 * - XSD validity (DIAN's relaxed UBL 2.1 root, via xmllint) once the empty signature
 *   placeholder is removed (an empty ExtensionContent is not XSD-valid before signing);
 * - round trip: the golden, parsed and re-checked with the rule catalog, gives the report
 *   prepareDocument gave;
 * - the UUID is the CUFE/CUDE recomputed from the XML's own fields;
 * - the bytes after the prolog are in canonical form (inclusive C14N, xml-crypto over xmldom).
 *
 * Regenerate after an intended change of the builder with:
 *   UPDATE_GOLDEN=1 npx vitest run src/core/ubl/golden.test.ts
 * and review the diff of test/golden/ like any other code change.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import {
  GOLDEN_DIR,
  HAVE_XMLLINT,
  HAVE_XSD,
  SIGNATURE_PLACEHOLDER,
  XSD_PATH,
  exampleNames,
  goldenPath,
  loadExample,
  parsedExample,
  pipelineOptions,
} from '../../../test/support/fixtures.js';
import { computeCude, computeCufe, computeSoftwareSecurityCode, type CufeFields } from '../identity/index.js';
import { prepareDocument } from '../pipeline.js';
import { kindOfRoot } from '../rules/helpers.js';
import { runRules } from '../rules/run.js';
import { parseXml, type XmlElement } from '../xml/parse.js';
import { child, children, first, text } from '../xml/query.js';
import { XML_PROLOG, buildDocument } from './build.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NAMES = exampleNames();

function built(name: string) {
  return buildDocument(parsedExample(name));
}

function golden(name: string): string {
  return readFileSync(goldenPath(name), 'utf8');
}

describe('golden files', () => {
  it('there is an example per document type', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['invoice', 'credit-note', 'debit-note', 'invoice-export', 'invoice-contingency', 'invoice-final-consumer']));
  });

  describe.each(NAMES)('%s', (name) => {
    it('building the example gives the golden bytes (determinism)', () => {
      const xml = built(name).xml;
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(goldenPath(name), xml);
      }
      expect(existsSync(goldenPath(name)), `missing ${goldenPath(name)}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(xml).toBe(golden(name));
      // A second build from a fresh parse is byte-identical too.
      expect(built(name).xml).toBe(xml);
    });

    it('is well-formed UTF-8 XML with DIAN’s prolog and no pretty-printing', () => {
      const xml = golden(name);
      expect(xml.startsWith(XML_PROLOG)).toBe(true);
      expect(() => parseXml(xml)).not.toThrow();
      expect(xml).not.toMatch(/>\s+</); // whitespace between tags would be signed content
      expect(Buffer.from(xml, 'utf8').toString('utf8')).toBe(xml);
    });

    it('the rule catalog over the golden gives the report prepareDocument gave (round trip)', () => {
      const prepared = prepareDocument(loadExample(name));
      expect(prepared.ok).toBe(true);
      if (!prepared.ok) return;
      const root = parseXml(golden(name));
      const kind = kindOfRoot(root);
      expect(kind).toBe(prepared.built.kind);
      const report = runRules(root, kind!, pipelineOptions(parsedExample(name)));
      expect(report).toEqual(prepared.report);
    });

    it('cbc:UUID is the CUFE/CUDE recomputed from the XML’s own fields', () => {
      const input = parsedExample(name);
      const root = parseXml(golden(name));
      const fields = fieldsFromXml(root);
      // Supplier and customer ids as written (no DV), amounts with two decimals.
      expect(fields.supplierId).toBe(input.supplier.id);
      for (const a of [fields.lineExtensionAmount, fields.ivaAmount, fields.incAmount, fields.icaAmount, fields.payableAmount]) expect(a).toMatch(/^\d+\.\d{2}$/);
      const uuid = child(root, 'cbc:UUID')!;
      let expected: string;
      if (input.kind === 'invoice' && input.typeCode !== '03') expected = computeCufe(fields, input.numberingRange!.technicalKey!);
      else if (input.kind === 'invoice') expected = computeCufe(fields, input.software.pin); // contingency 03: PIN replaces the key (spec 01 §8.2)
      else expected = computeCude(fields, input.software.pin);
      expect(text(uuid)).toBe(expected);
      expect(uuid.attrs.schemeName).toBe(input.kind === 'invoice' ? 'CUFE-SHA384' : 'CUDE-SHA384');
      expect(uuid.attrs.schemeID).toBe(input.environment);
    });

    it('SoftwareSecurityCode and QR are derived from the document', () => {
      const input = parsedExample(name);
      const root = parseXml(golden(name));
      const dian = first(root, 'ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/sts:DianExtensions');
      const number = text(child(root, 'cbc:ID'))!;
      expect(text(dian, 'sts:SoftwareSecurityCode')).toBe(computeSoftwareSecurityCode(input.software.id, input.software.pin, number));
      const qr = text(dian, 'sts:QRCode')!;
      expect(qr).toMatch(/^https:\/\/catalogo-vpfe(-hab)?\.dian\.gov\.co\/document\/searchqr\?documentkey=[0-9a-f]{96}$/);
      expect(qr.endsWith(text(child(root, 'cbc:UUID'))!)).toBe(true);
      expect(qr.includes('-hab.')).toBe(input.environment === '2');
    });

    it('is in canonical form (inclusive C14N of the body = the bytes after the prolog)', () => {
      const xml = golden(name);
      expect(xml).toContain(SIGNATURE_PLACEHOLDER);
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const c14n = new C14nCanonicalization().process(doc.documentElement as unknown as Parameters<C14nCanonicalization['process']>[0], {});
      expect(c14n).toBe(xml.slice(XML_PROLOG.length));
    });
  });
});

describe.skipIf(!HAVE_XSD || !HAVE_XMLLINT)(
  `XSD validity (${!HAVE_XSD ? `skipped: ${XSD_PATH} not found (../shared not checked out)` : !HAVE_XMLLINT ? 'skipped: xmllint not installed' : 'xmllint + DIAN-UBL-2.1-relaxed.xsd'})`,
  () => {
    it.each(NAMES)('%s validates once the empty signature placeholder is removed', (name) => {
      const xml = golden(name);
      const unsignedValid = xml.replace(SIGNATURE_PLACEHOLDER, '');
      expect(unsignedValid).not.toContain(SIGNATURE_PLACEHOLDER);
      const r = xmllint(unsignedValid);
      expect(r.stderr).toMatch(/validates/);
      expect(r.status, r.stderr).toBe(0);
    });

    it('the checker is not vacuous: a misplaced element fails the schema', () => {
      const xml = golden('invoice').replace(SIGNATURE_PLACEHOLDER, '').replace('<cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID>', '');
      const r = xmllint(xml.replace('<cbc:CustomizationID>', '<cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID><cbc:Bogus>1</cbc:Bogus><cbc:CustomizationID>'));
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/fails to validate/);
    });
  },
);

function xmllint(xml: string): { status: number | null; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD_PATH, '-'], { input: xml, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** The CUFE/CUDE chain fields, read independently of the rule catalog's own reader. */
function fieldsFromXml(root: XmlElement): CufeFields {
  const mt = child(root, 'cac:LegalMonetaryTotal') ?? child(root, 'cac:RequestedMonetaryTotal');
  const tax = (code: string) =>
    text(children(root, 'cac:TaxTotal').find((tt) => text(tt, 'cac:TaxSubtotal/cac:TaxCategory/cac:TaxScheme/cbc:ID') === code), 'cbc:TaxAmount') ?? '0.00';
  const customer = first(root, 'cac:AccountingCustomerParty/cac:Party');
  return {
    number: text(child(root, 'cbc:ID'))!,
    issueDate: text(child(root, 'cbc:IssueDate'))!,
    issueTime: text(child(root, 'cbc:IssueTime'))!,
    lineExtensionAmount: text(mt, 'cbc:LineExtensionAmount')!,
    ivaAmount: tax('01'),
    incAmount: tax('04'),
    icaAmount: tax('03'),
    payableAmount: text(mt, 'cbc:PayableAmount')!,
    supplierId: text(first(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID'))!,
    customerId: text(customer, 'cac:PartyTaxScheme/cbc:CompanyID') ?? text(customer, 'cac:PartyIdentification/cbc:ID')!,
    environment: text(child(root, 'cbc:ProfileExecutionID'))!,
  };
}
