import { describe, expect, it } from 'vitest';
import { attachedDocumentFileName, buildAttachedDocument, createAttachedDocument, readAttachedDocument } from './attached-document.js';
import { analyzeCanonicalXml } from './canonical-form.js';
import { SigningError } from './errors.js';
import { HAS_XMLSEC1, skipReason, xmlsec1Verify } from './test-support/external-tools.js';
import { makeDianApplicationResponse, readFixture } from './test-support/fixtures.js';
import { GOLDEN_SIGNING_TIME, goldenDocuments } from './test-support/golden.js';
import { getTestPki } from './test-support/test-pki.js';
import { verifyXml } from './verify.js';
import { signXml } from './xades.js';

const pki = getTestPki();
const { invoice, dianResponse, attachedDocument } = goldenDocuments() as Record<string, string>;
const base = { issueDate: '2024-04-29', issueTime: '10:50:00-05:00' };
const uuidOf = (xml: string) => /<cbc:UUID[^>]*>([0-9a-f]{96})<\/cbc:UUID>/.exec(xml)![1]!;

function dianAnswer(p: { uuid: string; number?: string; code?: '02' | '04'; scheme?: string }): string {
  return signXml(
    makeDianApplicationResponse({
      documentNumber: p.number ?? 'SETP990000001',
      documentUuid: p.uuid,
      uuidScheme: p.scheme,
      issuerName: 'DIAN',
      issuerNit: '800197268',
      issuerDv: '4',
      issueDate: '2024-04-29',
      issueTime: '10:48:02-05:00',
      responseCode: p.code,
    }),
    pki.dianIdentity,
    { signingTime: new Date('2024-04-29T15:48:02.120Z') },
  );
}

function kindOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SigningError) return `${error.kind}: ${error.message}`;
    throw error;
  }
  return undefined;
}

describe('buildAttachedDocument', () => {
  it('wraps the signed invoice and DIAN response, signed in the only extension', () => {
    const result = verifyXml(attachedDocument!);
    expect(result.valid).toBe(true);
    expect(result.documentType).toBe('AttachedDocument');
    expect(attachedDocument).toContain('<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><ds:Signature ');
    expect(attachedDocument).toContain('<cbc:Description><![CDATA[<?xml version="1.0" encoding="UTF-8" standalone="no"?><Invoice ');
    expect(attachedDocument).toContain(`<cbc:UUID schemeName="CUFE-SHA384">${uuidOf(invoice!)}</cbc:UUID>`);
    expect(attachedDocument).toContain('<cbc:ValidationResultCode>02</cbc:ValidationResultCode><cbc:ValidationDate>2024-04-29</cbc:ValidationDate><cbc:ValidationTime>10:48:02-05:00</cbc:ValidationTime>');
  });

  it('carries both documents byte for byte, and they still verify', () => {
    const contents = readAttachedDocument(attachedDocument!);
    expect(contents.documentXml).toBe(invoice);
    expect(contents.applicationResponseXml).toBe(dianResponse);
    expect(verifyXml(contents.documentXml).valid).toBe(true);
    expect(verifyXml(contents.applicationResponseXml!).valid).toBe(true);
  });

  it('is canonical before signing, CDATA included', () => {
    const unsigned = buildAttachedDocument({ signedDocumentXml: invoice!, applicationResponseXml: dianResponse!, ...base });
    const check = analyzeCanonicalXml(unsigned);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.layout.cdataSections).toHaveLength(2);
  });

  it('wraps a credit note with its CUDE scheme', () => {
    const note = signXml(readFixture('creditNote'), pki.identity, { signingTime: GOLDEN_SIGNING_TIME });
    const answer = dianAnswer({ uuid: uuidOf(note), number: 'NC50101', scheme: 'CUDE-SHA384' });
    const signed = createAttachedDocument({ signedDocumentXml: note, applicationResponseXml: answer, ...base }, pki.identity, { signingTime: GOLDEN_SIGNING_TIME });
    expect(signed).toContain(`<cbc:UUID schemeName="CUDE-SHA384">${uuidOf(note)}</cbc:UUID>`);
    expect(verifyXml(signed).valid).toBe(true);
  });

  it('accepts a DIAN response with CRLF line ends and keeps it verifiable', () => {
    const pretty = makeDianApplicationResponse({
      documentNumber: 'SETP990000001',
      documentUuid: uuidOf(invoice!),
      issuerName: 'DIAN',
      issuerNit: '800197268',
      issuerDv: '4',
      issueDate: '2024-04-29',
      issueTime: '10:48:02-05:00',
    }).replace(/<cac:/g, '\n  <cac:');
    const crlf = signXml(pretty, pki.dianIdentity, { signingTime: new Date('2024-04-29T15:48:02.120Z') }).replace(/\n/g, '\r\n');
    expect(verifyXml(crlf).valid).toBe(true);
    const signed = createAttachedDocument({ signedDocumentXml: invoice!, applicationResponseXml: crlf, ...base }, pki.identity, { signingTime: GOLDEN_SIGNING_TIME });
    expect(signed).not.toContain('\r');
    expect(verifyXml(signed).valid).toBe(true);
    expect(verifyXml(readAttachedDocument(signed).applicationResponseXml!).valid).toBe(true);
    if (HAS_XMLSEC1) expect(xmlsec1Verify({ xml: signed }).ok).toBe(true);
  });

  it('splits a literal "]]>" across CDATA sections', () => {
    const odd = invoice!.replace('schemeName="CUFE-SHA384"', 'schemeName="CUFE-SHA384]]>"');
    const signed = createAttachedDocument(
      { signedDocumentXml: odd, applicationResponseXml: dianResponse!, verifySignatures: false, ...base },
      pki.identity,
      { signingTime: GOLDEN_SIGNING_TIME },
    );
    expect(signed).toContain(']]]]><![CDATA[>');
    expect(verifyXml(signed).valid).toBe(true);
    expect(readAttachedDocument(signed).documentXml).toBe(odd);
  });

  it('refuses a rejected document, a response about another document, and broken signatures', () => {
    const rejected = dianAnswer({ uuid: uuidOf(invoice!), code: '04' });
    expect(kindOf(() => buildAttachedDocument({ signedDocumentXml: invoice!, applicationResponseXml: rejected, ...base }))).toMatch(/^invalid_input: .*04/);
    const other = dianAnswer({ uuid: 'f'.repeat(96) });
    expect(kindOf(() => buildAttachedDocument({ signedDocumentXml: invoice!, applicationResponseXml: other, ...base }))).toMatch(/otro documento/);
    const tampered = invoice!.replace('>50000.00</cbc:PayableAmount>', '>1.00</cbc:PayableAmount>');
    expect(kindOf(() => buildAttachedDocument({ signedDocumentXml: tampered, applicationResponseXml: dianResponse!, ...base }))).toMatch(/firma del documento/);
    expect(kindOf(() => buildAttachedDocument({ signedDocumentXml: dianResponse!, applicationResponseXml: dianResponse!, ...base }))).toMatch(/factura/);
    expect(kindOf(() => buildAttachedDocument({ signedDocumentXml: invoice!, applicationResponseXml: dianResponse!, issueDate: '29/04/2024', issueTime: '10:50' }))).toMatch(
      /Fecha/,
    );
  });

  it('names the file per DIAN', () => {
    expect(attachedDocumentFileName({ nit: '800197268', year: 2024, sequence: 11 })).toBe('ad0800197268000240000000B.xml');
  });
});

describe.skipIf(!HAS_XMLSEC1)(`AttachedDocument and xmlsec1${skipReason({ xmlsec1: true })}`, () => {
  it('xmlsec1 verifies the container and the documents read back from it', () => {
    expect(xmlsec1Verify({ xml: attachedDocument! }).ok).toBe(true);
    const contents = readAttachedDocument(attachedDocument!);
    expect(xmlsec1Verify({ xml: contents.documentXml }).ok).toBe(true);
    expect(xmlsec1Verify({ xml: contents.applicationResponseXml! }).ok).toBe(true);
  });
});
