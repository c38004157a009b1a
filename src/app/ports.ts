import type {
  ApiKeyRecord,
  AuditEntry,
  CertificateRecord,
  CustomerRecord,
  DianEnvironment,
  DianMessage,
  DocumentKind,
  DocumentRecord,
  DocumentStatus,
  HabilitacionRunRecord,
  ItemRecord,
  JobRecord,
  JobType,
  NewDocument,
  NumberingRangeRecord,
  OrganizationRecord,
  PaymentMethodRecord,
  SignedFields,
  StoredDocument,
} from './records.js';

/** Where "now" comes from (tests use a fixed or stepping clock). */
export interface Clock {
  now(): Date;
}

/** Symmetric encryption of secrets at rest (certificates, PINs, technical keys) with the master key. */
export interface SecretBox {
  seal(plain: Uint8Array | string): string;
  open(sealed: string): Buffer;
}

/** A loaded signing identity (opaque to the app) with what people need to see. */
export interface SignerIdentity {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Outcome of loading a .p12: the identity, or why it could not be used (Spanish). */
export type LoadIdentityResult = { ok: true; identity: SignerIdentity } | { ok: false; message: string };

/** Signs DIAN documents (XAdES-EPES enveloped in the second UBLExtension). */
export interface DocumentSigner {
  loadIdentity(p12: Uint8Array, password: string, at: Date): Promise<LoadIdentityResult>;
  /** Returns the signed XML; the bytes must be sent exactly as returned. */
  sign(xml: string, identity: SignerIdentity, signingTime: Date): Promise<string>;
}

/** Who calls DIAN: the organization (for the audit log), its environment and certificate. */
export interface DianSession {
  organizationId: string;
  environment: DianEnvironment;
  identity: SignerIdentity;
}

/** A document as DIAN receives it. */
export interface DianDocumentFile {
  /** XML file name without extension (the ZIP name is derived from it). */
  fileName: string;
  xml: string;
}

/** What DIAN answered about one document. Rejections and duplicates are values. */
export type DianDocumentResult =
  | { kind: 'accepted'; statusCode: string; statusDescription: string; messages: DianMessage[]; applicationResponse: string | null; documentKey?: string }
  | { kind: 'rejected'; statusCode: string; statusDescription: string; messages: DianMessage[]; applicationResponse: string | null; documentKey?: string }
  /** Regla 90: DIAN already holds a document with this number; confirm with GetStatus. */
  | { kind: 'duplicate'; statusCode: string; statusDescription: string; messages: DianMessage[] }
  /** 98 / batch still running: ask again later. */
  | { kind: 'in_process'; statusDescription: string }
  /** 66: DIAN does not know the trackId (never received, or not processed). */
  | { kind: 'unknown'; statusDescription: string }
  | DianFailure;

/** Transport or service failure. `retryable` false means nothing was processed and resending as is will not help. */
export type DianFailure = { kind: 'failure'; retryable: boolean; message: string };

/** A numbering range as GetNumberingRange returns it. */
export interface DianNumberingRange {
  resolutionNumber: string;
  resolutionDate: string;
  prefix: string;
  fromNumber: bigint;
  toNumber: bigint;
  validDateFrom: string;
  validDateTo: string;
  technicalKey: string;
}

/** The DIAN web services the platform uses. */
export interface DianGateway {
  sendBillSync(session: DianSession, file: DianDocumentFile): Promise<DianDocumentResult>;
  getStatus(session: DianSession, trackId: string): Promise<DianDocumentResult>;
  sendTestSetAsync(session: DianSession, files: DianDocumentFile[], testSetId: string): Promise<{ kind: 'uploaded'; zipKey: string } | DianFailure>;
  getStatusZip(session: DianSession, zipKey: string): Promise<{ kind: 'in_process' } | { kind: 'done'; results: DianDocumentResult[] } | DianFailure>;
  getNumberingRange(
    session: DianSession,
    query: { accountCode: string; accountCodeT: string; softwareCode: string },
  ): Promise<{ kind: 'ranges'; ranges: DianNumberingRange[] } | { kind: 'none'; code: string; message: string } | DianFailure>;
}

/** Sends e-mail (delivery issue). */
export interface Mailer {
  send(message: { to: string[]; subject: string; text: string; attachments?: Array<{ filename: string; content: Uint8Array }> }): Promise<void>;
}

/** Renders the printable representation (delivery issue). */
export interface PdfRenderer {
  render(document: DocumentRecord): Promise<Uint8Array>;
}

/** Filters for listing documents. */
export interface DocumentFilter {
  status?: DocumentStatus;
  kind?: DocumentKind;
  /** Issue dates, inclusive, YYYY-MM-DD. */
  from?: string;
  to?: string;
  customerIdNumber?: string;
  number?: string;
  /** CUFE/CUDE (96 hex characters, lower case). */
  uuid?: string;
  limit: number;
  offset: number;
}

/** What allocating and inserting a document produced. */
export type IssueOutcome =
  | { status: 'created'; document: StoredDocument }
  /** Same Idempotency-Key and same body: the document created earlier. */
  | { status: 'replayed'; document: StoredDocument }
  /** Same Idempotency-Key, different body. */
  | { status: 'idempotency_conflict'; document: StoredDocument }
  | { status: 'exhausted' };

/** Parameters of the atomic "allocate number → insert → enqueue" (one statement, one short transaction). */
export interface IssueRequest {
  organizationId: string;
  numberingRangeId: string;
  idempotencyKey: string | null;
  requestHash: string | null;
  referencedDocumentId?: string | null;
  habilitacionRunId?: string | null;
  /** The validated document without its number; the store completes `input` with it (`consecutive` for invoices, `number` for notes). */
  draft: NewDocument;
  /** Enqueue a send job (false for habilitación documents, sent by the run). */
  enqueue: boolean;
  maxAttempts: number;
  /** Creation instant: also the issue date/time in `draft` and the signing time. */
  now: Date;
}

/** Partial update of a document's DIAN state, audited as a state change. */
export interface DocumentStatePatch {
  status?: DocumentStatus;
  dianStatusCode?: string | null;
  dianStatusDescription?: string | null;
  dianMessages?: DianMessage[];
  dianZipKey?: string | null;
  applicationResponse?: string | null;
  sendAttempts?: number;
  lastError?: string | null;
  finalAt?: Date | null;
}

/** The durable job queue (transactional outbox on PostgreSQL). */
export interface JobQueue {
  enqueue(job: { organizationId: string; jobType: JobType; subjectId: string; maxAttempts: number; runAt: Date }): Promise<JobRecord>;
  /** Claims up to `limit` due jobs (also those whose lease expired) for `leaseMs`. */
  claim(workerId: string, limit: number, now: Date, leaseMs: number): Promise<JobRecord[]>;
  /** Extends a running job's lease. */
  heartbeat(jobId: string, workerId: string, until: Date): Promise<boolean>;
  complete(jobId: string, workerId: string, now: Date): Promise<void>;
  /** Schedules another attempt at `runAt`. */
  retry(jobId: string, workerId: string, runAt: Date, error: string, now: Date): Promise<void>;
  /** Gives up: the job is dead (its subject is marked failed by the caller). */
  bury(jobId: string, workerId: string, error: string, now: Date): Promise<void>;
  countByStatus(): Promise<Record<string, number>>;
}

/** The system of record. Every tenant-data method takes the organization ID and filters by it. */
export interface Store {
  createOrganization(record: OrganizationRecord): Promise<OrganizationRecord>;
  getOrganization(id: string): Promise<OrganizationRecord | undefined>;
  findOrganizationByNit(nit: string): Promise<OrganizationRecord | undefined>;
  listOrganizations(): Promise<OrganizationRecord[]>;
  updateOrganization(id: string, patch: Partial<Omit<OrganizationRecord, 'id' | 'createdAt'>>): Promise<OrganizationRecord | undefined>;

  createApiKey(record: ApiKeyRecord): Promise<ApiKeyRecord>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(organizationId: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(organizationId: string, id: string, at: Date): Promise<boolean>;

  /** Stores a certificate and makes it the only active one. */
  addCertificate(record: CertificateRecord): Promise<CertificateRecord>;
  getActiveCertificate(organizationId: string): Promise<CertificateRecord | undefined>;
  listCertificates(organizationId: string): Promise<CertificateRecord[]>;

  createNumberingRange(record: NumberingRangeRecord): Promise<NumberingRangeRecord>;
  /** Inserts or updates (by kind + prefix + resolution) a range read from DIAN; keeps `nextNumber`. */
  upsertNumberingRange(record: NumberingRangeRecord): Promise<NumberingRangeRecord>;
  getNumberingRange(organizationId: string, id: string): Promise<NumberingRangeRecord | undefined>;
  listNumberingRanges(organizationId: string, kind?: DocumentKind): Promise<NumberingRangeRecord[]>;
  updateNumberingRange(organizationId: string, id: string, patch: Partial<Pick<NumberingRangeRecord, 'active' | 'validTo' | 'technicalKeyEnc' | 'toNumber'>>, at: Date): Promise<NumberingRangeRecord | undefined>;

  createPaymentMethod(record: PaymentMethodRecord): Promise<PaymentMethodRecord>;
  listPaymentMethods(organizationId: string): Promise<PaymentMethodRecord[]>;
  getPaymentMethod(organizationId: string, id: string): Promise<PaymentMethodRecord | undefined>;
  deletePaymentMethod(organizationId: string, id: string): Promise<boolean>;

  createCustomer(record: CustomerRecord): Promise<CustomerRecord>;
  getCustomer(organizationId: string, id: string): Promise<CustomerRecord | undefined>;
  listCustomers(organizationId: string, query: { search?: string; limit: number; offset: number }): Promise<CustomerRecord[]>;
  updateCustomer(organizationId: string, id: string, patch: Partial<Pick<CustomerRecord, 'party' | 'receptionEmails' | 'finalConsumer'>>, at: Date): Promise<CustomerRecord | undefined>;
  deleteCustomer(organizationId: string, id: string): Promise<boolean>;

  createItem(record: ItemRecord): Promise<ItemRecord>;
  getItem(organizationId: string, id: string): Promise<ItemRecord | undefined>;
  listItems(organizationId: string, query: { limit: number; offset: number }): Promise<ItemRecord[]>;
  updateItem(organizationId: string, id: string, patch: Partial<Omit<ItemRecord, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>>, at: Date): Promise<ItemRecord | undefined>;
  deleteItem(organizationId: string, id: string): Promise<boolean>;

  /** Atomically (one statement): allocate the next consecutive, insert the document, enqueue its job. A failure consumes no number. */
  issueDocument(request: IssueRequest): Promise<IssueOutcome>;
  /** Saves the built and signed XML once; undefined if the document was signed already (or does not exist). */
  saveSignedDocument(organizationId: string, id: string, fields: SignedFields, at: Date): Promise<StoredDocument | undefined>;
  getDocument(organizationId: string, id: string): Promise<StoredDocument | undefined>;
  /** For workers: a document by ID without tenant filter (the job carries the tenant). */
  getDocumentForWorker(id: string): Promise<StoredDocument | undefined>;
  findDocumentByIdempotencyKey(organizationId: string, key: string): Promise<StoredDocument | undefined>;
  listDocuments(organizationId: string, filter: DocumentFilter): Promise<StoredDocument[]>;
  listRunDocuments(organizationId: string, runId: string): Promise<StoredDocument[]>;
  /** Updates the DIAN state and records the change in the audit log, atomically. */
  updateDocumentState(organizationId: string, id: string, patch: DocumentStatePatch, at: Date, action: string): Promise<StoredDocument | undefined>;
  /** Puts a failed document back in the queue (status queued + new job) atomically. */
  requeueDocument(organizationId: string, id: string, maxAttempts: number, at: Date): Promise<StoredDocument | undefined>;
  /** Counts of documents issued since `since`, by status. */
  documentStats(organizationId: string, since: Date): Promise<Array<{ kind: DocumentKind; status: DocumentStatus; count: number }>>;

  createHabilitacionRun(record: HabilitacionRunRecord): Promise<HabilitacionRunRecord>;
  getHabilitacionRun(organizationId: string, id: string): Promise<HabilitacionRunRecord | undefined>;
  latestHabilitacionRun(organizationId: string): Promise<HabilitacionRunRecord | undefined>;
  updateHabilitacionRun(organizationId: string, id: string, patch: Partial<Pick<HabilitacionRunRecord, 'state' | 'detail'>>, at: Date): Promise<HabilitacionRunRecord | undefined>;

  audit(entry: AuditEntry): Promise<void>;
  listAudit(organizationId: string, query: { entityId?: string; limit: number }): Promise<Array<AuditEntry & { id: string }>>;

  readonly queue: JobQueue;
  close(): Promise<void>;
}

/** Role of an organization user: admin (everything), facturador (issue documents, catalog), consulta (read only). */
export type UserRole = 'admin' | 'facturador' | 'consulta';

/** A person who signs in to the web application (migration 0005). */
export interface UserRecord {
  id: string;
  organizationId: string;
  /** Lower-case; unique inside the organization. */
  email: string;
  name: string;
  role: UserRole;
  /** `scrypt$N$r$p$salt$hash` (base64); never the password. */
  passwordHash: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

/** Organization users. Every method takes the organization ID and filters by it. */
export interface UserStore {
  /** Inserts a user; undefined when the e-mail is already taken in the organization. */
  createUser(record: UserRecord): Promise<UserRecord | undefined>;
  getUser(organizationId: string, id: string): Promise<UserRecord | undefined>;
  findUserByEmail(organizationId: string, email: string): Promise<UserRecord | undefined>;
  listUsers(organizationId: string): Promise<UserRecord[]>;
  updateUser(organizationId: string, id: string, patch: Partial<Pick<UserRecord, 'name' | 'role' | 'passwordHash' | 'active' | 'lastLoginAt'>>, at: Date): Promise<UserRecord | undefined>;
  countActiveAdmins(organizationId: string): Promise<number>;
}
