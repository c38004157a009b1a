import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyXml } from '../../signing/verify.js';
import { getTestPki } from '../../signing/test-support/test-pki.js';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { DEMO } from '../simulator/config.js';
import { createThrowawayIdentity } from '../simulator/throwaway-identity.js';
import { zipDocuments } from '../soap/zip.js';
import { EXAMPLE_NOW, signedInvoice, signedNote, type SignedDocument } from '../test-support/documents.js';
import { signedEvent } from '../test-support/events.js';
import { HAS_WSDL_SCHEMAS, HAS_XMLSEC, validateBodyAgainstWsdl, xmlsecVerifyEnvelope } from '../test-support/independent-checks.js';
import { createDianClient, type DianClient } from './client.js';
import type { DianExchange } from './types.js';

const zip = (name: string, xml: string) => zipDocuments([{ name, content: xml }]);

describe('client ↔ simulator round trips', () => {
  let sim: RunningSimulator;
  let client: DianClient;
  const exchanges: DianExchange[] = [];
  let invoice: SignedDocument;

  beforeAll(async () => {
    sim = await startSimulator({ clock: () => EXAMPLE_NOW });
    client = createDianClient({ environment: sim.url, identity: getTestPki().identity, clock: () => EXAMPLE_NOW, auditSink: (e) => void exchanges.push(e) });
    invoice = signedInvoice(990000101);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('SendBillSync: accepted, with a signed DIAN ApplicationResponse (02)', async () => {
    const out = await client.sendBillSync('z0900108281000260000001.zip', zip('fv0900108281000260000001.xml', invoice.xml));
    expect(out.status).toBe('accepted');
    if (out.status !== 'accepted') return;
    expect(out.response.statusCode).toBe('00');
    expect(out.response.statusDescription).toBe('Procesado Correctamente.');
    expect(out.response.statusMessage).toBe('La Factura electrónica SETP-990000101, ha sido autorizada.');
    expect(out.response.xmlDocumentKey).toBe(invoice.uuid);
    expect(out.response.xmlFileName).toBe('fv0900108281000260000001');
    const ar = Buffer.from(out.response.xmlBase64Bytes!).toString('utf8');
    expect(ar).toContain('<cbc:ResponseCode>02</cbc:ResponseCode>');
    expect(ar).toContain(`<cbc:UUID schemeName="CUFE-SHA384">${invoice.uuid}</cbc:UUID>`);
    expect(verifyXml(ar).valid).toBe(true);
  });

  it('SendBillSync: the same document again is a duplicate (Regla 90) carrying the earlier key and response', async () => {
    const out = await client.sendBillSync('z.zip', zip('fv.xml', invoice.xml));
    expect(out.status).toBe('duplicate');
    if (out.status !== 'duplicate') return;
    expect(out.response.errorMessages[0]).toMatchObject({ ruleId: '90', severity: 'rejection', message: 'Documento procesado anteriormente' });
    expect(out.response.xmlDocumentKey).toBe(invoice.uuid);
    expect(out.response.xmlBase64Bytes).toBeDefined();
  });

  it('SendBillSync: a document changed after signing is rejected with ZE02 and FAD06-family rules', async () => {
    const other = signedInvoice(990000102);
    const tampered = other.xml.replace('<cbc:PayableAmount currencyID="COP">', '<cbc:PayableAmount currencyID="COP">1');
    const out = await client.sendBillSync('z.zip', zip('fv.xml', tampered));
    expect(out.status).toBe('rejected');
    if (out.status !== 'rejected') return;
    const ids = out.rejections.map((r) => r.ruleId);
    expect(ids).toContain('ZE02');
    expect(out.response.statusCode).toBe('99');
    expect(out.response.isValid).toBe(false);
    const ar = Buffer.from(out.response.xmlBase64Bytes!).toString('utf8');
    expect(ar).toContain('<cbc:ResponseCode>04</cbc:ResponseCode>');
    // GetStatus returns the stored rejection.
    const st = await client.getStatus(other.uuid);
    expect(st.ok && st.value.statusCode).toBe('99');
  });

  it('SendBillSync: unknown software is FAB24b; a number outside the range is a rejection too', async () => {
    const doc = signedInvoice(990000103, (d) => {
      (d.software as Record<string, string>).id = '00000000-1111-2222-3333-444444444444';
    });
    const out = await client.sendBillSync('z.zip', zip('fv.xml', doc.xml));
    expect(out.status).toBe('rejected');
    if (out.status === 'rejected') expect(out.rejections.map((r) => r.ruleId)).toContain('FAB24b');
  });

  it('SendBillSync: request-level problems are final faults with StatusCode 89', async () => {
    const two = zipDocuments([
      { name: 'a.xml', content: invoice.xml },
      { name: 'b.xml', content: invoice.xml },
    ]);
    const out = await client.sendBillSync('z.zip', two);
    expect(out.status).toBe('fault');
    if (out.status === 'fault') expect(out.failure.response?.statusDescription).toBe('El método síncrono solo puede recibir un documento.');
    const notZip = await client.sendBillSync('z.zip', new Uint8Array(Buffer.from('hola')));
    expect(notZip.status).toBe('fault');
  });

  it('notes: accepted when they reference an accepted invoice, CBG04a/DBG04a otherwise', async () => {
    const credit = signedNote('credit-note', 'NC101', invoice);
    const ok = await client.sendBillSync('z.zip', zip('nc.xml', credit.xml));
    expect(ok.status).toBe('accepted');
    if (ok.status === 'accepted') expect(ok.response.statusMessage).toBe('La Nota crédito electrónica NC-101, ha sido autorizada.');
    const ghost: SignedDocument = { ...invoice, number: 'SETP990000999', uuid: 'a'.repeat(96) };
    const debit = signedNote('debit-note', 'ND102', ghost);
    const bad = await client.sendBillSync('z.zip', zip('nd.xml', debit.xml));
    expect(bad.status).toBe('rejected');
    if (bad.status === 'rejected') expect(bad.rejections.map((r) => r.ruleId)).toContain('DBG04a');
  });

  it('GetStatus: known document (00) and unknown trackId (66)', async () => {
    const known = await client.getStatus(invoice.uuid);
    expect(known.ok).toBe(true);
    if (known.ok) {
      expect(known.value.statusCode).toBe('00');
      expect(known.value.isValid).toBe(true);
    }
    const unknown = await client.getStatus('f'.repeat(96));
    expect(unknown.ok && unknown.value.statusCode).toBe('66');
  });

  it('GetXmlByDocumentKey: 100 with the stored XML, 404 for an unknown key', async () => {
    const found = await client.getXmlByDocumentKey(invoice.uuid);
    expect(found.ok).toBe(true);
    if (found.ok) {
      expect(found.value.code).toBe('100');
      expect(Buffer.from(found.value.xmlBytes!).toString('utf8')).toBe(invoice.xml);
    }
    const missing = await client.getXmlByDocumentKey('0'.repeat(96));
    expect(missing.ok && missing.value.code).toBe('404');
  });

  it('GetNumberingRange: 100 with the technical key; 303 wrong owner; 401 for another NIT', async () => {
    const ok = await client.getNumberingRange({ accountCode: DEMO.nit, accountCodeT: DEMO.nit, softwareCode: DEMO.softwareId });
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(ok.value.operationCode).toBe('100');
      expect(ok.value.responseList).toEqual([
        {
          resolutionNumber: '18760000001',
          resolutionDate: '2019-01-19',
          prefix: 'SETP',
          fromNumber: 990000000,
          toNumber: 995000000,
          validDateFrom: '2019-01-19',
          validDateTo: '2030-01-19',
          technicalKey: 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c',
        },
      ]);
    }
    const wrongSoftware = await client.getNumberingRange({ accountCode: DEMO.nit, accountCodeT: DEMO.nit, softwareCode: '00000000-1111-2222-3333-444444444444' });
    expect(wrongSoftware.ok && wrongSoftware.value.operationCode).toBe('303');
    const other = await client.getNumberingRange({ accountCode: '860000001', accountCodeT: '860000001', softwareCode: DEMO.softwareId });
    expect(other.ok && other.value.operationCode).toBe('401');
  });

  it('SendBillAsync + GetStatusZip: one DianResponse per document; bad and unknown trackIds', async () => {
    const a = signedInvoice(990000110);
    const b = signedInvoice(990000111);
    const up = await client.sendBillAsync('z.zip', zipDocuments([{ name: 'a.xml', content: a.xml }, { name: 'b.xml', content: b.xml }]));
    expect(up.ok).toBe(true);
    if (!up.ok) return;
    expect(up.value.zipKey).toMatch(/^[0-9a-f-]{36}$/);
    await sim.idle();
    const st = await client.getStatusZip(up.value.zipKey!);
    expect(st.ok).toBe(true);
    if (st.ok) expect(st.value.map((r) => [r.statusCode, r.xmlDocumentKey])).toEqual([['00', a.uuid], ['00', b.uuid]]);
    const bad = await client.getStatusZip('no-es-un-guid');
    expect(bad.ok && bad.value[0]?.statusCode).toBe('89');
    const unknown = await client.getStatusZip('00000000-0000-4000-8000-000000000000');
    expect(unknown.ok && unknown.value[0]?.statusCode).toBe('66');
  });

  it('SendEventUpdateStatus + GetStatusEvent: 030 then 032 accepted; repeated 030 is LGC01; 033 before 032 is LGC12', async () => {
    const fresh = signedInvoice(990000120);
    expect((await client.sendBillSync('z.zip', zip('fv.xml', fresh.xml))).status).toBe('accepted');
    expect((await client.getStatusEvent(fresh.uuid)).ok && (await client.getStatusEvent(fresh.uuid))).toMatchObject({ value: { statusCode: '67' } });
    const acuse = await client.sendEventUpdateStatus(zip('ar1.xml', signedEvent('030', 'EV1', fresh).xml));
    expect(acuse.status).toBe('accepted');
    const early = await client.sendEventUpdateStatus(zip('ar2.xml', signedEvent('033', 'EV2', fresh).xml));
    expect(early.status).toBe('rejected');
    if (early.status === 'rejected') expect(early.rejections.map((r) => r.ruleId)).toEqual(['LGC12']);
    const again = await client.sendEventUpdateStatus(zip('ar3.xml', signedEvent('030', 'EV3', fresh).xml));
    expect(again.status === 'rejected' && again.rejections.map((r) => r.ruleId)).toEqual(['LGC01']);
    const recibo = await client.sendEventUpdateStatus(zip('ar4.xml', signedEvent('032', 'EV4', fresh).xml));
    expect(recibo.status).toBe('accepted');
    const wrongPin = await client.sendEventUpdateStatus(zip('ar5.xml', signedEvent('033', 'EV5', fresh, '99999').xml));
    expect(wrongPin.status === 'rejected' && wrongPin.rejections.map((r) => r.ruleId)).toContain('AAD06');
    const events = await client.getStatusEvent(fresh.uuid);
    expect(events.ok).toBe(true);
    if (events.ok) {
      expect(events.value.statusCode).toBe('00');
      expect(Buffer.from(events.value.xmlBase64Bytes!).toString('utf8')).toContain('codigo="032"');
    }
    const notInvoice = await client.getStatusEvent(signedNote('credit-note', 'NC130', invoice).uuid);
    expect(notInvoice.ok && notInvoice.value.statusCode).toBe('66');
  });

  it('GetAcquirer and GetExchangeEmails', async () => {
    const acq = await client.getAcquirer('31', '800199436');
    expect(acq.ok && acq.value).toMatchObject({ receiverName: 'Distribuidora del Valle Ltda.', receiverEmail: 'recepcion@distvalle.example' });
    const none = await client.getAcquirer('13', '1');
    expect(none.ok && none.value.statusCode).toBe('404');
    const emails = await client.getExchangeEmails();
    expect(emails.ok && emails.value.success).toBe(true);
    if (emails.ok) expect(emails.value.csv).toContain('facturacion@andina-prueba.example');
  });

  it('a caller certificate without NIT gets StatusCode 89 (final)', async () => {
    const anonymous = createThrowawayIdentity({ commonName: 'Sin NIT' }).identity;
    const c = createDianClient({ environment: sim.url, identity: anonymous, clock: () => EXAMPLE_NOW });
    const out = await c.sendBillSync('z.zip', zip('fv.xml', signedInvoice(990000140).xml));
    expect(out.status).toBe('fault');
    if (out.status === 'fault') expect(out.failure.response?.statusCode).toBe('89');
  });

  it('a caller not authorised for the issuer gets 89 "no autorizado a enviar documentos"', async () => {
    const stranger = createThrowawayIdentity({ commonName: 'Otro', nit: '860000001' }).identity;
    const c = createDianClient({ environment: sim.url, identity: stranger, clock: () => EXAMPLE_NOW });
    const out = await c.sendBillSync('z.zip', zip('fv.xml', signedInvoice(990000141).xml));
    expect(out.status === 'fault' && out.failure.message).toContain('NIT 860000001 no autorizado a enviar documentos para emisor con NIT 900108281.');
  });

  it('the audit sink saw every exchange with request and response bytes', () => {
    expect(exchanges.length).toBeGreaterThan(20);
    for (const e of exchanges) {
      expect(e.requestBytes.length).toBeGreaterThan(0);
      expect(e.responseBytes?.length).toBeGreaterThan(0);
      expect(e.httpStatus).toBe(200);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
    }
    const ops = new Set(exchanges.map((e) => e.operation));
    for (const op of ['SendBillSync', 'SendBillAsync', 'SendEventUpdateStatus', 'GetStatus', 'GetStatusZip', 'GetStatusEvent', 'GetNumberingRange', 'GetXmlByDocumentKey', 'GetAcquirer', 'GetExchangeEmails']) {
      expect(ops.has(op as never)).toBe(true);
    }
  });

  it.skipIf(!HAS_XMLSEC)('xmlsec1 verifies the WS-Security signature of every request the client sent', () => {
    const pem = getTestPki().signer.pem;
    for (const e of exchanges) {
      const r = xmlsecVerifyEnvelope(Buffer.from(e.requestBytes).toString('utf8'), pem);
      expect(r.ok, `${e.operation}: ${r.output}`).toBe(true);
    }
  });

  it.skipIf(!HAS_WSDL_SCHEMAS)('every request body and every simulator response body validates against the WSDL xsd0.xsd', () => {
    for (const e of exchanges) {
      const req = validateBodyAgainstWsdl(Buffer.from(e.requestBytes).toString('utf8'));
      expect(req.ok, `${e.operation} request: ${req.output}`).toBe(true);
      const res = validateBodyAgainstWsdl(Buffer.from(e.responseBytes!).toString('utf8'));
      expect(res.ok, `${e.operation} response: ${res.output}`).toBe(true);
    }
  });
});
