import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fiscalRegime, identificationType, municipality, taxResponsibility } from '../core/codelists/index.js';
import { addressSchema } from '../core/input/schema.js';
import { computeNitDv, isValidNitDv } from '../core/identity/index.js';
import type { AppDeps } from './context.js';
import { AppError, invalidField, notFound, type FieldIssue } from './errors.js';
import type { ApiKeyRecord, OrganizationRecord } from './records.js';

/** Input to create an organization (the issuer's RUT data). */
export const organizationInputSchema = z.object({
  nit: z.string().regex(/^\d{5,15}$/, 'NIT sin puntos ni dígito de verificación'),
  dv: z.string().regex(/^\d$/, 'Dígito de verificación de un dígito'),
  legalName: z.string().trim().min(1, 'No puede estar vacío').max(450),
  commercialName: z.string().trim().min(1).max(450).optional(),
  personType: z.enum(['1', '2'], { message: 'Tipo de persona: "1" jurídica o "2" natural' }),
  regime: z.string().max(10).optional(),
  responsibilities: z.array(z.string().min(1).max(10)).min(1, 'Indique al menos una responsabilidad fiscal (R-99-PN si ninguna)'),
  taxScheme: z.enum(['01', '04', 'ZA', 'ZZ'], { message: 'Tributo del emisor: 01, 04, ZA o ZZ' }).default('01'),
  address: addressSchema,
  industryCodes: z.array(z.string().regex(/^\d{4}$/, 'Código CIIU de 4 dígitos')).default([]),
  commercialRegistration: z.string().max(50).optional(),
  email: z.email('Correo electrónico inválido').optional(),
  phone: z.string().max(50).optional(),
});
/** Organization input after defaults. */
export type OrganizationInput = z.output<typeof organizationInputSchema>;

/** Settings an organization changes itself: software, test set, environment, contact. */
export const organizationSettingsSchema = z.object({
  softwareId: z.string().trim().min(1).max(100).optional(),
  softwarePin: z.string().trim().min(1).max(100).optional(),
  softwareProviderNit: z.string().regex(/^\d{5,15}$/, 'NIT del proveedor del software sin DV').optional(),
  testSetId: z.string().trim().min(1).max(100).optional(),
  environment: z.enum(['1', '2'], { message: 'Ambiente: "1" producción o "2" habilitación' }).optional(),
  email: z.email('Correo electrónico inválido').optional(),
  phone: z.string().max(50).optional(),
  commercialName: z.string().trim().min(1).max(450).optional(),
});
/** Settings patch. */
export type OrganizationSettings = z.output<typeof organizationSettingsSchema>;

/** An API key as shown once, at creation. */
export interface IssuedApiKey {
  record: ApiKeyRecord;
  /** The secret; only its hash is stored. */
  key: string;
}

/** SHA-256 (hex) of an API key: what the database stores and looks up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Checks RUT data against DIAN's lists; returns field issues. */
export function checkOrganizationInput(input: OrganizationInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isValidNitDv(input.nit, input.dv)) issues.push({ path: 'dv', message: `El dígito de verificación ${input.dv} no corresponde al NIT ${input.nit} (debería ser ${computeNitDv(input.nit)})` });
  input.responsibilities.forEach((r, i) => {
    if (!taxResponsibility(r)) issues.push({ path: `responsibilities[${i}]`, message: `Responsabilidad fiscal desconocida: ${r}` });
  });
  if (input.regime && !fiscalRegime(input.regime)) issues.push({ path: 'regime', message: `Régimen fiscal desconocido: ${input.regime}` });
  if (input.address.countryCode === 'CO') {
    if (!input.address.municipalityCode) issues.push({ path: 'address.municipalityCode', message: 'Indique el código DANE del municipio' });
    else if (!municipality(input.address.municipalityCode)) issues.push({ path: 'address.municipalityCode', message: `Código DANE de municipio desconocido: ${input.address.municipalityCode}` });
  }
  if (!identificationType('31')) issues.push({ path: 'nit', message: 'Lista de tipos de identificación no disponible' });
  return issues;
}

/** The RUT fields of an organization record, from the checked input (creation and edition). */
export function rutData(input: OrganizationInput) {
  return {
    nit: input.nit,
    dv: input.dv,
    legalName: input.legalName,
    commercialName: input.commercialName ?? null,
    personType: input.personType,
    regime: input.regime ?? null,
    responsibilities: input.responsibilities,
    taxScheme: input.taxScheme,
    address: input.address,
    industryCodes: input.industryCodes,
    commercialRegistration: input.commercialRegistration ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
  };
}

/** Creates an organization (provider admin) and its first API key. NIT must be unique. */
export async function createOrganization(deps: AppDeps, input: OrganizationInput): Promise<{ organization: OrganizationRecord; apiKey: IssuedApiKey }> {
  const issues = checkOrganizationInput(input);
  if (issues.length > 0) throw new AppError('invalid_data', 'Datos de la organización inválidos', { issues });
  if (await deps.store.findOrganizationByNit(input.nit)) throw new AppError('conflict', `Ya existe una organización con el NIT ${input.nit}`);
  const now = deps.clock.now();
  const organization = await deps.store.createOrganization({
    id: randomUUID(),
    ...rutData(input),
    environment: '2',
    softwareId: null,
    softwarePinEnc: null,
    softwareProviderNit: null,
    testSetId: null,
    habilitacionState: 'not_started',
    einvoicingEnabled: false,
    createdAt: now,
    updatedAt: now,
  });
  await deps.store.audit({ organizationId: organization.id, entryType: 'state_change', entity: 'organization', entityId: organization.id, action: 'created', toState: 'not_started', createdAt: now });
  const apiKey = await createApiKey(deps, organization.id, 'principal');
  return { organization, apiKey };
}

/** Issues a new API key for an organization; the key is returned once. */
export async function createApiKey(deps: AppDeps, organizationId: string, label: string): Promise<IssuedApiKey> {
  const key = `pv_${randomBytes(24).toString('base64url')}`;
  const record = await deps.store.createApiKey({
    id: randomUUID(),
    organizationId,
    keyHash: hashApiKey(key),
    label,
    keyPrefix: key.slice(0, 8),
    createdAt: deps.clock.now(),
    revokedAt: null,
  });
  return { record, key };
}

/** Resolves an API key to its organization ID; undefined when unknown or revoked. */
export async function authenticateApiKey(deps: AppDeps, key: string): Promise<string | undefined> {
  const found = await deps.store.findApiKeyByHash(hashApiKey(key));
  return found?.organizationId;
}

/** Loads an organization or fails with not_found. */
export async function requireOrganization(deps: AppDeps, organizationId: string): Promise<OrganizationRecord> {
  const org = await deps.store.getOrganization(organizationId);
  if (!org) throw notFound('Organización');
  return org;
}

/** Updates software/test-set/environment/contact settings. The PIN is encrypted at rest. */
export async function updateOrganizationSettings(deps: AppDeps, organizationId: string, settings: OrganizationSettings): Promise<OrganizationRecord> {
  const org = await requireOrganization(deps, organizationId);
  if (settings.environment === '1' && org.habilitacionState !== 'habilitado') {
    throw new AppError('unexpected_state', 'Solo una organización habilitada puede pasar a producción (ambiente "1")');
  }
  if (org.habilitacionState === 'in_progress' && (settings.softwareId || settings.testSetId || settings.softwarePin)) {
    throw new AppError('unexpected_state', 'No se puede cambiar el software ni el set de pruebas mientras la habilitación está en curso');
  }
  const { softwarePin, ...rest } = settings;
  const patch: Partial<OrganizationRecord> = { ...rest, updatedAt: deps.clock.now() };
  if (softwarePin !== undefined) patch.softwarePinEnc = deps.secrets.seal(softwarePin);
  const updated = await deps.store.updateOrganization(organizationId, patch);
  if (!updated) throw notFound('Organización');
  return updated;
}

/** Marks the organization as electronic invoicer; allowed only once habilitación succeeded. */
export async function setEInvoicing(deps: AppDeps, organizationId: string, enabled: boolean): Promise<OrganizationRecord> {
  const org = await requireOrganization(deps, organizationId);
  if (enabled && org.habilitacionState !== 'habilitado') {
    throw new AppError('unexpected_state', `La organización aún no está habilitada ante la DIAN (estado: ${org.habilitacionState}); ejecute la habilitación primero`);
  }
  const now = deps.clock.now();
  const updated = await deps.store.updateOrganization(organizationId, { einvoicingEnabled: enabled, updatedAt: now });
  await deps.store.audit({ organizationId, entryType: 'state_change', entity: 'organization', entityId: organizationId, action: 'einvoicing', fromState: String(org.einvoicingEnabled), toState: String(enabled), createdAt: now });
  return updated!;
}

/** Decrypted software PIN, or an error naming the missing setting. */
export function softwarePin(deps: AppDeps, org: OrganizationRecord): string {
  if (!org.softwarePinEnc) throw invalidField('softwarePin', 'Configure el PIN del software (registrado en el portal de habilitación de la DIAN)');
  return deps.secrets.open(org.softwarePinEnc).toString('utf8');
}
