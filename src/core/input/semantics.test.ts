/**
 * Code-list and cross-field checks of the input: unknown codes and wrong check digits are
 * reported on the JSON field the person typed, with the DIAN rule that would reject the XML.
 */
import { describe, expect, it } from 'vitest';
import { loadExample } from '../../../test/support/fixtures.js';
import { parseDocumentInput, type InputIssue } from './parse.js';
import { checkInputSemantics } from './semantics.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function semanticIssues(mutate: (j: Json) => void, example = 'invoice'): InputIssue[] {
  const j = loadExample(example) as Json;
  mutate(j);
  const r = parseDocumentInput(j);
  if (!r.ok) throw new Error(`mutated input does not parse: ${JSON.stringify(r.issues)}`);
  return checkInputSemantics(r.value);
}

describe('the examples have no semantic issue', () => {
  it.each(['invoice', 'invoice-export', 'invoice-final-consumer', 'invoice-contingency', 'credit-note', 'debit-note'])('%s', (name) => {
    expect(semanticIssues(() => {}, name)).toEqual([]);
  });
});

describe('unknown codes and wrong check digits', () => {
  const cases: Array<[string, (j: Json) => void, string, string | undefined, RegExp]> = [
    ['supplier DV (FAJ24)', (j) => (j.supplier.dv = '0'), 'supplier.dv', 'FAJ24', /dígito de verificación 0 no corresponde al NIT 900108281/],
    ['customer DV (FAK24)', (j) => (j.customer.dv = '5'), 'customer.dv', 'FAK24', /no corresponde al NIT 800199436/],
    ['municipality', (j) => (j.customer.address.municipalityCode = '99999'), 'customer.address.municipalityCode', undefined, /municipio desconocido: 99999/],
    ['Colombian address without municipality', (j) => delete j.supplier.address.municipalityCode, 'supplier.address.municipalityCode', undefined, /código DANE/],
    ['country', (j) => (j.customer.address = { line: 'Main St 1', countryCode: 'QQ' }), 'customer.address.countryCode', undefined, /país desconocido: QQ/],
    ['unit of measure (FAV05)', (j) => (j.lines[2].unitCode = 'XYZ'), 'lines[2].unitCode', 'FAV05', /Unidad de medida desconocida: XYZ/],
    ['tax code (FAX16)', (j) => (j.lines[1].taxes[0].code = '99'), 'lines[1].taxes[0].code', 'FAX16', /tributo desconocido/],
    ['withholding code given as a tax (FAX16)', (j) => (j.lines[1].taxes[0].code = '06'), 'lines[1].taxes[0].code', 'FAX16', /retención/],
    ['per-unit tax given a percent (FAX09)', (j) => (j.lines[2].taxes[0] = { code: '22', percent: '5' }), 'lines[2].taxes[0]', 'FAX09', /por unidad: indique perUnitAmount/],
    ['percent tax given a per-unit value (FAX07)', (j) => (j.lines[0].taxes[0] = { code: '01', perUnitAmount: '5' }), 'lines[0].taxes[0]', 'FAX07', /porcentual: indique percent/],
    ['tax repeated on a line (FAX01)', (j) => j.lines[1].taxes.push({ code: '01', percent: '5' }), 'lines[1].taxes[1].code', 'FAX01', /repetido/],
    ['payment means (FAN03)', (j) => (j.payment.means = 'QQ'), 'payment.means', 'FAN03', /Medio de pago desconocido: QQ/],
    ['credit sale without due date (FAN04)', (j) => {
      delete j.payment.dueDate;
      delete j.dueDate;
    }, 'payment.dueDate', 'FAN04', /crédito/],
    ['foreign currency without exchange rate (FAR01)', (j) => (j.currency = 'USD'), 'exchangeRate', 'FAR01', /tasa de cambio/],
    ['invoice without numbering range (FAB05a)', (j) => delete j.numberingRange, 'numberingRange', 'FAB05a', /rango de numeración/],
    ['NIT with letters', (j) => (j.customer.id = '80019943A'), 'customer.id', undefined, /solo dígitos/],
  ];
  it.each(cases)('%s', (_label, mutate, path, ruleId, message) => {
    const issues = semanticIssues(mutate);
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]!.ruleId).toBe(ruleId);
    expect(issues[0]!.message).toMatch(message);
  });

  it('the right DV passes and an omitted DV is computed, not reported', () => {
    expect(semanticIssues((j) => (j.supplier.dv = '3'))).toEqual([]); // 900108281 → 3
    expect(semanticIssues((j) => delete j.customer.dv)).toEqual([]);
  });

  it('DV is only checked for NIT (idType 31)', () => {
    expect(semanticIssues((j) => {
      j.customer.idType = '13';
      j.customer.id = '1018464851';
      j.customer.dv = '0';
    })).toEqual([]);
  });

  it('foreign addresses need no DANE code', () => {
    expect(semanticIssues((j) => (j.customer.address = { line: '100 Biscayne Blvd', cityName: 'Miami', countryCode: 'US' }))).toEqual([]);
  });

  it('several problems are all reported', () => {
    const issues = semanticIssues((j) => {
      j.supplier.dv = '0';
      j.lines[0].unitCode = 'XYZ';
      j.lines[3].taxes[0].code = '99';
    });
    expect(issues.map((i) => [i.path, i.ruleId])).toEqual([
      ['supplier.dv', 'FAJ24'],
      ['lines[0].unitCode', 'FAV05'],
      ['lines[3].taxes[0].code', 'FAX16'],
    ]);
  });
});

describe('notes', () => {
  it('credit note 20 without billingReference (CBG02)', () => {
    const issues = semanticIssues((j) => delete j.billingReference, 'credit-note');
    expect(issues.map((i) => [i.path, i.ruleId])).toEqual([['billingReference', 'CBG02']]);
  });

  it('a note without reference (22) needs invoicePeriod', () => {
    const issues = semanticIssues((j) => {
      j.operationType = '22';
      delete j.billingReference;
      delete j.invoicePeriod;
    }, 'credit-note');
    expect(issues.map((i) => i.path)).toEqual(['invoicePeriod']);
    expect(issues[0]!.message).toMatch(/sin referencia/);
  });

  it('notes carry no withholdings', () => {
    const issues = semanticIssues((j) => (j.lines[0].withholdings = [{ code: '06', percent: '2.5' }]), 'credit-note');
    expect(issues.map((i) => i.path)).toEqual(['lines[0].withholdings']);
    expect(issues[0]!.message).toMatch(/no llevan retenciones/);
  });

  it('debit note 30 without billingReference is reported as DBG02', () => {
    const issues = semanticIssues((j) => delete j.billingReference, 'debit-note');
    expect(issues.map((i) => [i.path, i.ruleId])).toEqual([['billingReference', 'DBG02']]);
  });
});

describe('rule IDs match DIAN’s table', () => {
  it('unknown currency is FAD15a', () => {
    const issues = semanticIssues((j) => {
      j.currency = 'QQQ';
      j.exchangeRate = { rate: '1', date: '2026-11-27' };
    });
    expect(issues.map((i) => [i.path, i.ruleId])).toEqual([['currency', 'FAD15a']]);
  });

  it('unknown supplier idType is FAJ25, not FAJ26', () => {
    const issues = semanticIssues((j) => (j.supplier.idType = '99'));
    expect(issues.map((i) => [i.path, i.ruleId])).toEqual([['supplier.idType', 'FAJ25']]);
  });

  it('unknown idType is reported on the field (whatever its rule ID)', () => {
    const issues = semanticIssues((j) => (j.customer.idType = '99'));
    expect(issues.map((i) => i.path)).toEqual(['customer.idType']);
    expect(issues[0]!.message).toMatch(/Tipo de documento de identificación desconocido: 99/);
  });
});
