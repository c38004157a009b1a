import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RadianEventRecord, ReceivedDocumentRecord, ReceptionStore } from '../../app/reception-ports.js';
import type { OrganizationRecord } from '../../app/records.js';
import type { OpenDatabase } from './database.js';
import { createReceptionStore } from './reception-store.js';
import { createStore } from './store.js';
import { DATABASE_TARGETS } from './test-support.js';

const NOW = new Date('2026-11-27T15:00:00Z');
const CUFE = 'a'.repeat(96);

function org(nit: string): OrganizationRecord {
  return {
    id: randomUUID(), nit, dv: '7', legalName: `Empresa ${nit} S.A.S.`, commercialName: null, personType: '1', regime: null,
    responsibilities: ['O-13'], taxScheme: '01', address: { municipalityCode: '11001', line: 'Calle 1', countryCode: 'CO' },
    industryCodes: [], commercialRegistration: null, email: null, phone: null, environment: '2', softwareId: null,
    softwarePinEnc: null, softwareProviderNit: null, testSetId: null, habilitacionState: 'not_started', einvoicingEnabled: false,
    createdAt: NOW, updatedAt: NOW,
  };
}

function received(organizationId: string, hash: string, cufe: string | null): ReceivedDocumentRecord {
  return {
    id: randomUUID(), organizationId, source: 'upload', sourceRef: 'f.zip', contentHash: hash, status: 'valid', reason: null,
    checks: [{ check: 'signature', outcome: 'ok', message: 'ok' }], documentType: 'invoice', typeCode: '01', cufe, number: 'SETP1',
    issueDate: '2026-11-27', issueTime: '10:00:00-05:00', dueDate: null, supplierNit: '900108281', supplierDv: '3', supplierName: 'Proveedor',
    supplierEmail: null, customerNit: '800199436', customerName: 'Cliente', currency: 'COP', lineExtensionMinor: 100000n,
    taxExclusiveMinor: 100000n, taxInclusiveMinor: 119000n, payableMinor: 119000n,
    taxes: [{ code: '01', name: 'IVA', percent: '19.00', taxableAmount: '1000.00', taxAmount: '190.00' }], environment: '2',
    xml: '<Invoice/>', attachedXml: null, applicationResponse: null, originalName: 'f.zip', original: new Uint8Array([1, 2, 3, 0, 255]),
    pdf: new Uint8Array([37, 80, 68, 70]), acceptanceDeadline: null, timesReceived: 1, receivedAt: NOW, updatedAt: NOW,
  };
}

function event(organizationId: string, code: string): Omit<RadianEventRecord, 'number'> {
  return {
    id: randomUUID(), organizationId, direction: 'issued', receivedDocumentId: null, documentId: null, invoiceCufe: CUFE, invoiceNumber: 'SETP1',
    code, cude: null, claimConcept: null, status: 'sending', senderNit: '800199436', xml: null, dianStatusCode: null, dianMessages: [],
    applicationResponse: null, error: null, issuedAt: NOW, createdAt: NOW, updatedAt: NOW,
  };
}

describe.each(DATABASE_TARGETS)('ReceptionStore on $name', { timeout: 60_000 }, (target) => {
  let db: OpenDatabase;
  let store: ReceptionStore;
  let a: OrganizationRecord;
  let b: OrganizationRecord;
  beforeEach(async () => {
    db = await target.open();
    const core = createStore(db);
    a = await core.createOrganization(org('800199436'));
    b = await core.createOrganization(org('900108281'));
    store = createReceptionStore(db);
  }, 120_000);
  afterEach(async () => {
    await db.close();
  });

  it('stores a received document with bytes, bigint amounts and jsonb; recognizes duplicates by bytes and by CUFE; isolates tenants', async () => {
    const first = await store.insertReceived(received(a.id, 'h1', CUFE));
    expect(first.status).toBe('created');
    const got = (await store.getReceived(a.id, first.record.id))!;
    expect(got).toMatchObject({ payableMinor: 119000n, taxes: [{ code: '01', taxAmount: '190.00' }], checks: [{ check: 'signature' }], timesReceived: 1 });
    expect([...got.original]).toEqual([1, 2, 3, 0, 255]);
    expect([...got.pdf!]).toEqual([37, 80, 68, 70]);
    const sameBytes = await store.insertReceived(received(a.id, 'h1', CUFE));
    expect(sameBytes).toMatchObject({ status: 'duplicate', record: { id: first.record.id, timesReceived: 2 } });
    const sameCufe = await store.insertReceived(received(a.id, 'h2', CUFE));
    expect(sameCufe).toMatchObject({ status: 'duplicate', record: { id: first.record.id, timesReceived: 3 } });
    // An invalid copy carrying a known CUFE (e.g. tampered) is kept apart, not merged.
    const tampered = await store.insertReceived({ ...received(a.id, 'h9', CUFE), status: 'invalid', reason: 'firma' });
    expect(tampered.status).toBe('created');
    expect((await store.findReceivedByCufe(a.id, CUFE))!.id).toBe(first.record.id);
    // Unreadable documents (no CUFE) are kept too, once per content.
    expect((await store.insertReceived(received(a.id, 'h3', null))).status).toBe('created');
    expect((await store.insertReceived(received(a.id, 'h4', null))).status).toBe('created');
    // The other organization may receive the same document independently.
    expect((await store.insertReceived(received(b.id, 'h1', CUFE))).status).toBe('created');
    expect(await store.getReceived(b.id, first.record.id)).toBeUndefined();
    expect((await store.listReceived(a.id, { limit: 10, offset: 0 })).length).toBe(4);
    expect((await store.listReceived(a.id, { status: 'invalid', limit: 10, offset: 0 })).length).toBe(1);
    expect((await store.listReceived(a.id, { supplierNit: '900108281', from: '2026-11-27', to: '2026-11-27', limit: 10, offset: 0 })).length).toBe(4);
  });

  it('numbers events per organization and code, updates them, lists them by invoice', async () => {
    const e1 = await store.insertEvent(event(a.id, '030'), 'ACU');
    const e2 = await store.insertEvent(event(a.id, '030'), 'ACU');
    const e3 = await store.insertEvent(event(a.id, '032'), 'RBS');
    const other = await store.insertEvent(event(b.id, '030'), 'ACU');
    expect([e1.number, e2.number, e3.number, other.number]).toEqual(['ACU1', 'ACU2', 'RBS1', 'ACU1']);
    await store.updateEvent(a.id, e1.id, { status: 'accepted', dianStatusCode: '00', dianMessages: [{ ruleId: 'X', outcome: 'notification', text: 't' }], cude: 'c'.repeat(96) }, NOW);
    const got = (await store.getEvent(a.id, e1.id))!;
    expect(got).toMatchObject({ status: 'accepted', dianStatusCode: '00', dianMessages: [{ ruleId: 'X' }], cude: 'c'.repeat(96), error: null });
    expect((await store.listEventsByInvoice(a.id, CUFE)).map((e) => e.number)).toEqual(['ACU1', 'ACU2', 'RBS1']);
    expect((await store.listEventsByInvoices(b.id, [CUFE])).map((e) => e.number)).toEqual(['ACU1']);
    const { id: _id, createdAt: _c, updatedAt: _u, ...tracked } = { ...event(a.id, '033'), number: 'AE9', direction: 'tracked' as const, status: 'accepted' as const };
    const t1 = await store.upsertTrackedEvent(tracked, NOW);
    const t2 = await store.upsertTrackedEvent(tracked, NOW);
    expect(t2.id).toBe(t1.id);
  });

  it('keeps reception settings and the IMAP cursor', async () => {
    expect(await store.getSettings(a.id)).toEqual({ autoAcknowledge: false, autoReceipt: false, person: null });
    const saved = await store.saveSettings(a.id, { autoAcknowledge: true, autoReceipt: false, person: { id: '1', firstName: 'Ana', familyName: 'Ríos' } }, NOW);
    expect(saved).toEqual({ autoAcknowledge: true, autoReceipt: false, person: { id: '1', firstName: 'Ana', familyName: 'Ríos' } });
    expect(await store.getImapCursor('k')).toBeUndefined();
    await store.saveImapCursor('k', { uidValidity: '42', lastUid: 7 }, NOW);
    await store.saveImapCursor('k', { uidValidity: '42', lastUid: 9 }, NOW);
    expect(await store.getImapCursor('k')).toEqual({ uidValidity: '42', lastUid: 9 });
  });
});
