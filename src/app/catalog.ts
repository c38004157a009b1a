import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { identificationType, municipality, paymentMeans, taxResponsibility, taxType, unitOfMeasure } from '../core/codelists/index.js';
import { isValidNitDv } from '../core/identity/index.js';
import { decimalString, lineTaxSchema, partySchema, withholdingSchema } from '../core/input/schema.js';
import type { AppDeps } from './context.js';
import { AppError, notFound, type FieldIssue } from './errors.js';
import type { CustomerRecord, ItemRecord, PaymentMethodRecord } from './records.js';

/** NIT of the generic "consumidor final" buyer. */
export const FINAL_CONSUMER_ID = '222222222222';

/** A payment method: forma + medio from DIAN's lists. */
export const paymentMethodInputSchema = z.object({
  name: z.string().trim().min(1, 'No puede estar vacío').max(100),
  form: z.enum(['1', '2'], { message: 'Forma de pago: "1" contado o "2" crédito' }),
  means: z.string().min(1).max(3),
  dueDays: z.number().int().min(0).max(3650).optional(),
});

/** A customer (adquiriente): every DIAN party field plus reception e-mails. */
export const customerInputSchema = z.object({
  party: partySchema,
  receptionEmails: z.array(z.email('Correo electrónico inválido')).max(10).default([]),
  finalConsumer: z.boolean().default(false),
});

/** A catalog item. */
export const itemInputSchema = z.object({
  code: z.string().trim().min(1, 'No puede estar vacío').max(100),
  description: z.string().trim().min(1, 'No puede estar vacío').max(1000),
  standardItemId: z.object({ id: z.string().min(1).max(100), scheme: z.enum(['001', '010', '020', '999']).default('999') }).optional(),
  unitCode: z.string().min(1).max(5).default('94'),
  unitPrice: decimalString,
  taxes: z.array(lineTaxSchema).default([]),
  withholdings: z.array(withholdingSchema).default([]),
});

function fail(issues: FieldIssue[], what: string): void {
  if (issues.length > 0) throw new AppError('invalid_data', `${what}: datos inválidos`, { issues });
}

/** Creates a payment method after checking the medio against DIAN's list 13.3.4.2. */
export async function createPaymentMethod(deps: AppDeps, organizationId: string, input: z.output<typeof paymentMethodInputSchema>): Promise<PaymentMethodRecord> {
  fail(paymentMeans(input.means) ? [] : [{ path: 'means', message: `Medio de pago desconocido: ${input.means}` }], 'Medio de pago');
  if (input.form === '2' && input.dueDays === undefined) fail([{ path: 'dueDays', message: 'Un medio de pago a crédito requiere días de plazo' }], 'Medio de pago');
  return deps.store.createPaymentMethod({ id: randomUUID(), organizationId, name: input.name, form: input.form, means: input.means, dueDays: input.dueDays ?? null, createdAt: deps.clock.now() });
}

/** Checks a party's codes against DIAN's lists (paths relative to the customer body). */
export function checkParty(party: z.output<typeof partySchema>, base = 'party'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!identificationType(party.idType)) issues.push({ path: `${base}.idType`, message: `Tipo de identificación desconocido: ${party.idType}` });
  if (party.idType === '31' && party.dv !== undefined && !isValidNitDv(party.id, party.dv)) issues.push({ path: `${base}.dv`, message: `El dígito de verificación ${party.dv} no corresponde al NIT ${party.id}` });
  party.responsibilities.forEach((r, i) => {
    if (!taxResponsibility(r)) issues.push({ path: `${base}.responsibilities[${i}]`, message: `Responsabilidad fiscal desconocida: ${r}` });
  });
  const a = party.address;
  if (a?.countryCode === 'CO' && a.municipalityCode && !municipality(a.municipalityCode)) issues.push({ path: `${base}.address.municipalityCode`, message: `Código DANE de municipio desconocido: ${a.municipalityCode}` });
  return issues;
}

/** Creates a customer; "consumidor final" gets DIAN's generic identification. */
export async function createCustomer(deps: AppDeps, organizationId: string, input: z.output<typeof customerInputSchema>): Promise<CustomerRecord> {
  fail(checkParty(input.party), 'Cliente');
  if (input.finalConsumer && input.party.id !== FINAL_CONSUMER_ID) fail([{ path: 'party.id', message: `El consumidor final se identifica con ${FINAL_CONSUMER_ID}` }], 'Cliente');
  const now = deps.clock.now();
  const emails = input.receptionEmails.length > 0 ? input.receptionEmails : input.party.email ? [input.party.email] : [];
  return deps.store.createCustomer({ id: randomUUID(), organizationId, party: input.party, receptionEmails: emails, finalConsumer: input.finalConsumer, createdAt: now, updatedAt: now });
}

/** Replaces a customer's data. */
export async function updateCustomer(deps: AppDeps, organizationId: string, id: string, input: z.output<typeof customerInputSchema>): Promise<CustomerRecord> {
  fail(checkParty(input.party), 'Cliente');
  const updated = await deps.store.updateCustomer(organizationId, id, { party: input.party, receptionEmails: input.receptionEmails, finalConsumer: input.finalConsumer }, deps.clock.now());
  if (!updated) throw notFound('Cliente');
  return updated;
}

function checkItem(input: z.output<typeof itemInputSchema>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!unitOfMeasure(input.unitCode)) issues.push({ path: 'unitCode', message: `Unidad de medida desconocida: ${input.unitCode}` });
  input.taxes.forEach((t, i) => {
    const tt = taxType(t.code);
    if (!tt || tt.withholding) issues.push({ path: `taxes[${i}].code`, message: `Código de tributo desconocido: ${t.code}` });
  });
  return issues;
}

/** Creates an item; its code is unique in the organization. */
export async function createItem(deps: AppDeps, organizationId: string, input: z.output<typeof itemInputSchema>): Promise<ItemRecord> {
  fail(checkItem(input), 'Producto');
  const now = deps.clock.now();
  try {
    return await deps.store.createItem({ id: randomUUID(), organizationId, code: input.code, description: input.description, standardItemId: input.standardItemId ?? null, unitCode: input.unitCode, unitPrice: input.unitPrice, taxes: input.taxes, withholdings: input.withholdings, createdAt: now, updatedAt: now });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new AppError('conflict', `Ya existe un producto con el código ${input.code}`, { issues: [{ path: 'code', message: 'Código repetido' }] });
    throw e;
  }
}

/** Replaces an item's data. */
export async function updateItem(deps: AppDeps, organizationId: string, id: string, input: z.output<typeof itemInputSchema>): Promise<ItemRecord> {
  fail(checkItem(input), 'Producto');
  const updated = await deps.store.updateItem(organizationId, id, { ...input, standardItemId: input.standardItemId ?? null }, deps.clock.now());
  if (!updated) throw notFound('Producto');
  return updated;
}
