/**
 * Input contract errors: every problem comes back as an issue with the exact JSON field path
 * and a Spanish message; nothing is thrown.
 */
import { describe, expect, it } from 'vitest';
import { loadExample } from '../../../test/support/fixtures.js';
import { formatPath, parseDocumentInput, parseDocumentJson, type InputIssue } from './parse.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Issues of a mutated copy of examples/invoice.json (fails when it parses). */
function issuesOf(mutate: (j: Json) => void, example = 'invoice'): InputIssue[] {
  const j = loadExample(example) as Json;
  mutate(j);
  const r = parseDocumentInput(j);
  expect(r.ok, 'the mutated input should not parse').toBe(false);
  return r.ok ? [] : r.issues;
}

/** Words that would betray an untranslated (English) zod message. */
const ENGLISH = /\b(invalid|expected|received|required|must|string|number)\b/i;

function expectSpanish(issues: InputIssue[]): void {
  for (const i of issues) {
    expect(i.message, i.path).not.toMatch(ENGLISH);
    expect(i.message.length).toBeGreaterThan(5);
  }
}

describe('every example parses', () => {
  it.each(['invoice', 'invoice-export', 'invoice-final-consumer', 'invoice-contingency', 'credit-note', 'debit-note'])('%s', (name) => {
    const r = parseDocumentInput(loadExample(name));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });
});

describe('malformed JSON text', () => {
  it.each(['{"kind": ', '', 'not json', '{"a":1,}', "{'kind':'invoice'}"])('%j is an issue at (documento), not an exception', (text) => {
    const r = parseDocumentJson(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.path).toBe('(documento)');
    expect(r.issues[0]!.message).toMatch(/^JSON inválido: /);
  });

  it('valid JSON text of a valid document parses', () => {
    const r = parseDocumentJson(JSON.stringify(loadExample('invoice')));
    expect(r.ok).toBe(true);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'factura'],
    ['a number', 42],
  ])('a top-level %s is an issue at (documento)', (_label, value) => {
    const r = parseDocumentInput(value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['(documento)']);
    expectSpanish(r.issues);
  });
});

describe('wrong types and formats, with the exact field path', () => {
  const cases: Array<[string, (j: Json) => void, string, RegExp]> = [
    ['tax percent not a number', (j) => (j.lines[1].taxes[0].percent = 'abc'), 'lines[1].taxes[0].percent', /número decimal no negativo/],
    ['negative tax percent', (j) => (j.lines[1].taxes[0].percent = -19), 'lines[1].taxes[0].percent', /número decimal no negativo/],
    ['decimal comma', (j) => (j.lines[0].unitPrice = '4200,00'), 'lines[0].unitPrice', /punto decimal/],
    ['thousands separators', (j) => (j.lines[0].unitPrice = '4.200.000'), 'lines[0].unitPrice', /número decimal/],
    ['quantity of the wrong type', (j) => (j.lines[0].quantity = true), 'lines[0].quantity', /inválid/i],
    ['empty supplier name', (j) => (j.supplier.name = '   '), 'supplier.name', /No puede estar vacío/],
    ['issue time without -05:00', (j) => (j.issueTime = '10:15:00'), 'issueTime', /HH:MM:SS-05:00/],
    ['issue time in UTC', (j) => (j.issueTime = '15:15:00Z'), 'issueTime', /hora de Colombia/],
    ['date in another format', (j) => (j.issueDate = '27/11/2026'), 'issueDate', /AAAA-MM-DD/],
    ['e-mail', (j) => (j.customer.email = 'no-es-correo'), 'customer.email', /Correo electrónico inválido/],
    ['environment 3', (j) => (j.environment = '3'), 'environment', /"1" producción o "2" habilitación/],
    ['number with a separator', (j) => (j.number = 'SETP-990000001'), 'number', /sin separadores/],
    ['NIT with dots', (j) => (j.supplier.id = '900.108.281'), 'supplier.id', /sin puntos ni dígito de verificación/],
    ['two-digit DV', (j) => (j.customer.dv = '12'), 'customer.dv', /un dígito/],
    ['withholding code that is a tax', (j) => (j.lines[2].withholdings = [{ code: '01', percent: '1' }]), 'lines[2].withholdings[0].code', /ReteIVA/],
    ['payment form 3', (j) => (j.payment.form = '3'), 'payment.form', /"1" contado o "2" crédito/],
    ['person type as a number', (j) => (j.supplier.personType = 1), 'supplier.personType', /jurídica/],
    ['municipality code of 4 digits', (j) => (j.customer.address.municipalityCode = '7600'), 'customer.address.municipalityCode', /5 dígitos/],
    ['CUFE reference that is not 96 hex', (j) => (j.billingReference.cufe = 'abc'), 'billingReference.cufe', /96 caracteres/],
  ];
  it.each(cases)('%s', (_label, mutate, path, message) => {
    const issues = issuesOf(mutate, path.startsWith('billingReference') ? 'credit-note' : 'invoice');
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]!.message).toMatch(message);
    expectSpanish(issues);
  });

  it('a tax with both percent and perUnitAmount points at the tax', () => {
    const issues = issuesOf((j) => (j.lines[0].taxes[0] = { code: '01', percent: '19', perUnitAmount: '1' }));
    expect(issues).toEqual([{ path: 'lines[0].taxes[0]', message: expect.stringMatching(/no ambos/) }]);
  });

  it('a discount with neither percent nor amount points at the discount', () => {
    const issues = issuesOf((j) => (j.lines[1].allowanceCharges = [{ charge: false, reason: 'x' }]));
    expect(issues.map((i) => i.path)).toEqual(['lines[1].allowanceCharges[0]']);
    expect(issues[0]!.message).toMatch(/"percent" o "amount"/);
  });

  it('reports every problem at once, each with its own path', () => {
    const issues = issuesOf((j) => {
      j.lines[0].quantity = 'x';
      j.lines[3].taxes[0].percent = '1,9';
      j.customer.email = 'x';
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['customer.email', 'lines[0].quantity', 'lines[3].taxes[0].percent']);
    expectSpanish(issues);
  });
});

describe('missing fields', () => {
  it.each([
    ['supplier name', (j: Json) => delete j.supplier.name, 'supplier.name'],
    ['customer', (j: Json) => delete j.customer, 'customer'],
    ['software', (j: Json) => delete j.software, 'software'],
    ['issue date', (j: Json) => delete j.issueDate, 'issueDate'],
    ['line quantity', (j: Json) => delete j.lines[4].quantity, 'lines[4].quantity'],
    ['address line', (j: Json) => delete j.customer.address.line, 'customer.address.line'],
  ])('%s', (_label, mutate, path) => {
    const issues = issuesOf(mutate);
    expect(issues.map((i) => i.path)).toEqual([path]);
    expectSpanish(issues);
  });

  it('no lines at all', () => {
    const issues = issuesOf((j) => (j.lines = []));
    expect(issues).toEqual([{ path: 'lines', message: 'El documento debe tener al menos una línea' }]);
  });

  it('an unknown document kind is reported on kind', () => {
    const issues = issuesOf((j) => (j.kind = 'receipt'));
    expect(issues.map((i) => i.path)).toEqual(['kind']);
    expectSpanish(issues);
  });

  it('a credit note without discrepancy', () => {
    const issues = issuesOf((j) => delete j.discrepancy, 'credit-note');
    expect(issues.map((i) => i.path)).toEqual(['discrepancy']);
  });
});

describe('normalization', () => {
  it('JSON numbers become exact decimal strings (including exponent forms)', () => {
    const j = loadExample('invoice') as Json;
    j.lines[0].quantity = 24;
    j.lines[0].unitPrice = 4200.5;
    j.lines[1].taxes[0].percent = 1.9e-7;
    const r = parseDocumentInput(j);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lines[0]!.quantity).toBe('24');
    expect(r.value.lines[0]!.unitPrice).toBe('4200.5');
    expect(r.value.lines[1]!.taxes[0]!.percent).toBe('0.00000019');
  });

  it('applies defaults (unit 94, COP, no discounts, R-99-PN)', () => {
    const j = loadExample('invoice') as Json;
    delete j.lines[1].unitCode;
    delete j.currency;
    delete j.customer.responsibilities;
    const r = parseDocumentInput(j);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lines[1]!.unitCode).toBe('94');
    expect(r.value.currency).toBe('COP');
    expect(r.value.customer.responsibilities).toEqual(['R-99-PN']);
    expect(r.value.lines[0]!.allowanceCharges).toEqual([]);
  });

  it('trims decimal strings', () => {
    const j = loadExample('invoice') as Json;
    j.lines[0].quantity = ' 24 ';
    const r = parseDocumentInput(j);
    expect(r.ok && r.value.lines[0]!.quantity).toBe('24');
  });

  it('parsing is idempotent (the CLI re-parses normalized input)', () => {
    const first = parseDocumentInput(loadExample('invoice'));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const second = parseDocumentInput(JSON.parse(JSON.stringify(first.value)));
    expect(second.ok && second.value).toEqual(first.value);
  });
});

describe('formatPath', () => {
  it.each([
    [['lines', 1, 'taxes', 0, 'percent'], 'lines[1].taxes[0].percent'],
    [['supplier', 'address', 'line'], 'supplier.address.line'],
    [[], '(documento)'],
    [[0], '[0]'],
  ] as Array<[PropertyKey[], string]>)('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
