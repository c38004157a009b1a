import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeNitDv } from '../core/identity/index.js';
import { customerBody, itemBody } from './catalog-pages.js';
import { formatDecimal, formatNit, parseDateInput, parseDecimalInput } from './format.js';
import { webRoleFor } from './kit.js';
import { noteLines } from './note-pages.js';
import { organizationBody } from './organization-pages.js';
import { formScript } from './pickers.js';

describe('roles of web pages and form posts', () => {
  it('opens reading to everyone, catalog and documents to facturador, the rest to admin', () => {
    expect(webRoleFor('GET', '/app')).toBe('consulta');
    expect(webRoleFor('GET', '/app/documentos/x')).toBe('consulta');
    expect(webRoleFor('GET', '/app/configuracion')).toBe('consulta');
    expect(webRoleFor('GET', '/app/api/documents/x/pdf')).toBe('consulta');
    expect(webRoleFor('POST', '/app/salir')).toBe('consulta');
    expect(webRoleFor('POST', '/app/cuenta')).toBe('consulta');
    for (const p of ['/app/clientes/nuevo', '/app/productos/abc/editar', '/app/documentos/abc/nota-credito', '/app/documentos/abc/nota-debito', '/app/facturas/nueva']) expect(webRoleFor('GET', p), p).toBe('facturador');
    for (const p of ['/app/clientes/nuevo', '/app/medios-de-pago', '/app/medios-de-pago/x/eliminar', '/app/documentos/abc/nota-credito', '/app/facturas/nueva', '/app/api/documents/preview']) expect(webRoleFor('POST', p), p).toBe('facturador');
    for (const p of ['/app/configuracion/habilitacion', '/app/configuracion/certificado', '/app/numeracion', '/app/organizacion', '/app/usuarios', '/app/otra-cosa']) expect(webRoleFor('POST', p), p).toBe('admin');
    expect(webRoleFor('GET', '/app/usuarios')).toBe('admin');
    expect(webRoleFor('GET', '/app/organizacion')).toBe('admin');
  });
});

describe('Colombian number input and output', () => {
  it('reads amounts as people type them', () => {
    expect(parseDecimalInput('12.500')).toBe('12500');
    expect(parseDecimalInput('12.500,75')).toBe('12500.75');
    expect(parseDecimalInput('$ 1.234.567,5')).toBe('1234567.5');
    expect(parseDecimalInput('19,5')).toBe('19.5');
    expect(parseDecimalInput('1234.5')).toBe('1234.5');
    expect(parseDecimalInput(' 100 ')).toBe('100');
    expect(parseDecimalInput('doce')).toBe('doce');
  });
  it('round-trips through formatDecimal', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), (int, cents) => {
      const plain = `${int}.${String(cents).padStart(2, '0')}`;
      return parseDecimalInput(formatDecimal(plain)) === plain;
    }));
    expect(formatDecimal('12500.5')).toBe('12.500,5');
    expect(formatDecimal('19')).toBe('19');
  });
  it('reads dates typed dd/mm/aaaa (or AAAA-MM-DD) and refuses impossible ones', () => {
    expect(parseDateInput('28/11/2026')).toBe('2026-11-28');
    expect(parseDateInput('1/2/2026')).toBe('2026-02-01');
    expect(parseDateInput('2026-11-28')).toBe('2026-11-28');
    expect(parseDateInput('31/02/2026')).toBeUndefined();
    expect(parseDateInput('11/28/2026')).toBeUndefined();
    expect(parseDateInput('')).toBeUndefined();
    expect(parseDateInput(undefined)).toBeUndefined();
  });
  it('writes a NIT with dots and DV', () => {
    expect(formatNit('900108281', '3')).toBe('900.108.281-3');
    expect(formatNit('1020304050')).toBe('1.020.304.050');
  });
});

describe('the NIT check digit as you type (browser script)', () => {
  it('computes the same DV as the core for any NIT', async () => {
    const src = String(await formScript());
    const body = /var W=\[[^\]]+\];\s*function dv\(n\)\{.*?return String\(r<=1\?r:11-r\);\}/s.exec(src)![0];
    const dv = new Function('n', `${body}; return dv(n);`) as (n: string) => string | null;
    expect(dv('800197268')).toBe('4');
    expect(dv('900108281')).toBe('3');
    expect(dv('80019726X')).toBeNull();
    expect(dv('')).toBeNull();
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,15}$/), (nit) => dv(nit) === computeNitDv(nit)));
  });
});

describe('form bodies for the API', () => {
  it('builds the organization body from the form, leaving out empty optional fields', () => {
    expect(organizationBody({ nit: '900108281', dv: '3', legalName: 'A S.A.S.', commercialName: '', personType: '1', regime: '', responsibilities: ['O-13', 'O-15'], taxScheme: '01', municipalityCode: '11001', addressLine: 'Calle 1', postalCode: '', ciiu0: '4711', ciiu1: '', ciiu2: '6201', ciiu3: '', email: '', phone: '' })).toEqual({
      nit: '900108281', dv: '3', legalName: 'A S.A.S.', personType: '1', responsibilities: ['O-13', 'O-15'], taxScheme: '01', address: { countryCode: 'CO', line: 'Calle 1', municipalityCode: '11001' }, industryCodes: ['4711', '6201'],
    });
  });
  it('builds a customer: DV only for NIT, reception e-mails split, R-99-PN when no responsibility', () => {
    const b = customerBody({ personType: '2', idType: '13', id: '1.020.304.050', dv: '9', name: 'Laura', countryCode: 'CO', municipalityCode: '05001', addressLine: 'Cra 1', receptionEmails: 'a@x.co, b@x.co\nc@x.co', firstName: 'Laura', familyName: 'Gómez' });
    expect(b.party).toMatchObject({ idType: '13', id: '1020304050', responsibilities: ['R-99-PN'], address: { countryCode: 'CO', line: 'Cra 1', municipalityCode: '05001' }, person: { firstName: 'Laura', familyName: 'Gómez' } });
    expect(b.party).not.toHaveProperty('dv');
    expect(b.receptionEmails).toEqual(['a@x.co', 'b@x.co', 'c@x.co']);
    const foreign = customerBody({ personType: '1', idType: '50', id: 'US-123', name: 'Acme', countryCode: 'US', municipalityCode: '05001', cityName: 'Miami', addressLine: '1 Main St' });
    expect(foreign.party.address).toEqual({ countryCode: 'US', line: '1 Main St', cityName: 'Miami' });
  });
  it('builds an item: percent or per-unit taxes by DIAN tax type, Colombian prices', () => {
    expect(itemBody({ code: 'B1', description: 'Bolsa', unitCode: '94', unitPrice: '1.000,50', tax0Code: '01', tax0Value: '19', tax1Code: '22', tax1Value: '66', tax2Code: '', ret0Code: '06', ret0Value: '2,5', standardScheme: '010', standardId: '7701234567890' })).toEqual({
      code: 'B1', description: 'Bolsa', unitCode: '94', unitPrice: '1000.50', standardItemId: { id: '7701234567890', scheme: '010' },
      taxes: [{ code: '01', percent: '19' }, { code: '22', perUnitAmount: '66' }], withholdings: [{ code: '06', percent: '2.5' }],
    });
  });
  it('builds note lines from the invoice lines kept, with the edits, and an extra line', () => {
    const inv = [
      { description: 'A', quantity: '2', unitPrice: '100', taxes: [{ code: '01', percent: '19' }], withholdings: [{ code: '06', percent: '4' }] },
      { description: 'B', quantity: '1', unitPrice: '50' },
    ];
    expect(noteLines({ l0Include: '1', l0Quantity: '1', l0UnitPrice: '100', l1UnitPrice: '50', extraDescription: 'Intereses', extraUnitPrice: '2.500', extraTaxCode: '01', extraTaxValue: '19' }, inv)).toEqual([
      { description: 'A', quantity: '1', unitPrice: '100', taxes: [{ code: '01', percent: '19' }] },
      { description: 'Intereses', quantity: '1', unitPrice: '2500', taxes: [{ code: '01', percent: '19' }] },
    ]);
    expect(noteLines({}, inv)).toEqual([]);
  });
});
