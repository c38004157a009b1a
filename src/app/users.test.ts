import { describe, expect, it } from 'vitest';
import { hashPassword, roleAllows, verifyPassword } from './users.js';

describe('passwords (scrypt, salted, constant-time check)', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const a = await hashPassword('clave-muy-segura-1');
    const b = await hashPassword('clave-muy-segura-1');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('clave-muy-segura-1');
    expect(await verifyPassword('clave-muy-segura-1', a)).toBe(true);
    expect(await verifyPassword('clave-muy-segura-1', b)).toBe(true);
    expect(await verifyPassword('clave-muy-segura-2', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('refuses malformed or foreign hashes instead of throwing', async () => {
    for (const h of ['', 'plain', 'bcrypt$10$abc', 'scrypt$32768$8$1$c2FsdA==$', 'scrypt$32768$8$1$c2FsdA==$YQ==']) expect(await verifyPassword('x', h)).toBe(false);
  });
});

describe('roles through the API', () => {
  it('lets admin do everything', () => {
    for (const [m, p] of [['POST', '/v1/certificates'], ['POST', '/v1/habilitacion'], ['PATCH', '/v1/organization'], ['PUT', '/v1/organization/data'], ['POST', '/v1/users'], ['GET', '/v1/users']] as const) expect(roleAllows('admin', m, p)).toBe(true);
  });
  it('lets facturador issue documents and manage the catalog, nothing else', () => {
    for (const [m, p] of [['POST', '/v1/documents'], ['POST', '/v1/documents/x/credit-notes'], ['POST', '/v1/documents/x/send-email'], ['PUT', '/v1/customers/x'], ['POST', '/v1/items'], ['DELETE', '/v1/payment-methods/x'], ['GET', '/v1/organization'], ['POST', '/v1/users/me/password'], ['POST', '/v1/received-documents/x/events']] as const) expect(roleAllows('facturador', m, p), `${m} ${p}`).toBe(true);
    for (const [m, p] of [['POST', '/v1/certificates'], ['POST', '/v1/habilitacion'], ['PATCH', '/v1/organization'], ['POST', '/v1/numbering-ranges'], ['POST', '/v1/numbering-ranges/sync'], ['GET', '/v1/users'], ['POST', '/v1/organization/einvoicing'], ['POST', '/v1/documentsx'], ['PUT', '/v1/reception/settings']] as const) expect(roleAllows('facturador', m, p), `${m} ${p}`).toBe(false);
  });
  it('lets consulta only read (and change its own password)', () => {
    for (const p of ['/v1/documents', '/v1/customers', '/v1/dashboard', '/v1/organization']) expect(roleAllows('consulta', 'GET', p)).toBe(true);
    for (const [m, p] of [['POST', '/v1/documents'], ['PUT', '/v1/customers/x'], ['POST', '/v1/items'], ['GET', '/v1/users']] as const) expect(roleAllows('consulta', m, p), `${m} ${p}`).toBe(false);
    expect(roleAllows('consulta', 'POST', '/v1/users/me/password')).toBe(true);
  });
});
