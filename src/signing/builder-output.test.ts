import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareDocument } from '../core/pipeline.js';
import { buildAttachedDocument } from './attached-document.js';
import { analyzeCanonicalXml } from './canonical-form.js';
import { verifyXml } from './verify.js';
import { signXml } from './xades.js';
import { HAS_XMLSEC1, skipReason, xmllintValidate, xmlsec1Verify } from './test-support/external-tools.js';
import { makeDianApplicationResponse } from './test-support/fixtures.js';
import { getTestPki, makeTestPkcs12 } from './test-support/test-pki.js';

/**
 * The signer on the builder's own output (issue #3 "every signed golden document"): each example
 * of examples/ is built, signed with the 'canonical' input mode (which refuses non-canonical
 * input, so a builder regression fails here), and checked by xmlsec1, the relaxed DIAN XSD and
 * our verifier with the technical key / PIN.
 */
const EXAMPLES = join(import.meta.dirname, '../../examples');
const TECHNICAL_KEY = 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c';
const PIN = '20191';
const SIGNING_TIME = new Date('2026-11-27T15:20:00.000Z');

const signed = new Map<string, string>();
beforeAll(() => {
  const { identity } = getTestPki();
  for (const f of readdirSync(EXAMPLES).filter((n) => n.endsWith('.json'))) {
    const prepared = prepareDocument(JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')));
    if (!prepared.ok) throw new Error(`${f}: ${JSON.stringify(prepared.issues)}`);
    expect(analyzeCanonicalXml(prepared.built.xml).ok, f).toBe(true);
    signed.set(f, signXml(prepared.built.xml, identity, { signingTime: SIGNING_TIME, input: 'canonical' }));
  }
});

describe('signed builder output', () => {
  const names = readdirSync(EXAMPLES).filter((n) => n.endsWith('.json'));

  it.each(names)('%s verifies with our verifier (signature and CUFE/CUDE)', (name) => {
    const xml = signed.get(name)!;
    const isNote = /<(CreditNote|DebitNote) /.test(xml);
    const contingency = xml.includes('<cbc:InvoiceTypeCode>03</cbc:InvoiceTypeCode>');
    const result = verifyXml(xml, isNote || contingency ? { softwarePin: PIN } : { technicalKey: TECHNICAL_KEY });
    expect(result.reason).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it.skipIf(!HAS_XMLSEC1)(`each example verifies with xmlsec1 ${skipReason({ xmlsec1: true })}`, () => {
    for (const [name, xml] of signed) expect(xmlsec1Verify({ xml }).ok, name).toBe(true);
  });

  it.skipIf(skipReason({ xmllint: true, shared: true }) !== '')(`each example is valid against the relaxed DIAN XSD ${skipReason({ xmllint: true, shared: true })}`, () => {
    for (const [name, xml] of signed) {
      const r = xmllintValidate(xml);
      expect(r.ok, `${name}: ${r.output}`).toBe(true);
    }
  });

  it('a changed amount after signing is reported as a body change, by us and by xmlsec1', () => {
    const xml = signed.get('invoice.json')!.replace(/(<cbc:PayableAmount currencyID="COP">)\d+/, '$19');
    const ours = verifyXml(xml);
    expect(ours.valid).toBe(false);
    expect(ours.reason).toMatch(/cambió después de firmado/);
    if (HAS_XMLSEC1) expect(xmlsec1Verify({ xml }).ok).toBe(false);
  });

  it('an AttachedDocument around a signed invoice and DIAN’s response signs and verifies', () => {
    const { identity, dianIdentity } = getTestPki();
    const invoice = signed.get('invoice.json')!;
    const uuid = /<cbc:UUID[^>]*>([0-9a-f]{96})</.exec(invoice)![1]!;
    const response = signXml(
      makeDianApplicationResponse({ documentNumber: 'SETP990000001', documentUuid: uuid, issuerName: 'DIAN', issuerNit: '800197268', issuerDv: '4', issueDate: '2026-11-27', issueTime: '10:20:00-05:00' }),
      dianIdentity,
      { signingTime: new Date('2026-11-27T15:20:05.000Z') },
    );
    const attached = signXml(buildAttachedDocument({ signedDocumentXml: invoice, applicationResponseXml: response, issueDate: '2026-11-27', issueTime: '10:20:00-05:00' }), identity, { signingTime: SIGNING_TIME });
    expect(verifyXml(attached).valid).toBe(true);
    if (HAS_XMLSEC1) expect(xmlsec1Verify({ xml: attached }).ok).toBe(true);
    if (skipReason({ xmllint: true, shared: true }) === '') expect(xmllintValidate(attached).ok).toBe(true);
  });
});

describe('CLI: build --cert, verify, attach', () => {
  const cli = join(import.meta.dirname, '../../dist/cli/main.js');
  const run = (args: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { code: err.status, out: err.stdout + err.stderr };
    }
  };

  it('signs, verifies and reports a tampered document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'previa-cli-'));
    const { signer, ca } = getTestPki();
    const p12 = join(dir, 'firma.p12');
    writeFileSync(p12, makeTestPkcs12({ key: signer.key, certs: [signer, ca], password: 'clave' }));
    const out = join(dir, 'factura.xml');
    expect(run(['build', join(EXAMPLES, 'invoice.json'), '--cert', p12, '--password', 'clave', '-o', out]).code).toBe(0);
    const ok = run(['verify', out, '--technical-key', TECHNICAL_KEY]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/FIRMA VÁLIDA/);
    writeFileSync(out, readFileSync(out, 'utf8').replace('Arroz blanco', 'Arroz integral'));
    const bad = run(['verify', out, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).valid).toBe(false);
    expect(run(['build', join(EXAMPLES, 'invoice.json'), '--cert', p12, '--password', 'mala']).out).toMatch(/Error de firma/);
  });
});
