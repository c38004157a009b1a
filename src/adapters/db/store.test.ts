import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssueRequest, Store } from '../../app/ports.js';
import type { NewDocument, NumberingRangeRecord, OrganizationRecord } from '../../app/records.js';
import { createStore } from './store.js';
import { DATABASE_TARGETS } from './test-support.js';

const NOW = new Date('2026-11-27T15:00:00Z');

function org(nit: string): OrganizationRecord {
  return {
    id: randomUUID(), nit, dv: '7', legalName: `Empresa ${nit} S.A.S.`, commercialName: null, personType: '1', regime: null,
    responsibilities: ['O-13'], taxScheme: '01', address: { municipalityCode: '11001', line: 'Calle 1', countryCode: 'CO' },
    industryCodes: ['4711'], commercialRegistration: null, email: null, phone: null, environment: '2', softwareId: null,
    softwarePinEnc: null, softwareProviderNit: null, testSetId: null, habilitacionState: 'not_started', einvoicingEnabled: false,
    createdAt: NOW, updatedAt: NOW,
  };
}

function range(organizationId: string, from = 990000000n, to = 995000000n): NumberingRangeRecord {
  return {
    id: randomUUID(), organizationId, documentKind: 'invoice', resolution: '18760000001', resolutionDate: '2019-01-19', prefix: 'SETP',
    fromNumber: from, toNumber: to, nextNumber: from, validFrom: '2019-01-19', validTo: '2030-01-19', technicalKeyEnc: null,
    source: 'manual', active: true, createdAt: NOW, updatedAt: NOW,
  };
}

function draft(): NewDocument {
  return {
    documentKind: 'invoice', prefix: 'SETP', environment: '2',
    issueDate: '2026-11-27', issueTime: '10:00:00-05:00', customerIdNumber: '800199436', customerName: 'Cliente', currency: 'COP',
    lineExtensionMinor: 100000n, taxExclusiveMinor: 100000n, taxInclusiveMinor: 119000n, payableMinor: 119000n,
    input: { kind: 'invoice', any: 'thing' }, referencedDocumentId: null,
  };
}

function issue(organizationId: string, numberingRangeId: string, extra: Partial<IssueRequest> = {}): IssueRequest {
  return { organizationId, numberingRangeId, idempotencyKey: null, requestHash: null, draft: draft(), enqueue: true, maxAttempts: 5, now: NOW, ...extra };
}

describe.each(DATABASE_TARGETS)('Store conformance on $name', { timeout: 60_000 }, (target) => {
  let store: Store;
  beforeEach(async () => {
    store = createStore(await target.open());
  }, 120_000);
  afterEach(async () => {
    await store.close();
  });

  it('creates and reads organizations, jsonb and bigint round-trip', async () => {
    const a = await store.createOrganization(org('900108281'));
    expect((await store.getOrganization(a.id))?.responsibilities).toEqual(['O-13']);
    expect((await store.findOrganizationByNit('900108281'))?.id).toBe(a.id);
    expect(await store.getOrganization('no-es-un-uuid')).toBeUndefined();
    const r = await store.createNumberingRange(range(a.id));
    expect(r.nextNumber).toBe(990000000n);
    expect(typeof r.fromNumber).toBe('bigint');
  });

  it('never shows one tenant the data of another', async () => {
    const a = await store.createOrganization(org('900000001'));
    const b = await store.createOrganization(org('900000002'));
    const c = await store.createCustomer({ id: randomUUID(), organizationId: a.id, party: { personType: '1', idType: '31', id: '800199436', name: 'X', responsibilities: ['O-13'], taxScheme: '01' }, receptionEmails: ['a@b.co'], finalConsumer: false, createdAt: NOW, updatedAt: NOW });
    expect(await store.getCustomer(b.id, c.id)).toBeUndefined();
    expect(await store.updateCustomer(b.id, c.id, { receptionEmails: [] }, NOW)).toBeUndefined();
    expect(await store.deleteCustomer(b.id, c.id)).toBe(false);
    expect(await store.listCustomers(b.id, { limit: 10, offset: 0 })).toEqual([]);
    const ra = await store.createNumberingRange(range(a.id));
    expect(await store.issueDocument(issue(b.id, ra.id))).toEqual({ status: 'exhausted' });
    const d = await store.issueDocument(issue(a.id, ra.id));
    if (d.status !== 'created') throw new Error(d.status);
    expect(await store.getDocument(b.id, d.document.id)).toBeUndefined();
    expect(await store.listDocuments(b.id, { limit: 10, offset: 0 })).toEqual([]);
    expect(await store.updateDocumentState(b.id, d.document.id, { status: 'accepted' }, NOW, 'x')).toBeUndefined();
    expect((await store.getDocument(a.id, d.document.id))?.status).toBe('queued');
  });

  it('allocates contiguous numbers under concurrency, and a failed insert returns the number', async () => {
    const a = await store.createOrganization(org('900000003'));
    const r = await store.createNumberingRange(range(a.id));
    let failures = 0;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        store
          // Every 7th insert fails inside the statement (unknown referenced document): nothing of it may stay.
          .issueDocument(issue(a.id, r.id, i % 7 === 3 ? { referencedDocumentId: randomUUID() } : {}))
          .catch(() => { failures++; return undefined; }),
      ),
    );
    const numbers = results.flatMap((x) => (x?.status === 'created' ? [x.document.consecutive] : [])).sort((x, y) => (x < y ? -1 : 1));
    expect(failures).toBeGreaterThan(0);
    expect(numbers.length).toBe(60 - failures);
    numbers.forEach((n, i) => expect(n).toBe(990000000n + BigInt(i)));
    expect((await store.getNumberingRange(a.id, r.id))?.nextNumber).toBe(990000000n + BigInt(numbers.length));
    const jobs = await store.queue.countByStatus();
    expect(jobs.pending).toBe(numbers.length);
  });

  it('stores the number in the document and its input; signs once', async () => {
    const a = await store.createOrganization(org('900000008'));
    const r = await store.createNumberingRange(range(a.id));
    const notes = await store.createNumberingRange({ ...range(a.id, 1n, 99n), documentKind: 'credit-note', prefix: 'NC', resolution: null });
    const d = await store.issueDocument(issue(a.id, r.id));
    const n = await store.issueDocument(issue(a.id, notes.id, { draft: { ...draft(), documentKind: 'credit-note', prefix: 'NC', input: { kind: 'credit-note' } } }));
    if (d.status !== 'created' || n.status !== 'created') throw new Error();
    expect(d.document).toMatchObject({ number: 'SETP990000000', consecutive: 990000000n, uuid: null, signedXml: null, fileName: null, status: 'queued', createdAt: NOW });
    expect(d.document.input).toEqual({ kind: 'invoice', any: 'thing', consecutive: 990000000 });
    expect(n.document.input).toEqual({ kind: 'credit-note', number: 'NC1' });
    const signed = await store.saveSignedDocument(a.id, d.document.id, { uuid: 'cufe', signedXml: '<Invoice/>', fileName: 'fv1' }, NOW);
    expect(signed).toMatchObject({ uuid: 'cufe', signedXml: '<Invoice/>', fileName: 'fv1' });
    expect(await store.saveSignedDocument(a.id, d.document.id, { uuid: 'otro', signedXml: '<Otro/>', fileName: 'fv2' }, NOW)).toBeUndefined();
    expect((await store.getDocument(a.id, d.document.id))?.signedXml).toBe('<Invoice/>');
  });

  it('reports an exhausted range without consuming anything', async () => {
    const a = await store.createOrganization(org('900000004'));
    const r = await store.createNumberingRange(range(a.id, 1n, 2n));
    expect((await store.issueDocument(issue(a.id, r.id))).status).toBe('created');
    expect((await store.issueDocument(issue(a.id, r.id))).status).toBe('created');
    expect(await store.issueDocument(issue(a.id, r.id))).toEqual({ status: 'exhausted' });
  });

  it('concurrent requests near the end of a range: exactly the numbers left, in order, each with its job', async () => {
    const a = await store.createOrganization(org('900000009'));
    const r = await store.createNumberingRange(range(a.id, 1n, 5n));
    // Concurrent requests are coalesced into one allocation statement; a batch larger than
    // what is left falls back to one-by-one allocation, so the first five win and the rest see
    // an exhausted range.
    const results = await Promise.all(Array.from({ length: 12 }, () => store.issueDocument(issue(a.id, r.id))));
    const created = results.flatMap((x) => (x.status === 'created' ? [x.document] : []));
    expect(created.map((d) => d.consecutive).sort((x, y) => (x < y ? -1 : 1))).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(created.map((d) => d.number).sort()).toEqual(['SETP1', 'SETP2', 'SETP3', 'SETP4', 'SETP5']);
    expect(results.filter((x) => x.status === 'exhausted')).toHaveLength(7);
    for (const d of created) expect(d.input).toEqual({ kind: 'invoice', any: 'thing', consecutive: Number(d.consecutive) });
    expect((await store.getNumberingRange(a.id, r.id))?.nextNumber).toBe(6n);
    expect((await store.queue.countByStatus()).pending).toBe(5);
    for (const d of created) expect(await store.listAudit(a.id, { entityId: d.id, limit: 5 })).toHaveLength(1);
  });

  it('honours idempotency keys: replay with same hash, conflict with another', async () => {
    const a = await store.createOrganization(org('900000005'));
    const r = await store.createNumberingRange(range(a.id));
    const first = await store.issueDocument(issue(a.id, r.id, { idempotencyKey: 'k1', requestHash: 'h1' }));
    const [again, other] = await Promise.all([
      store.issueDocument(issue(a.id, r.id, { idempotencyKey: 'k1', requestHash: 'h1' })),
      store.issueDocument(issue(a.id, r.id, { idempotencyKey: 'k1', requestHash: 'h2' })),
    ]);
    expect(first.status).toBe('created');
    expect(again.status).toBe('replayed');
    expect(other.status).toBe('idempotency_conflict');
    if (first.status === 'created' && again.status === 'replayed') expect(again.document.id).toBe(first.document.id);
    // The duplicates rolled back: the next number follows the first document.
    expect((await store.getNumberingRange(a.id, r.id))?.nextNumber).toBe(990000001n);
  });

  it('queue: concurrent claimers never get the same job; expired leases are reclaimed; retry and bury', async () => {
    const a = await store.createOrganization(org('900000006'));
    for (let i = 0; i < 20; i++) await store.queue.enqueue({ organizationId: a.id, jobType: 'send-document', subjectId: randomUUID(), maxAttempts: 3, runAt: NOW });
    const claims = await Promise.all(Array.from({ length: 5 }, (_, i) => store.queue.claim(`w${i}`, 6, NOW, 30_000)));
    const ids = claims.flat().map((j) => j.id);
    expect(ids.length).toBe(20);
    expect(new Set(ids).size).toBe(20);
    expect(await store.queue.claim('late', 10, NOW, 30_000)).toEqual([]);
    // Lease expired: another worker takes the job over; the dead worker can no longer complete it.
    const later = new Date(NOW.getTime() + 31_000);
    const reclaimed = await store.queue.claim('w9', 100, later, 300_000);
    expect(reclaimed.length).toBe(20);
    expect(reclaimed[0]!.attempts).toBe(2);
    await store.queue.complete(reclaimed[0]!.id, 'w0', later);
    await store.queue.retry(reclaimed[1]!.id, 'w9', new Date(later.getTime() + 60_000), 'DIAN no responde', later);
    await store.queue.bury(reclaimed[2]!.id, 'w9', 'agotados', later);
    await store.queue.complete(reclaimed[3]!.id, 'w9', later);
    const counts = await store.queue.countByStatus();
    expect(counts).toMatchObject({ running: 17, pending: 1, dead: 1, done: 1 });
    expect(await store.queue.claim('w1', 10, new Date(later.getTime() + 59_000), 1000)).toEqual([]);
    expect((await store.queue.claim('w1', 10, new Date(later.getTime() + 60_000), 1000)).length).toBe(1);
  });

  it('audits state changes and lists documents with filters and stats', async () => {
    const a = await store.createOrganization(org('900000007'));
    const r = await store.createNumberingRange(range(a.id));
    const d = await store.issueDocument(issue(a.id, r.id));
    if (d.status !== 'created') throw new Error();
    await store.updateDocumentState(a.id, d.document.id, { status: 'accepted', dianStatusCode: '00', dianMessages: [{ ruleId: 'FAJ71', outcome: 'notification', text: 'x' }], finalAt: NOW }, NOW, 'dian_accepted');
    const got = await store.getDocument(a.id, d.document.id);
    expect(got?.dianMessages[0]?.ruleId).toBe('FAJ71');
    const audit = await store.listAudit(a.id, { entityId: d.document.id, limit: 10 });
    expect(audit.map((x) => `${x.fromState ?? ''}>${x.toState}`)).toEqual(['queued>accepted', '>queued']);
    expect(await store.listDocuments(a.id, { status: 'accepted', limit: 10, offset: 0 })).toHaveLength(1);
    expect(await store.listDocuments(a.id, { status: 'queued', limit: 10, offset: 0 })).toHaveLength(0);
    expect(await store.documentStats(a.id, new Date(NOW.getTime() - 1000))).toEqual([{ kind: 'invoice', status: 'accepted', count: 1 }]);
  });
});
