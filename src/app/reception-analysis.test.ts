import { describe, expect, it } from 'vitest';
import { signedDocument, signedInvoice } from '../dian/test-support/documents.js';
import { signedEvent } from '../dian/test-support/events.js';
import { zipDocuments } from '../signing/zip.js';
import { parseEventList } from './events.js';
import { analyzeReceived } from './reception-analysis.js';
import { DEFAULT_RECEPTION_CONFIG } from './reception-deps.js';

const BUYER = '800199436';
const enc = (s: string) => new TextEncoder().encode(s);
const outcomes = (a: ReturnType<typeof analyzeReceived>) => a.checks.map((c) => `${c.check}:${c.outcome}`);

describe('analysis of a received document', () => {
  const invoice = signedInvoice(990000101);

  it('reads a bare signed invoice: signature and habilitación CUFE ok, DIAN answer still to be asked, fields read', () => {
    const a = analyzeReceived(enc(invoice.xml), BUYER, DEFAULT_RECEPTION_CONFIG);
    expect(outcomes(a)).toEqual(['xml:ok', 'signature:ok', 'cufe:ok', 'buyer:ok']);
    expect(a.needsDianConfirmation).toBe(true);
    expect(a.fields).toMatchObject({ documentType: 'invoice', cufe: invoice.uuid, number: invoice.number, supplierNit: '900108281', customerNit: BUYER, environment: '2' });
    expect(typeof a.fields.payableMinor).toBe('bigint');
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says which check failed: another buyer, a changed amount, a CUFE that does not match', () => {
    expect(analyzeReceived(enc(invoice.xml), '900999999', DEFAULT_RECEPTION_CONFIG).checks.at(-1)).toMatchObject({ check: 'buyer', outcome: 'failed' });
    const changed = invoice.xml.replace(/(<cbc:PayableAmount currencyID="COP">)[\d.]+/, '$11.00');
    expect(changed).not.toBe(invoice.xml);
    const tampered = analyzeReceived(enc(changed), BUYER, DEFAULT_RECEPTION_CONFIG);
    expect(tampered.checks.find((c) => c.check === 'signature')).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/cambió después de firmado/) });
    // Signed with a wrong CUFE from the start: the signature holds, the recomputed CUFE does not.
    const wrongCufe = signedDocument('invoice', (d) => {
      d.consecutive = 990000102;
      delete d.number;
      (d.numberingRange as Record<string, unknown>).technicalKey = 'otra-clave';
    });
    const w = analyzeReceived(enc(wrongCufe.xml), BUYER, DEFAULT_RECEPTION_CONFIG);
    expect(w.checks.find((c) => c.check === 'signature')!.outcome).toBe('ok');
    expect(w.checks.find((c) => c.check === 'cufe')).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/no coincide/) });
  });

  it('refuses what is not a supplier document, and hostile packages, as failed checks (never throws)', () => {
    expect(outcomes(analyzeReceived(enc(signedEvent('030', 'E1', invoice).xml), BUYER, DEFAULT_RECEPTION_CONFIG))).toEqual(['xml:failed']);
    expect(analyzeReceived(new Uint8Array(0), BUYER, DEFAULT_RECEPTION_CONFIG).checks[0]!.message).toBe('El archivo está vacío.');
    expect(analyzeReceived(new Uint8Array(11 * 1024 * 1024), BUYER, DEFAULT_RECEPTION_CONFIG).checks[0]!.message).toMatch(/el máximo es/);
    expect(outcomes(analyzeReceived(zipDocuments([{ name: 'nota.txt', content: 'hola' }]), BUYER, DEFAULT_RECEPTION_CONFIG))).toEqual(['package:failed']);
    const external = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice>&e;</Invoice>';
    expect(analyzeReceived(enc(external), BUYER, DEFAULT_RECEPTION_CONFIG).checks[0]).toMatchObject({ check: 'xml', outcome: 'failed' });
  });
});

describe('GetStatusEvent list', () => {
  it('reads the simulator list and event ApplicationResponses; ignores garbage', () => {
    expect(parseEventList('<EventosDocumento cufe="x"><Evento codigo="030" numero="ACU1" cude="c1" fecha="2026-11-27"></Evento></EventosDocumento>')).toEqual([{ code: '030', number: 'ACU1', cude: 'c1', date: '2026-11-27' }]);
    const invoice = signedInvoice(990000103);
    const ev = signedEvent('032', 'RB1', invoice).xml.replace(/^<\?xml[^>]*\?>/, '');
    expect(parseEventList(`<Lista>${ev}</Lista>`)).toMatchObject([{ code: '032', number: 'RB1', date: '2026-11-27' }]);
    expect(parseEventList('<<<')).toEqual([]);
  });
});
