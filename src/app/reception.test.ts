import { describe, expect, it } from 'vitest';
import type { RadianEventRecord, ReceivedDocumentRecord, ReceivedFilter } from './reception-ports.js';
import { deadlineView, listReceived, radianState } from './reception.js';
import { DEFAULT_RECEPTION_CONFIG, receptionConfigFromEnv, type ReceptionDeps } from './reception-deps.js';

const d = { config: DEFAULT_RECEPTION_CONFIG } as ReceptionDeps;
const ev = (code: string, at: string, status: RadianEventRecord['status'] = 'accepted') => ({ code, status, issuedAt: new Date(at) }) as RadianEventRecord;
// 032 on Friday 1 August 2025, 10:00 Colombia: the window ends Wednesday 6 August 23:59:59 (7 August is a holiday).
const chain = [ev('030', '2025-08-01T14:00:00Z'), ev('032', '2025-08-01T15:00:00Z')];

describe('acceptance clock shown per received invoice', () => {
  it('has no deadline before the 032', () => {
    expect(deadlineView(d, [ev('030', '2025-08-01T14:00:00Z')], new Date('2025-08-02T00:00:00Z')).state).toBe('none');
  });
  it('is open, then due soon the last two business days, then expired', () => {
    const open = deadlineView(d, chain, new Date('2025-08-01T17:00:00Z'));
    expect(open).toMatchObject({ state: 'open', at: '2025-08-07T04:59:59.999Z', businessDaysLeft: 4 });
    expect(deadlineView(d, chain, new Date('2025-08-04T15:00:00Z'))).toMatchObject({ state: 'open', businessDaysLeft: 3 });
    const soon = deadlineView(d, chain, new Date('2025-08-05T15:00:00Z'));
    expect(soon).toMatchObject({ state: 'due_soon', businessDaysLeft: 2 });
    expect(soon.message).toBe('Quedan 2 día(s) hábil(es) para aceptar (033) o reclamar (031).');
    expect(deadlineView(d, chain, new Date('2025-08-07T04:59:00Z'))).toMatchObject({ state: 'due_soon', businessDaysLeft: 1 });
    const expired = deadlineView(d, chain, new Date('2025-08-07T05:00:00Z'));
    expect(expired).toMatchObject({ state: 'expired', businessDaysLeft: 0 });
    expect(expired.message).toMatch(/aceptación tácita \(034\)/);
  });
  it('closes with a claim or an acceptance; rejected events do not count', () => {
    expect(deadlineView(d, [...chain, ev('033', '2025-08-04T15:00:00Z')], new Date('2025-08-20T00:00:00Z')).state).toBe('closed');
    expect(deadlineView(d, [...chain, ev('033', '2025-08-04T15:00:00Z', 'rejected')], new Date('2025-08-20T00:00:00Z')).state).toBe('expired');
    expect(radianState([...chain, ev('031', '2025-08-04T15:00:00Z')])).toEqual({ code: '031', label: 'Reclamada' });
    expect(radianState([])).toEqual({ code: null, label: 'Sin eventos' });
  });
  it('reads its settings from the environment', () => {
    expect(receptionConfigFromEnv({ PREVIA_ACCEPTANCE_BUSINESS_DAYS: '5', PREVIA_RECEPTION_CONFIRM_WITH_DIAN: '0' })).toMatchObject({ businessDaysLimit: 5, confirmWithDian: false, warnBusinessDays: 2 });
    expect(() => receptionConfigFromEnv({ PREVIA_ACCEPTANCE_WARN_DAYS: 'x' })).toThrow(/PREVIA_ACCEPTANCE_WARN_DAYS/);
  });
});

describe('received documents filtered by deadline state', () => {
  // 1,200 received invoices, newest first; only every 300th has had its 032 (so its window runs).
  const rows = Array.from({ length: 1200 }, (_, i) => ({ id: `r${i}`, cufe: `cufe${i}`, status: 'valid', taxes: [], checks: [], pdf: null, applicationResponse: null, lineExtensionMinor: null, taxExclusiveMinor: null, taxInclusiveMinor: null, payableMinor: null, receivedAt: new Date('2025-08-01T12:00:00Z') }) as unknown as ReceivedDocumentRecord);
  const withReceipt = new Set(['cufe299', 'cufe599', 'cufe899', 'cufe1199']);
  const deps = {
    config: DEFAULT_RECEPTION_CONFIG,
    app: { clock: { now: () => new Date('2025-08-01T17:00:00Z') } },
    store: {
      listReceived: async (_org: string, f: ReceivedFilter) => rows.slice(f.offset, f.offset + f.limit),
      listEventsByInvoices: async (_org: string, cufes: string[]) => cufes.filter((c) => withReceipt.has(c)).flatMap((c) => chain.map((e) => ({ ...e, invoiceCufe: c }))),
    },
  } as unknown as ReceptionDeps;

  it('pages over the matching documents, however far apart they are', async () => {
    const ids = async (offset: number, limit: number) => (await listReceived(deps, 'org', { deadline: 'open', offset, limit })).map((v) => v.id);
    expect(await ids(0, 2)).toEqual(['r299', 'r599']);
    expect(await ids(2, 2)).toEqual(['r899', 'r1199']);
    expect(await ids(4, 2)).toEqual([]);
    expect(await ids(1, 10)).toEqual(['r599', 'r899', 'r1199']);
    expect((await listReceived(deps, 'org', { offset: 0, limit: 3 })).map((v) => v.id)).toEqual(['r0', 'r1', 'r2']);
  });
});
