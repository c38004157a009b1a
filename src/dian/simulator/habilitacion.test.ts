import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestPki } from '../../signing/test-support/test-pki.js';
import { createDianClient, type DianClient } from '../client/client.js';
import type { DianResponse } from '../client/types.js';
import { zipDocuments } from '../soap/zip.js';
import { EXAMPLE_NOW, signedInvoice, signedNote } from '../test-support/documents.js';
import { DEMO, DEMO_CONFIG } from './config.js';
import { startSimulator, type RunningSimulator } from './server.js';

/** Polls GetStatusZip until the batch is no longer "en proceso". */
async function poll(client: DianClient, zipKey: string): Promise<DianResponse[]> {
  for (let i = 0; i < 100; i++) {
    const r = await client.getStatusZip(zipKey);
    if (!r.ok) throw new Error(r.failure.message);
    if (!(r.value.length === 1 && r.value[0]!.statusCode === '' && /en proceso/.test(r.value[0]!.statusDescription ?? ''))) return r.value;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('El lote no terminó');
}

describe('habilitación against the simulator', () => {
  let sim: RunningSimulator;
  let client: DianClient;

  beforeAll(async () => {
    sim = await startSimulator({ clock: () => EXAMPLE_NOW, config: { ...DEMO_CONFIG, asyncDelayMs: 30 } });
    client = createDianClient({ environment: sim.url, identity: getTestPki().identity, clock: () => EXAMPLE_NOW });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('sends the test set (invoices first, then notes), polls, and the set turns Aceptado', async () => {
    const invoices = [signedInvoice(990000501), signedInvoice(990000502)];
    const up = await client.sendTestSetAsync('z1.zip', zipDocuments(invoices.map((d, i) => ({ name: `fv${i}.xml`, content: d.xml }))), DEMO.testSetId);
    expect(up.ok && up.value.zipKey).toBeTruthy();
    if (!up.ok) return;
    const first = await poll(client, up.value.zipKey!);
    expect(first.map((r) => r.statusCode)).toEqual(['00', '00']);
    expect(sim.state.testSet(DEMO.testSetId).status).toBe('En proceso');

    const notes = [signedNote('credit-note', 'NC501', invoices[0]!), signedNote('debit-note', 'ND502', invoices[1]!)];
    const up2 = await client.sendTestSetAsync('z2.zip', zipDocuments(notes.map((d, i) => ({ name: `n${i}.xml`, content: d.xml }))), DEMO.testSetId);
    if (!up2.ok) throw new Error(up2.failure.message);
    const second = await poll(client, up2.value.zipKey!);
    expect(second.map((r) => r.statusCode)).toEqual(['00', '00']);
    expect(sim.state.testSet(DEMO.testSetId)).toMatchObject({ status: 'Aceptado', invoicesAccepted: 2, creditNotesAccepted: 1, debitNotesAccepted: 1 });

    // Each document is also reachable by its CUFE/CUDE.
    const st = await client.getStatus(notes[0]!.uuid);
    expect(st.ok && st.value.statusCode).toBe('00');

    // Further sends to an accepted set are refused at batch level (StatusCode 2).
    const late = await client.sendTestSetAsync('z3.zip', zipDocuments([{ name: 'x.xml', content: signedInvoice(990000503).xml }]), DEMO.testSetId);
    if (!late.ok) throw new Error(late.failure.message);
    const refused = await poll(client, late.value.zipKey!);
    expect(refused[0]).toMatchObject({ statusCode: '2', statusDescription: `Set de prueba con identificador ${DEMO.testSetId} se encuentra Aceptado.` });
  });

  it('upload-level refusals: missing TestSetId; unknown TestSetId fails the batch', async () => {
    const zip = zipDocuments([{ name: 'x.xml', content: signedInvoice(990000510).xml }]);
    const none = await client.sendTestSetAsync('z.zip', zip, '');
    expect(none.ok && none.value).toMatchObject({ errorMessageList: [{ processedMessage: 'Identificador del set de pruebas es obligatorio.', success: false }] });
    expect(none.ok && none.value.zipKey).toBeUndefined();
    const unknown = await client.sendTestSetAsync('z.zip', zip, '00000000-0000-4000-8000-000000000001');
    if (!unknown.ok) throw new Error(unknown.failure.message);
    const r = await poll(client, unknown.value.zipKey!);
    expect(r[0]).toMatchObject({ statusCode: '2', statusDescription: 'Set de prueba con identificador 00000000-0000-4000-8000-000000000001 es incorrecto.' });
  });

  it('a set turns Rechazado when rejections exceed total required − accepted required', async () => {
    const setId = '2b3c5d7e-9f10-4a2b-8c3d-5e6f7a8b9c0e';
    const strict = await startSimulator({
      clock: () => EXAMPLE_NOW,
      config: {
        ...DEMO_CONFIG,
        testSets: [{ id: setId, softwareId: DEMO.softwareId, nit: DEMO.nit, totalDocumentRequired: 3, totalDocumentAcceptedRequired: 2, invoicesAcceptedRequired: 2, creditNotesAcceptedRequired: 0, debitNotesAcceptedRequired: 0 }],
      },
    });
    try {
      const c = createDianClient({ environment: strict.url, identity: getTestPki().identity, clock: () => EXAMPLE_NOW });
      const bad = [990000601, 990000602].map((n) => signedInvoice(n).xml.replace('<cbc:Note>', '<cbc:Note>x')); // broken signatures
      const up = await c.sendTestSetAsync('z.zip', zipDocuments(bad.map((xml, i) => ({ name: `b${i}.xml`, content: xml }))), setId);
      if (!up.ok) throw new Error(up.failure.message);
      await strict.idle();
      const r = await c.getStatusZip(up.value.zipKey!);
      expect(r.ok && r.value.map((x) => x.statusCode)).toEqual(['99', '99']);
      expect(strict.state.testSet(setId)).toMatchObject({ status: 'Rechazado', rejected: 2 });
    } finally {
      await strict.close();
    }
  });

  it('SendTestSetAsync is refused in production', async () => {
    const prod = await startSimulator({ clock: () => EXAMPLE_NOW, config: { ...DEMO_CONFIG, environment: 'produccion' } });
    try {
      const c = createDianClient({ environment: prod.url, identity: getTestPki().identity, clock: () => EXAMPLE_NOW });
      const r = await c.sendTestSetAsync('z.zip', zipDocuments([{ name: 'x.xml', content: '<a/>' }]), DEMO.testSetId);
      expect(r.ok && r.value.errorMessageList[0]?.processedMessage).toBe('Acción no disponible en producción.');
      // A habilitación document (ProfileExecutionID 2) sent to production is rejected.
      const s = await c.sendBillSync('z.zip', zipDocuments([{ name: 'fv.xml', content: signedInvoice(990000701).xml }]));
      expect(s.status === 'rejected' && s.rejections.map((x) => x.ruleId)).toContain('FAD04');
    } finally {
      await prod.close();
    }
  });

  it('state persists to a file and survives a restart', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'previa-sim-')), 'state.json');
    const a = await startSimulator({ clock: () => EXAMPLE_NOW, stateFile: file });
    const inv = signedInvoice(990000801);
    const c1 = createDianClient({ environment: a.url, identity: getTestPki().identity, clock: () => EXAMPLE_NOW });
    expect((await c1.sendBillSync('z.zip', zipDocuments([{ name: 'fv.xml', content: inv.xml }]))).status).toBe('accepted');
    await a.close();
    const b = await startSimulator({ clock: () => EXAMPLE_NOW, stateFile: file });
    try {
      const c2 = createDianClient({ environment: b.url, identity: getTestPki().identity, clock: () => EXAMPLE_NOW });
      const st = await c2.getStatus(inv.uuid);
      expect(st.ok && st.value.statusCode).toBe('00');
      expect((await c2.sendBillSync('z.zip', zipDocuments([{ name: 'fv.xml', content: inv.xml }]))).status).toBe('duplicate');
    } finally {
      await b.close();
    }
  });
});
