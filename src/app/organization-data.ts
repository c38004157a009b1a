import type { z } from 'zod';
import type { AppDeps } from './context.js';
import { AppError, notFound } from './errors.js';
import { checkOrganizationInput, organizationInputSchema, requireOrganization, rutData } from './organizations.js';
import type { OrganizationRecord } from './records.js';

/** The organization's RUT data as the organization itself edits it (same contract as creation). */
export const organizationDataSchema = organizationInputSchema;

/**
 * Replaces the organization's RUT data (legal name, person type, regime, responsibilities,
 * address, CIIU, contact), checked against DIAN's lists like at creation. The NIT identifies
 * the issuer in every document, CUFE and in DIAN's habilitación, so it can change only while
 * habilitación has not started; the DV is always checked.
 */
export async function updateOrganizationData(deps: AppDeps, organizationId: string, input: z.output<typeof organizationDataSchema>): Promise<OrganizationRecord> {
  const org = await requireOrganization(deps, organizationId);
  const issues = checkOrganizationInput(input);
  if (issues.length > 0) throw new AppError('invalid_data', 'Datos de la organización inválidos', { issues });
  if (input.nit !== org.nit) {
    if (org.habilitacionState !== 'not_started') throw new AppError('unexpected_state', 'El NIT no se puede cambiar después de iniciar la habilitación', { issues: [{ path: 'nit', message: 'NIT fijo desde la habilitación' }] });
    const other = await deps.store.findOrganizationByNit(input.nit);
    if (other && other.id !== organizationId) throw new AppError('conflict', `Ya existe una organización con el NIT ${input.nit}`, { issues: [{ path: 'nit', message: 'NIT repetido' }] });
  }
  const now = deps.clock.now();
  const updated = await deps.store.updateOrganization(organizationId, {
    ...rutData(input),
    updatedAt: now,
  });
  if (!updated) throw notFound('Organización');
  await deps.store.audit({ organizationId, entryType: 'state_change', entity: 'organization', entityId: organizationId, action: 'rut_data', createdAt: now });
  return updated;
}
