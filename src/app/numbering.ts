import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { requireSigningIdentity } from './certificates.js';
import { colombiaDateTime } from './colombia-time.js';
import type { AppDeps } from './context.js';
import { AppError, notFound } from './errors.js';
import { requireOrganization } from './organizations.js';
import type { DocumentKind, NumberingRangeRecord } from './records.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Manual entry of a numbering range. Invoices need DIAN's resolution (number, dates, range,
 * technical key); credit and debit notes only a prefix sequence (DIAN authorizes no range for notes).
 */
export const numberingRangeInputSchema = z
  .object({
    documentKind: z.enum(['invoice', 'credit-note', 'debit-note'], { message: 'Tipo de documento: invoice, credit-note o debit-note' }),
    resolution: z.string().regex(/^\d{1,20}$/, 'Número de resolución numérico').optional(),
    resolutionDate: z.string().regex(DATE, 'Fecha AAAA-MM-DD').optional(),
    prefix: z.string().regex(/^[A-Za-z0-9]{0,4}$/, 'Prefijo alfanumérico de hasta 4 caracteres, sin separadores'),
    fromNumber: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    toNumber: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    nextNumber: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
    validFrom: z.string().regex(DATE, 'Fecha AAAA-MM-DD').optional(),
    validTo: z.string().regex(DATE, 'Fecha AAAA-MM-DD').optional(),
    technicalKey: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.fromNumber > r.toNumber) ctx.addIssue({ code: 'custom', path: ['toNumber'], message: 'Debe ser mayor o igual que fromNumber' });
    if (r.nextNumber !== undefined && (r.nextNumber < r.fromNumber || r.nextNumber > r.toNumber)) ctx.addIssue({ code: 'custom', path: ['nextNumber'], message: 'Debe estar dentro del rango' });
    if (r.documentKind === 'invoice') {
      for (const f of ['resolution', 'validFrom', 'validTo', 'technicalKey'] as const) {
        if (r[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'Requerido para rangos de facturación (resolución DIAN)' });
      }
    }
    if (r.validFrom && r.validTo && r.validFrom > r.validTo) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'Debe ser posterior a validFrom' });
  });

/** A range as the API shows it, with remaining numbers and warnings (never the technical key). */
export interface NumberingRangeView {
  id: string;
  documentKind: DocumentKind;
  resolution: string | null;
  resolutionDate: string | null;
  prefix: string;
  fromNumber: string;
  toNumber: string;
  nextNumber: string;
  remaining: string;
  validFrom: string | null;
  validTo: string | null;
  hasTechnicalKey: boolean;
  source: 'manual' | 'dian';
  active: boolean;
  warnings: string[];
}

/** View of a range with exhaustion/expiry warnings computed at the Colombia date of `now`. */
export function viewRange(deps: AppDeps, r: NumberingRangeRecord): NumberingRangeView {
  const today = colombiaDateTime(deps.clock.now()).date;
  const remaining = r.toNumber - r.nextNumber + 1n;
  const size = r.toNumber - r.fromNumber + 1n;
  const warnings: string[] = [];
  const threshold = BigInt(Math.max(deps.config.rangeLowRemaining, Math.floor(Number(size) * deps.config.rangeLowFraction)));
  if (remaining <= 0n) warnings.push('Rango agotado: solicite una nueva resolución de numeración');
  else if (remaining <= threshold) warnings.push(`Quedan ${remaining} números en el rango: solicite una nueva resolución`);
  if (r.validTo) {
    if (r.validTo < today) warnings.push(`La resolución venció el ${r.validTo}`);
    else {
      const days = Math.round((Date.parse(`${r.validTo}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
      if (days <= deps.config.expiryWarningDays) warnings.push(`La resolución vence en ${days} días (${r.validTo})`);
    }
  }
  if (r.validFrom && r.validFrom > today) warnings.push(`La resolución rige desde el ${r.validFrom}`);
  return {
    id: r.id, documentKind: r.documentKind, resolution: r.resolution, resolutionDate: r.resolutionDate, prefix: r.prefix,
    fromNumber: String(r.fromNumber), toNumber: String(r.toNumber), nextNumber: String(r.nextNumber), remaining: String(remaining > 0n ? remaining : 0n),
    validFrom: r.validFrom, validTo: r.validTo, hasTechnicalKey: r.technicalKeyEnc !== null, source: r.source, active: r.active, warnings,
  };
}

/** Registers a range entered by hand. */
export async function createNumberingRange(deps: AppDeps, organizationId: string, input: z.output<typeof numberingRangeInputSchema>): Promise<NumberingRangeRecord> {
  const now = deps.clock.now();
  try {
    return await deps.store.createNumberingRange({
      id: randomUUID(), organizationId, documentKind: input.documentKind, resolution: input.resolution ?? null, resolutionDate: input.resolutionDate ?? null,
      prefix: input.prefix, fromNumber: BigInt(input.fromNumber), toNumber: BigInt(input.toNumber), nextNumber: BigInt(input.nextNumber ?? input.fromNumber),
      validFrom: input.validFrom ?? null, validTo: input.validTo ?? null, technicalKeyEnc: input.technicalKey ? deps.secrets.seal(input.technicalKey) : null,
      source: 'manual', active: true, createdAt: now, updatedAt: now,
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new AppError('conflict', `Ya existe un rango ${input.prefix} para esa resolución`, { issues: [{ path: 'prefix', message: 'Rango repetido' }] });
    throw e;
  }
}

/**
 * Reads the ranges associated to the organization's software from DIAN (GetNumberingRange,
 * NIT without DV — pitfall 4) and stores them with their technical keys. A range already
 * known keeps its next number.
 */
export async function syncNumberingRanges(deps: AppDeps, organizationId: string): Promise<NumberingRangeRecord[]> {
  const org = await requireOrganization(deps, organizationId);
  if (!org.softwareId) throw new AppError('invalid_data', 'Configure el SoftwareID antes de sincronizar la numeración', { issues: [{ path: 'softwareId', message: 'Requerido' }] });
  const identity = await requireSigningIdentity(deps, organizationId);
  const answer = await deps.dian.getNumberingRange(
    { organizationId, environment: org.environment, identity },
    { accountCode: org.nit, accountCodeT: org.softwareProviderNit ?? org.nit, softwareCode: org.softwareId },
  );
  if (answer.kind === 'failure') throw new AppError('dian_unavailable', `DIAN no respondió la consulta de numeración: ${answer.message}`);
  if (answer.kind === 'none') throw new AppError('unexpected_state', `DIAN no reporta rangos (${answer.code}): ${answer.message}`);
  const now = deps.clock.now();
  const out: NumberingRangeRecord[] = [];
  for (const r of answer.ranges) {
    out.push(
      await deps.store.upsertNumberingRange({
        id: randomUUID(), organizationId, documentKind: 'invoice', resolution: r.resolutionNumber, resolutionDate: r.resolutionDate || null, prefix: r.prefix,
        fromNumber: r.fromNumber, toNumber: r.toNumber, nextNumber: r.fromNumber, validFrom: r.validDateFrom, validTo: r.validDateTo,
        technicalKeyEnc: deps.secrets.seal(r.technicalKey), source: 'dian', active: true, createdAt: now, updatedAt: now,
      }),
    );
  }
  await deps.store.audit({ organizationId, entryType: 'state_change', entity: 'numbering_range', entityId: null, action: 'synced', detail: { count: out.length }, createdAt: now });
  return out;
}

/**
 * The range to number a new document: the one asked for, or the first active range of that
 * kind valid today with numbers left.
 */
export async function pickRange(deps: AppDeps, organizationId: string, kind: DocumentKind, today: string, rangeId?: string): Promise<NumberingRangeRecord> {
  if (rangeId) {
    const r = await deps.store.getNumberingRange(organizationId, rangeId);
    if (!r || r.documentKind !== kind) throw new AppError('invalid_data', 'Rango de numeración no encontrado para este tipo de documento', { issues: [{ path: 'numberingRangeId', message: 'No existe o no corresponde al tipo de documento' }] });
    return r;
  }
  const ranges = await deps.store.listNumberingRanges(organizationId, kind);
  const usable = ranges.find((r) => r.active && r.nextNumber <= r.toNumber && (!r.validFrom || r.validFrom <= today) && (!r.validTo || r.validTo >= today));
  if (!usable) throw new AppError('unexpected_state', `No hay un rango de numeración vigente con números disponibles para ${KIND_ES[kind]}`);
  return usable;
}

/** Spanish names of document kinds. */
export const KIND_ES: Record<DocumentKind, string> = { invoice: 'facturas', 'credit-note': 'notas crédito', 'debit-note': 'notas débito' };

/** Loads a range or fails with not_found. */
export async function requireRange(deps: AppDeps, organizationId: string, id: string): Promise<NumberingRangeRecord> {
  const r = await deps.store.getNumberingRange(organizationId, id);
  if (!r) throw notFound('Rango de numeración');
  return r;
}
