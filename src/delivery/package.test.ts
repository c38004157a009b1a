import { describe, expect, it } from 'vitest';
import { readAttachedDocument } from '../signing/attached-document.js';
import { HAS_XMLSEC1, skipReason, xmlsec1Verify } from '../signing/test-support/external-tools.js';
import { getTestPki } from '../signing/test-support/test-pki.js';
import { verifyXml } from '../signing/verify.js';
import { signXml } from '../signing/xades.js';
import { unzipDocuments } from '../signing/zip.js';
import { composeDeliveryMail, deliverySubject } from './mail.js';
import { buildPackage, documentTypeCode, packageNames, unsignedAttachedDocument } from './package.js';
import { printableDocument } from './printable.js';
import { exampleRecord } from './test-support/records.js';

const org = { nit: '900108281', legalName: 'Comercializadora Andina de Prueba S.A.S.', commercialName: 'Andina Prueba', email: 'facturacion@andina-prueba.example', environment: '2' as const };

describe('delivery package', () => {
  const invoice = exampleRecord('invoice');

  it('names the ZIP per DIAN and its two files with the AttachedDocument stem', () => {
    const names = packageNames({ ...invoice, consecutive: 990000001n }, '900108281');
    expect(names.zip).toBe('z0900108281000263B023381.zip');
    expect(names.attachedDocument).toBe('ad0900108281000263B023381.xml');
    expect(names.pdf).toBe('ad0900108281000263B023381.pdf');
    expect(names.zip.length).toBe(24 + 4);
    expect(names.attachedDocument.length).toBe(25 + 4);
  });

  it(`wraps the exact signed document and DIAN's response; the container verifies${skipReason({ xmlsec1: true })}`, () => {
    const unsigned = unsignedAttachedDocument(invoice, { date: '2026-11-27', time: '09:40:00-05:00' });
    const signed = signXml(unsigned, getTestPki().identity, { signingTime: new Date('2026-11-27T14:40:00Z') });
    expect(verifyXml(signed).valid).toBe(true);
    if (HAS_XMLSEC1) expect(xmlsec1Verify({ xml: signed }).output).toMatch(/OK/);
    const inside = readAttachedDocument(signed);
    expect(inside.documentXml).toBe(invoice.signedXml.replace(/\r\n?/g, '\n').trim());
    expect(inside.applicationResponseXml).toBe(Buffer.from(invoice.applicationResponse!, 'base64').toString('utf8').trim());
    const pkg = buildPackage(packageNames(invoice, '900108281'), signed, new Uint8Array([37, 80, 68, 70]));
    expect(unzipDocuments(pkg.zip).map((e) => e.name)).toEqual([pkg.names.attachedDocument, pkg.names.pdf]);
  });

  it('refuses a document DIAN has not accepted (no ApplicationResponse)', () => {
    expect(() => unsignedAttachedDocument(exampleRecord('invoice', { accepted: false }), { date: '2026-11-27', time: '09:40:00-05:00' })).toThrow(/ApplicationResponse/);
  });
});

describe('delivery e-mail', () => {
  it('subject follows NIT;Name;Number;Type code;Commercial name;Business line', () => {
    expect(deliverySubject({ supplierNit: '900108281', supplierName: 'Andina S.A.S.', number: 'SETP990000001', typeCode: '01', commercialName: 'Andina' })).toBe('900108281;Andina S.A.S.;SETP990000001;01;Andina;');
    expect(deliverySubject({ supplierNit: '1', supplierName: 'A;B', number: 'N1', typeCode: '91', commercialName: 'C', businessLine: 'Ventas' })).toBe('1;A,B;N1;91;C;Ventas');
  });

  it('type codes: invoice type, 91 credit note, 92 debit note', () => {
    expect(documentTypeCode(exampleRecord('invoice'))).toBe('01');
    expect(documentTypeCode(exampleRecord('credit-note'))).toBe('91');
    expect(documentTypeCode(exampleRecord('debit-note'))).toBe('92');
  });

  it('Spanish bodies carry number, total, CUFE, the ZIP name and where to send events; HTML is escaped', () => {
    const doc = exampleRecord('invoice', { mutate: (d) => ((d.customer as { name: string }).name = 'Tienda <Ñandú> & Cía') });
    const p = printableDocument(doc);
    const m = composeDeliveryMail(p, org, { zipName: 'z0900108281000263B023381.zip' });
    expect(m.subject).toBe(`900108281;Comercializadora Andina de Prueba S.A.S.;${doc.number};01;Andina Prueba;`);
    for (const body of [m.text, m.html]) {
      expect(body).toContain(doc.number);
      expect(body).toContain(doc.uuid);
      expect(body).toContain('$ 5.643.188,00');
      expect(body).toContain('z0900108281000263B023381.zip');
      expect(body).toContain('facturacion@andina-prueba.example');
      expect(body).toContain('habilitación');
    }
    expect(m.text).toContain('Señores Tienda <Ñandú> & Cía:');
    expect(m.html).toContain('Tienda &lt;Ñandú&gt; &amp; Cía');
    expect(m.html).not.toContain('<Ñandú>');
  });
});
