import type { AddressInput, LineTaxInput, PartyInput, WithholdingInput } from '../core/input/schema.js';

/** Document kinds the platform issues (same names as the core). */
export type DocumentKind = 'invoice' | 'credit-note' | 'debit-note';

/** DIAN environment: 1 producción, 2 habilitación (pruebas). */
export type DianEnvironment = '1' | '2';

/** Habilitación state machine: not_started → in_progress → habilitado | rechazado. */
export type HabilitacionState = 'not_started' | 'in_progress' | 'habilitado' | 'rechazado';

/** An organization (tenant): an issuer (facturador electrónico). */
export interface OrganizationRecord {
  id: string;
  /** NIT without check digit. */
  nit: string;
  dv: string;
  legalName: string;
  commercialName: string | null;
  /** 1 jurídica, 2 natural. */
  personType: '1' | '2';
  regime: string | null;
  responsibilities: string[];
  taxScheme: string;
  address: AddressInput;
  /** CIIU codes. */
  industryCodes: string[];
  commercialRegistration: string | null;
  email: string | null;
  phone: string | null;
  environment: DianEnvironment;
  softwareId: string | null;
  /** Encrypted with the master key. */
  softwarePinEnc: string | null;
  softwareProviderNit: string | null;
  testSetId: string | null;
  habilitacionState: HabilitacionState;
  einvoicingEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** An API key of an organization; only the SHA-256 hash of the key is stored. */
export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  keyHash: string;
  label: string;
  /** First characters of the key, to recognise it in listings. */
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** An uploaded signing certificate (.p12), encrypted at rest. */
export interface CertificateRecord {
  id: string;
  organizationId: string;
  p12Enc: string;
  passwordEnc: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  active: boolean;
  createdAt: Date;
}

/**
 * A numbering range (resolución de numeración) for invoices, or a prefix sequence for notes
 * (notes have no DIAN resolution). `nextNumber` is the next consecutive to allocate;
 * `toNumber + 1` means exhausted.
 */
export interface NumberingRangeRecord {
  id: string;
  organizationId: string;
  documentKind: DocumentKind;
  resolution: string | null;
  resolutionDate: string | null;
  prefix: string;
  fromNumber: bigint;
  toNumber: bigint;
  nextNumber: bigint;
  /** YYYY-MM-DD */
  validFrom: string | null;
  validTo: string | null;
  technicalKeyEnc: string | null;
  source: 'manual' | 'dian';
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A configured payment method: forma (1 contado, 2 crédito) + medio (DIAN list 13.3.4.2). */
export interface PaymentMethodRecord {
  id: string;
  organizationId: string;
  name: string;
  form: '1' | '2';
  means: string;
  dueDays: number | null;
  createdAt: Date;
}

/** A customer (adquiriente) with all DIAN party fields and its reception e-mails. */
export interface CustomerRecord {
  id: string;
  organizationId: string;
  party: PartyInput;
  receptionEmails: string[];
  /** "Consumidor final" (222222222222). */
  finalConsumer: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A catalog item; prices are exact decimal strings in COP. */
export interface ItemRecord {
  id: string;
  organizationId: string;
  code: string;
  description: string;
  standardItemId: { id: string; scheme: string } | null;
  unitCode: string;
  unitPrice: string;
  taxes: LineTaxInput[];
  withholdings: WithholdingInput[];
  createdAt: Date;
  updatedAt: Date;
}

/** Life of a document: queued (numbered, signed, waiting to be sent) → accepted | rejected | failed. */
export type DocumentStatus = 'queued' | 'accepted' | 'rejected' | 'failed';

/** One rule outcome reported by DIAN. */
export interface DianMessage {
  ruleId: string;
  outcome: 'rejection' | 'notification';
  text: string;
}

/** An issued document, numbered and signed (see {@link StoredDocument} for one not signed yet). */
export interface DocumentRecord {
  id: string;
  organizationId: string;
  documentKind: DocumentKind;
  number: string;
  prefix: string;
  consecutive: bigint;
  numberingRangeId: string | null;
  /** CUFE (invoice) or CUDE (notes). */
  uuid: string;
  status: DocumentStatus;
  environment: DianEnvironment;
  issueDate: string;
  issueTime: string;
  customerIdNumber: string;
  customerName: string;
  currency: string;
  lineExtensionMinor: bigint;
  taxExclusiveMinor: bigint;
  taxInclusiveMinor: bigint;
  payableMinor: bigint;
  /** The complete, normalized input the XML was built from. */
  input: unknown;
  signedXml: string;
  /** DIAN file name of the XML (without extension). */
  fileName: string;
  referencedDocumentId: string | null;
  habilitacionRunId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  dianStatusCode: string | null;
  dianStatusDescription: string | null;
  dianMessages: DianMessage[];
  dianZipKey: string | null;
  /** DIAN's ApplicationResponse XML (base64), when received. */
  applicationResponse: string | null;
  sendAttempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  finalAt: Date | null;
}

/**
 * A document as stored. Issuing commits the number, the input and the fixed issue instant
 * first (a short transaction); the XML is built and signed from them right after, outside
 * any lock (by the sending worker, or on demand). Until then `uuid`, `signedXml` and
 * `fileName` are null. The signing time is `createdAt`, so building again gives the same XML.
 */
export type StoredDocument = Omit<DocumentRecord, 'uuid' | 'signedXml' | 'fileName'> & {
  uuid: string | null;
  signedXml: string | null;
  fileName: string | null;
};

/** Fields of a document decided before the store allocates its number (the number completes `input`). */
export type NewDocument = Omit<
  StoredDocument,
  | 'id'
  | 'organizationId'
  | 'number'
  | 'consecutive'
  | 'uuid'
  | 'signedXml'
  | 'fileName'
  | 'status'
  | 'dianStatusCode'
  | 'dianStatusDescription'
  | 'dianMessages'
  | 'dianZipKey'
  | 'applicationResponse'
  | 'sendAttempts'
  | 'lastError'
  | 'createdAt'
  | 'updatedAt'
  | 'finalAt'
  | 'idempotencyKey'
  | 'requestHash'
  | 'numberingRangeId'
  | 'habilitacionRunId'
>;

/** The XML-derived fields of a document, saved once it is built and signed. */
export interface SignedFields {
  uuid: string;
  signedXml: string;
  fileName: string;
}

/** A habilitación run: the test set being sent for one organization. */
export interface HabilitacionRunRecord {
  id: string;
  organizationId: string;
  state: HabilitacionState;
  testSetId: string;
  composition: HabilitacionComposition;
  detail: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How many documents of each kind the test set requires (read it from DIAN's portal). */
export interface HabilitacionComposition {
  invoices: number;
  creditNotes: number;
  debitNotes: number;
}

/** Job types of the durable queue. */
export type JobType = 'send-document' | 'habilitacion' | 'deliver-document';

/** A durable job. */
export interface JobRecord {
  id: string;
  organizationId: string;
  jobType: JobType;
  subjectId: string;
  status: 'pending' | 'running' | 'done' | 'dead';
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
}

/** One audit entry: a DIAN exchange (bytes) or a state change. */
export interface AuditEntry {
  organizationId: string | null;
  entryType: 'dian_exchange' | 'state_change';
  entity: string;
  entityId: string | null;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  requestBody?: string | null;
  responseBody?: string | null;
  detail?: Record<string, unknown> | null;
  createdAt: Date;
}
