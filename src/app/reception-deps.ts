/**
 * Dependencies and settings of reception and RADIAN events (issue #8).
 */
import { requireSigningIdentity } from './certificates.js';
import type { AppDeps } from './context.js';
import { requireOrganization } from './organizations.js';
import type { DianSession } from './ports.js';
import type { ReceptionLimits } from './reception-analysis.js';
import type { RadianGateway, ReceptionStore } from './reception-ports.js';

/** Reception settings of the deployment. */
export interface ReceptionConfig extends ReceptionLimits {
  /** Business days after 032 to claim or accept expressly (law: 3; docs/decisions.md). */
  businessDaysLimit: number;
  /** Warn during the last this-many business days of the window (today included). */
  warnBusinessDays: number;
  /** Ask DIAN (GetStatus by CUFE) when a document arrives without DIAN's ApplicationResponse. */
  confirmWithDian: boolean;
}

/** Defaults of {@link ReceptionConfig}. */
export const DEFAULT_RECEPTION_CONFIG: ReceptionConfig = {
  maxBytes: 10 * 1024 * 1024,
  habilitacionTechnicalKey: 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c',
  businessDaysLimit: 3,
  warnBusinessDays: 2,
  confirmWithDian: true,
};

/** What reception needs: the platform, its own store and the buyer's-side DIAN operations. */
export interface ReceptionDeps {
  app: AppDeps;
  store: ReceptionStore;
  dian: RadianGateway;
  config: ReceptionConfig;
}

/** A DIAN session for the organization (its certificate signs the WS-Security header). */
export async function dianSession(d: ReceptionDeps, organizationId: string): Promise<DianSession> {
  const org = await requireOrganization(d.app, organizationId);
  return { organizationId, environment: org.environment, identity: await requireSigningIdentity(d.app, organizationId) };
}


/**
 * Reception settings from environment variables (docs/configuration.md):
 * `PREVIA_RECEPTION_MAX_BYTES` (10485760), `PREVIA_ACCEPTANCE_BUSINESS_DAYS` (3),
 * `PREVIA_ACCEPTANCE_WARN_DAYS` (2), `PREVIA_RECEPTION_CONFIRM_WITH_DIAN` (1).
 */
export function receptionConfigFromEnv(env: Record<string, string | undefined>): ReceptionConfig {
  const num = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} inválido: ${v} (entero no negativo)`);
    return n;
  };
  return {
    ...DEFAULT_RECEPTION_CONFIG,
    maxBytes: num('PREVIA_RECEPTION_MAX_BYTES', DEFAULT_RECEPTION_CONFIG.maxBytes),
    businessDaysLimit: num('PREVIA_ACCEPTANCE_BUSINESS_DAYS', DEFAULT_RECEPTION_CONFIG.businessDaysLimit),
    warnBusinessDays: num('PREVIA_ACCEPTANCE_WARN_DAYS', DEFAULT_RECEPTION_CONFIG.warnBusinessDays),
    confirmWithDian: (env.PREVIA_RECEPTION_CONFIRM_WITH_DIAN ?? '1') !== '0',
  };
}
