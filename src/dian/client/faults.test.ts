import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestPki } from '../../signing/test-support/test-pki.js';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { zipDocuments } from '../soap/zip.js';
import { EXAMPLE_NOW, signedInvoice } from '../test-support/documents.js';
import { createDianClient, type DianClient } from './client.js';

describe('fault injection → client classification', () => {
  let sim: RunningSimulator;
  let client: DianClient;
  let now = EXAMPLE_NOW.getTime();
  const clock = () => new Date(now);
  let zip: Uint8Array;

  beforeAll(async () => {
    sim = await startSimulator({ clock });
    client = createDianClient({ environment: sim.url, identity: getTestPki().identity, clock, timeoutMs: 3000 });
    zip = zipDocuments([{ name: 'fv.xml', content: signedInvoice(990000301).xml }]);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('latency below the timeout: the call succeeds', async () => {
    sim.setFaults({ latencyMs: 100 });
    const r = await client.getStatus('a'.repeat(96));
    expect(r.ok).toBe(true);
    expect(r.exchange.durationMs).toBeGreaterThanOrEqual(90);
  });

  it('no answer: timeout, retryable and uncertain', async () => {
    sim.setFaults({ timeout: true, times: 1 });
    const impatient = createDianClient({ environment: sim.url, identity: getTestPki().identity, clock, timeoutMs: 300 });
    const r = await impatient.sendBillSync('z.zip', zip);
    expect(r.status).toBe('transport_failure');
    if (r.status === 'transport_failure') expect(r.failure).toMatchObject({ reason: 'timeout', retryable: true, uncertain: true });
  });

  it('HTTP 500 without a DIAN answer: retryable http_error', async () => {
    sim.setFaults({ httpStatus: 500, times: 1 });
    const r = await client.getStatus('a'.repeat(96));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'transport', reason: 'http_error', retryable: true, httpStatus: 500 });
  });

  it('HTTP 503: retryable service_unavailable', async () => {
    sim.setFaults({ httpStatus: 503, times: 1 });
    const r = await client.getStatus('a'.repeat(96));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'transport', reason: 'service_unavailable', retryable: true });
  });

  it('SOAP fault s:Receiver: retryable server_fault', async () => {
    sim.setFaults({ soapFault: 'receiver', times: 1 });
    const r = await client.sendBillSync('z.zip', zip);
    expect(r.status === 'transport_failure' && r.failure).toMatchObject({ reason: 'server_fault', retryable: true, uncertain: true });
  });

  it('SOAP fault s:Sender (security): final fault', async () => {
    sim.setFaults({ soapFault: 'sender', times: 1 });
    const r = await client.sendBillSync('z.zip', zip);
    expect(r.status).toBe('fault');
    if (r.status === 'fault') expect(r.failure).toMatchObject({ kind: 'fault', retryable: false, fault: { code: 's:Sender', subcode: 'o:InvalidSecurity' } });
  });

  it('SOAP fault saying the service is unavailable: retryable', async () => {
    sim.setFaults({ soapFault: { code: 's:Sender', reason: 'Servicio no disponible temporalmente' }, times: 1 });
    const r = await client.getStatus('a'.repeat(96));
    expect(!r.ok && r.failure).toMatchObject({ reason: 'service_unavailable', retryable: true });
  });

  it('malformed response: retryable and uncertain', async () => {
    sim.setFaults({ malformed: true, times: 1 });
    const r = await client.sendBillSync('z.zip', zip);
    expect(r.status === 'transport_failure' && r.failure).toMatchObject({ reason: 'malformed_response', uncertain: true });
  });

  it('connection reset: retryable network failure', async () => {
    sim.setFaults({ reset: true, times: 1 });
    const r = await client.getStatus('a'.repeat(96));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'transport', reason: 'network', retryable: true });
  });

  it('DIAN StatusCode 500 ("Ha ocurrido un error"): retryable service_unavailable with the answer', async () => {
    sim.setFaults({ dianInternalError: true, times: 1 });
    const r = await client.sendBillSync('z.zip', zip);
    expect(r.status === 'transport_failure' && r.failure).toMatchObject({ reason: 'service_unavailable', response: { statusCode: '500' } });
  });

  it('faults limited to an operation leave the others alone', async () => {
    sim.setFaults({ httpStatus: 500, operations: ['GetStatusZip'] });
    expect((await client.getStatus('a'.repeat(96))).ok).toBe(true);
    expect((await client.getStatusZip('00000000-0000-4000-8000-000000000000')).ok).toBe(false);
    sim.setFaults({});
  });

  it('"down for N seconds": 503 until the window passes, then normal service', async () => {
    sim.setFaults({ downForSeconds: 30 });
    const down = await client.sendBillSync('z.zip', zip);
    expect(down.status === 'transport_failure' && down.failure.reason).toBe('service_unavailable');
    now += 31_000;
    const up = await client.sendBillSync('z.zip', zip);
    expect(up.status).toBe('accepted');
    // A blind resend after the uncertain failure is reported as a duplicate (Regla 90), not an error.
    const again = await client.sendBillSync('z.zip', zip);
    expect(again.status).toBe('duplicate');
    sim.setFaults({});
    now = EXAMPLE_NOW.getTime();
  });

  it('connection refused: retryable, and certain that nothing was sent', async () => {
    const closed = await startSimulator();
    const url = closed.url;
    await closed.close();
    const c = createDianClient({ environment: url, identity: getTestPki().identity, timeoutMs: 2000 });
    const r = await c.getStatus('a'.repeat(96));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'transport', reason: 'network', uncertain: false });
  });

  it('expired WS-Security timestamp and tampered wsa:To are SOAP faults (final)', async () => {
    const old = createDianClient({ environment: sim.url, identity: getTestPki().identity, clock: () => new Date(now - 3600_000) });
    const r = await old.getStatus('a'.repeat(96));
    expect(!r.ok && r.failure).toMatchObject({ kind: 'fault', fault: { subcode: 'o:MessageExpired' } });
    const tamper: typeof fetch = (input, init) => {
      const body = Buffer.from(init!.body as Uint8Array).toString('utf8').replace('WcfDianCustomerServices.svc</wsa:To>', 'WcfDianCustomerServices.svc/x</wsa:To>');
      return fetch(input, { ...init, body });
    };
    const t = createDianClient({ environment: sim.url, identity: getTestPki().identity, clock, fetch: tamper });
    const r2 = await t.getStatus('a'.repeat(96));
    expect(!r2.ok && r2.failure).toMatchObject({ kind: 'fault', fault: { subcode: 'o:FailedAuthentication' } });
  });
});
