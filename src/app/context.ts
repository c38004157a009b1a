import type { HabilitacionComposition, JobRecord, JobType } from './records.js';
import type { Clock, DianGateway, DocumentSigner, SecretBox, SignerIdentity, Store } from './ports.js';

/** Tunables of the application (defaults in {@link DEFAULT_APP_CONFIG}). */
export interface AppConfig {
  /** Attempts of a send job before the document is marked failed. */
  maxSendAttempts: number;
  /** Exponential backoff of retryable DIAN failures: base × 2^(attempt-1), capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Default test-set composition (02-services.md §6.3: 30 invoices, 10 credit notes, 10 debit notes). */
  habilitacionComposition: HabilitacionComposition;
  /** Poll interval while DIAN processes a test set. */
  habilitacionPollMs: number;
  /** Give up polling a ZipKey after this many polls. */
  habilitacionMaxPolls: number;
  /** Warn when fewer numbers remain in a range (absolute or fraction of the range, whichever is larger). */
  rangeLowRemaining: number;
  rangeLowFraction: number;
  /** Warn when a range or certificate expires within this many days. */
  expiryWarningDays: number;
}

/** Defaults; see {@link AppConfig}. */
export const DEFAULT_APP_CONFIG: AppConfig = {
  maxSendAttempts: 8,
  backoffBaseMs: 2_000,
  backoffMaxMs: 10 * 60_000,
  habilitacionComposition: { invoices: 30, creditNotes: 10, debitNotes: 10 },
  habilitacionPollMs: 1_000,
  habilitacionMaxPolls: 600,
  rangeLowRemaining: 100,
  rangeLowFraction: 0.1,
  expiryWarningDays: 30,
};

/** Everything the use cases need, behind ports. Built once by the composition root. */
export interface AppDeps {
  store: Store;
  clock: Clock;
  secrets: SecretBox;
  signer: DocumentSigner;
  dian: DianGateway;
  config: AppConfig;
  /** Loaded certificates by certificate ID (loading a .p12 is slow; certificates never change in place). */
  identityCache: Map<string, SignerIdentity>;
  /** Reports unexpected errors (the server logs them). */
  log: (message: string, detail?: unknown) => void;
  /** Job types handled by feature modules (e.g. delivery), registered by the composition root. */
  jobHandlers: Map<JobType, JobHandler>;
  /** Called after DIAN accepted a document (e.g. schedule its delivery); errors are logged, never fail the send. */
  onDocumentAccepted: Array<(document: { id: string; organizationId: string }) => Promise<void>>;
}

/** A job type's handler: run one attempt; give up after the last one. */
export interface JobHandler {
  process(job: JobRecord): Promise<{ kind: 'done' } | { kind: 'retry'; error: string }>;
  giveUp(job: JobRecord, error: string): Promise<void>;
}

/** Builds the dependencies with defaults for the optional parts. */
export function createAppDeps(parts: Omit<AppDeps, 'config' | 'identityCache' | 'log' | 'jobHandlers' | 'onDocumentAccepted'> & Partial<Pick<AppDeps, 'config' | 'log'>>): AppDeps {
  return {
    ...parts,
    jobHandlers: new Map(),
    onDocumentAccepted: [],
    config: parts.config ?? DEFAULT_APP_CONFIG,
    identityCache: new Map(),
    log: parts.log ?? ((m, d) => console.error(m, d ?? '')),
  };
}
