import { describe, expect, it } from 'vitest';
import { acceptanceDeadline, checkEventOrder, checkEventParties } from './event-order.js';

const ids = (code: string, prior: string[], timing?: Parameters<typeof checkEventOrder>[2]) =>
  checkEventOrder(code, prior.map((c) => ({ code: c, at: new Date('2025-08-01T15:00:00Z') })), timing).map((i) => i.ruleId);

describe('event order (DIAN rules LGC*/DC24*)', () => {
  it('allows the normal chains', () => {
    expect(ids('030', [])).toEqual([]);
    expect(ids('032', ['030'])).toEqual([]);
    expect(ids('033', ['030', '032'])).toEqual([]);
    expect(ids('031', ['030', '032'])).toEqual([]);
    expect(ids('034', ['030', '032'])).toEqual([]);
  });
  it('rejects out-of-order and repeated events with DIAN rule IDs', () => {
    expect(ids('030', ['030'])).toEqual(['LGC01']);
    expect(ids('032', [])).toEqual(['LGC09']);
    expect(ids('031', ['030'])).toEqual(['LGC03']);
    expect(ids('033', [])).toEqual(['LGC13', 'LGC12']);
    expect(ids('033', ['030'])).toEqual(['LGC12']);
    expect(ids('031', ['030', '032', '033'])).toEqual(['LGC02']);
    expect(ids('034', ['030'])).toEqual(['LGC14']);
    expect(ids('034', ['030', '032', '033'])).toEqual(['LGC05']);
    expect(ids('033', ['030', '032', '031'])).toEqual(['LGC04']);
    expect(ids('033', ['030', '032', '034'])).toEqual(['LGC07']);
  });
  it('applies the acceptance window of 3 business days after 032', () => {
    const deadline = acceptanceDeadline(new Date('2025-08-01T15:00:00Z'), 3);
    expect(deadline.toISOString()).toBe('2025-08-07T04:59:59.999Z'); // 2025-08-06 23:59:59.999 -05:00
    const inside = { at: new Date('2025-08-06T20:00:00Z'), businessDaysLimit: 3 };
    const after = { at: new Date('2025-08-07T05:00:00Z'), businessDaysLimit: 3 };
    expect(ids('033', ['030', '032'], inside)).toEqual([]);
    expect(ids('033', ['030', '032'], after)).toEqual(['DC24c']);
    expect(ids('031', ['030', '032'], after)).toEqual(['DC24z']);
    expect(ids('034', ['030', '032'], inside)).toEqual(['DC24e']);
    expect(ids('034', ['030', '032'], after)).toEqual([]);
    expect(ids('030', [], { at: new Date('2025-07-01T00:00:00Z'), invoiceAt: new Date('2025-07-02T00:00:00Z'), businessDaysLimit: 3 })).toEqual(['DC24a']);
  });

  it('checks who sends and who receives (AAF01/AAG01)', () => {
    const invoice = { issuerNit: '900108281', buyerNit: '800199436' };
    expect(checkEventParties('030', { senderNit: '800199436', receiverNit: '900108281' }, invoice)).toEqual([]);
    expect(checkEventParties('034', { senderNit: '900108281', receiverNit: '800199436' }, invoice)).toEqual([]);
    expect(checkEventParties('033', { senderNit: '900108281', receiverNit: '800199436' }, invoice).map((i) => i.ruleId)).toEqual(['AAF01', 'AAG01']);
    expect(checkEventParties('034', { senderNit: '800199436', receiverNit: '900108281' }, invoice).map((i) => i.ruleId)).toEqual(['AAF01', 'AAG01']);
  });
});
