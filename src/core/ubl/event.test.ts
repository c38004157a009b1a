import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeEventCude } from '../identity/index.js';
import { parseXml } from '../xml/parse.js';
import { text, attr } from '../xml/query.js';
import { buildEvent, checkEventInput, type EventInput } from './event.js';

const CUFE = 'f2a09fc9a83fbc7b2a14e4adc89ef5917c96f375a3d102ce4e2d20d5cf64e1ca6ff8a618e3c14bb43a783a1595e8fc09';
const base: EventInput = {
  code: '030',
  number: 'ACR0021',
  issueDate: '2020-12-12',
  issueTime: '18:30:37-05:00',
  environment: '2',
  software: { id: 'fa326ca7-c1f8-40d3-a6fc-24d7c1040607', pin: '20191', providerNit: '900373979' },
  sender: { name: 'Pruebas', id: '900373979', responsibilities: ['O-13'] },
  receiver: { name: 'FACTURA ELECTRONICA USUARIO PRUEBAS MIGRACION', id: '900373972' },
  invoice: { number: 'SETG980000358', cufe: CUFE },
  person: { id: '2589846132', firstName: 'solo', familyName: 'Pruebas', jobTitle: 'Revisor Fiscal', department: 'Juridica' },
};

/** Element names of the root's children, in order. */
const childNames = (xml: string) => parseXml(xml).children.map((c) => c.qname);

describe('event ApplicationResponse builder', () => {
  it('writes DIAN sample 030 element order and the event CUDE', () => {
    const built = buildEvent(base);
    expect(built.cude).toBe(
      computeEventCude({ number: 'ACR0021', issueDate: '2020-12-12', issueTime: '18:30:37-05:00', senderId: '900373979', receiverId: '900373972', responseCode: '030', documentId: 'SETG980000358', documentTypeCode: '01' }, '20191'),
    );
    expect(built.cudeInput).toBe('ACR00212020-12-1218:30:37-05:00900373979900373972030SETG980000358' + '01' + '20191');
    const root = parseXml(built.xml);
    expect(text(root, 'cbc:UUID')).toBe(built.cude);
    expect(text(root, 'cbc:CustomizationID')).toBe('030');
    expect(text(root, 'cac:DocumentResponse/cac:DocumentReference/cbc:UUID')).toBe(CUFE);
    expect(text(root, 'ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/sts:DianExtensions/sts:QRCode')).toContain(CUFE);
    // Same top-level order as DIAN's toolkit sample (which also has two cbc:Note).
    const sample = readFileSync(new URL('../../../../shared/samples/dian-toolkit-1.9/events/030_-_Acuse_ReciboFEV.xml', import.meta.url), 'utf8');
    const expected = childNames(sample).filter((n) => n !== 'cbc:Note');
    expect(childNames(built.xml)).toEqual(expected);
    const dr = parseXml(built.xml).children.find((c) => c.qname === 'cac:DocumentResponse')!;
    expect(dr.children.map((c) => c.qname)).toEqual(['cac:Response', 'cac:DocumentReference', 'cac:IssuerParty']);
  });

  it('is deterministic and leaves an empty signature slot', () => {
    expect(buildEvent(base).xml).toBe(buildEvent(base).xml);
    expect(buildEvent(base).xml).toContain('<ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension>');
  });

  it('carries the claim concept of a 031 and validates inputs', () => {
    const claim = buildEvent({ ...base, code: '031', claimConcept: '02' });
    const root = parseXml(claim.xml);
    expect(attr(root, 'cac:DocumentResponse/cac:Response/cbc:ResponseCode', 'listID')).toBe('02');
    expect(checkEventInput({ ...base, code: '031' })).toEqual(['El reclamo (031) requiere el concepto de reclamo (01 a 04).']);
    expect(checkEventInput({ ...base, code: '031', claimConcept: '09' })[0]).toMatch(/desconocido/);
    expect(checkEventInput({ ...base, claimConcept: '01' })[0]).toMatch(/solo aplica/);
    expect(checkEventInput(base)).toEqual([]);
  });
});
