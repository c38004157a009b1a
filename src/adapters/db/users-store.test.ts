import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRecord } from '../../app/ports.js';
import type { OpenDatabase } from './database.js';
import { createStore } from './store.js';
import { DATABASE_TARGETS } from './test-support.js';
import { createUserStore } from './users-store.js';

for (const target of DATABASE_TARGETS) {
  describe(`users store on ${target.name}`, () => {
    let db: OpenDatabase;
    const org = randomUUID();
    const other = randomUUID();
    const at = new Date('2026-11-28T10:00:00Z');
    const user = (over: Partial<UserRecord> = {}): UserRecord => ({ id: randomUUID(), organizationId: org, email: 'ana@example.co', name: 'Ana', role: 'admin', passwordHash: 'scrypt$x', active: true, createdAt: at, updatedAt: at, lastLoginAt: null, ...over });

    beforeAll(async () => {
      db = await target.open();
      const store = createStore(db);
      for (const [id, nit] of [[org, '900108281'], [other, '800199436']] as const) {
        await store.createOrganization({ id, nit, dv: '0', legalName: 'X', commercialName: null, personType: '1', regime: null, responsibilities: ['O-13'], taxScheme: '01', address: { line: 'Calle 1', countryCode: 'CO' }, industryCodes: [], commercialRegistration: null, email: null, phone: null, environment: '2', softwareId: null, softwarePinEnc: null, softwareProviderNit: null, testSetId: null, habilitacionState: 'not_started', einvoicingEnabled: false, createdAt: at, updatedAt: at });
      }
    });
    afterAll(async () => db?.close());

    it('creates, finds, lists and updates users inside their organization only', async () => {
      const s = createUserStore(db);
      const ana = (await s.createUser(user()))!;
      expect(ana).toMatchObject({ email: 'ana@example.co', role: 'admin', active: true, lastLoginAt: null });
      expect(ana.createdAt).toBeInstanceOf(Date);
      expect(await s.createUser(user())).toBeUndefined(); // same e-mail, same organization
      const elsewhere = (await s.createUser(user({ organizationId: other })))!;
      expect(elsewhere.id).not.toBe(ana.id); // the same person may be a user of another organization
      await s.createUser(user({ email: 'bruno@example.co', name: 'Bruno', role: 'consulta' }));
      expect((await s.listUsers(org)).map((u) => u.email)).toEqual(['ana@example.co', 'bruno@example.co']);
      expect((await s.findUserByEmail(org, 'ana@example.co'))?.id).toBe(ana.id);
      expect(await s.getUser(other, ana.id)).toBeUndefined();
      expect(await s.getUser(org, 'no-es-uuid')).toBeUndefined();
      expect(await s.countActiveAdmins(org)).toBe(1);
      const later = new Date('2026-11-28T11:00:00Z');
      const changed = await s.updateUser(org, ana.id, { role: 'facturador', active: false, lastLoginAt: later }, later);
      expect(changed).toMatchObject({ role: 'facturador', active: false, name: 'Ana', passwordHash: 'scrypt$x' });
      expect(changed!.lastLoginAt!.toISOString()).toBe(later.toISOString());
      expect(await s.countActiveAdmins(org)).toBe(0);
      expect(await s.updateUser(other, ana.id, { role: 'admin' }, later)).toBeUndefined();
    });
  });
}
