/**
 * The simulator's configuration: what DIAN "knows" (registered software with its PIN, test sets,
 * numbering ranges with their technical keys, buyers' reception data) and how strict it is.
 * Read from JSON (`--config sim.json`) and validated with zod; {@link DEMO_CONFIG} works out of
 * the box with `examples/*.json`.
 */
import { z } from 'zod';

/** DIAN's fixed habilitación technical key (spec/02-services.md §2.1). */
export const HABILITACION_TECHNICAL_KEY = 'fc8eac422eba16e22ffd8c6f94b3f40a6e38162c';

const nit = z.string().regex(/^\d{5,10}$/, 'NIT sin DV: de 5 a 10 dígitos');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'fecha yyyy-MM-dd');
const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'GUID');

const softwareSchema = z.object({
  /** SoftwareID (GUID) DIAN assigned. */
  id: guid,
  pin: z.string().min(1),
  name: z.string().default('Software propio'),
  /** NIT of the software's owner (the issuer for own software, the provider otherwise). */
  ownerNit: nit,
  /** Issuers (NITs) enabled to invoice with this software; defaults to the owner. */
  issuers: z.array(nit).optional(),
  active: z.boolean().default(true),
});

const testSetSchema = z.object({
  /** TestSetId (GUID) shown in the portal. */
  id: guid,
  softwareId: guid,
  /** Issuer NIT the set belongs to. */
  nit,
  /** "Total de documentos requeridos". */
  totalDocumentRequired: z.number().int().nonnegative(),
  /** "Total de documentos aceptados requeridos". */
  totalDocumentAcceptedRequired: z.number().int().nonnegative(),
  invoicesAcceptedRequired: z.number().int().nonnegative(),
  creditNotesAcceptedRequired: z.number().int().nonnegative(),
  debitNotesAcceptedRequired: z.number().int().nonnegative(),
});

const rangeSchema = z.object({
  nit,
  softwareId: guid,
  resolutionNumber: z.string().min(1),
  resolutionDate: date,
  prefix: z.string(),
  fromNumber: z.number().int().nonnegative(),
  toNumber: z.number().int().nonnegative(),
  validDateFrom: date,
  validDateTo: date,
  technicalKey: z.string().min(1),
});

const acquirerSchema = z.object({
  identificationType: z.string(),
  identificationNumber: z.string(),
  name: z.string(),
  email: z.string(),
});

/** Schema of the simulator configuration file. */
export const simulatorConfigSchema = z.object({
  /** Which DIAN this simulates: habilitación accepts test sets and ProfileExecutionID 2. */
  environment: z.enum(['habilitacion', 'produccion']).default('habilitacion'),
  software: z.array(softwareSchema).default([]),
  testSets: z.array(testSetSchema).default([]),
  numberingRanges: z.array(rangeSchema).default([]),
  acquirers: z.array(acquirerSchema).default([]),
  /** Reception e-mails served by GetExchangeEmails (NIT, name, e-mail). */
  exchangeEmails: z.array(z.object({ nit, name: z.string(), email: z.string() })).default([]),
  /** Technical key used for habilitación CUFEs when no range of the issuer has one. */
  habilitacionTechnicalKey: z.string().default(HABILITACION_TECHNICAL_KEY),
  security: z
    .object({
      maxClockSkewSeconds: z.number().nonnegative().default(300),
      maxLifetimeSeconds: z.number().positive().default(3600),
      /** Refuse callers whose certificate carries no NIT (StatusCode 89), as DIAN does. */
      requireCertificateNit: z.boolean().default(true),
      /** Refuse callers whose NIT is neither the issuer nor the owner of its software (89). */
      checkSenderAuthorization: z.boolean().default(true),
    })
    .prefault({}),
  /** Milliseconds before an async batch is processed (0 = on the next tick). */
  asyncDelayMs: z.number().int().nonnegative().default(0),
  /** Maximum XML per ZIP: SendTestSetAsync 50, SendBillAsync 500 (ENG 2022). */
  maxTestSetDocuments: z.number().int().positive().default(50),
  maxBatchDocuments: z.number().int().positive().default(500),
});

/** A validated simulator configuration. */
export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
/** The configuration as written in a file (defaults optional). */
export type SimulatorConfigInput = z.input<typeof simulatorConfigSchema>;
/** A registered software. */
export type SoftwareConfig = SimulatorConfig['software'][number];
/** A test set. */
export type TestSetConfig = SimulatorConfig['testSets'][number];
/** A numbering range. */
export type RangeConfig = SimulatorConfig['numberingRanges'][number];

/** The demo identities, matching `examples/*.json` and the signing test PKI (NIT 900108281). */
export const DEMO = {
  nit: '900108281',
  softwareId: '56f2ae4e-9812-4fad-9255-08fcfcd5ccb0',
  pin: '20191',
  testSetId: '1b3c5d7e-9f10-4a2b-8c3d-5e6f7a8b9c0d',
} as const;

/**
 * Seeded configuration: the examples' issuer with its software, a small test set (2 invoices,
 * 1 credit note, 1 debit note accepted required; up to 4 rejections tolerated) and the public
 * SETP habilitación range. DIAN's real sets are larger (observed 30/10/10 of 50: spec §6.3).
 */
export const DEMO_CONFIG: SimulatorConfigInput = {
  environment: 'habilitacion',
  software: [{ id: DEMO.softwareId, pin: DEMO.pin, name: 'Previa (demostración)', ownerNit: DEMO.nit }],
  testSets: [
    {
      id: DEMO.testSetId,
      softwareId: DEMO.softwareId,
      nit: DEMO.nit,
      totalDocumentRequired: 8,
      totalDocumentAcceptedRequired: 4,
      invoicesAcceptedRequired: 2,
      creditNotesAcceptedRequired: 1,
      debitNotesAcceptedRequired: 1,
    },
  ],
  numberingRanges: [
    {
      nit: DEMO.nit,
      softwareId: DEMO.softwareId,
      resolutionNumber: '18760000001',
      resolutionDate: '2019-01-19',
      prefix: 'SETP',
      fromNumber: 990000000,
      toNumber: 995000000,
      validDateFrom: '2019-01-19',
      validDateTo: '2030-01-19',
      technicalKey: HABILITACION_TECHNICAL_KEY,
    },
  ],
  acquirers: [{ identificationType: '31', identificationNumber: '800199436', name: 'Distribuidora del Valle Ltda.', email: 'recepcion@distvalle.example' }],
  exchangeEmails: [
    { nit: DEMO.nit, name: 'Comercializadora Andina de Prueba S.A.S.', email: 'facturacion@andina-prueba.example' },
    { nit: '800199436', name: 'Distribuidora del Valle Ltda.', email: 'recepcion@distvalle.example' },
  ],
};

/**
 * Validates a configuration (from a file or code).
 * @throws Error with a Spanish list of problems.
 */
export function parseSimulatorConfig(input: unknown): SimulatorConfig {
  const r = simulatorConfigSchema.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || '(raíz)'}: ${i.message}`).join('; ');
    throw new Error(`Configuración del simulador inválida: ${problems}`);
  }
  return r.data;
}
