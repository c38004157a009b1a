/**
 * What the simulated DIAN remembers: documents received (accepted and rejected), batches
 * (ZipKeys), test-set progress and events. In memory; optionally persisted to a JSON file,
 * written atomically (temporary file + rename) after every change.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TestSetConfig } from './config.js';

/** A DianResponse as the simulator stores and serializes it. */
export interface SimDianResponse {
  errorMessages: string[];
  isValid: boolean;
  statusCode: string;
  statusDescription?: string;
  statusMessage?: string;
  /** Base64 of DIAN's signed ApplicationResponse. */
  xmlBase64?: string;
  xmlDocumentKey?: string;
  xmlFileName?: string;
}

/** Document kinds the simulator stores. */
export type StoredKind = 'invoice' | 'credit-note' | 'debit-note' | 'event';

/** A received document. */
export interface StoredDocument {
  /** CUFE/CUDE: the trackId of GetStatus. */
  documentKey: string;
  kind: StoredKind;
  /** InvoiceTypeCode (01/02/03/04), 91, 92, or 96 for events. */
  typeCode: string;
  /** `cbc:ID` (prefix + number). */
  number: string;
  issuerNit: string;
  receiverNit?: string;
  issueDate: string;
  /** Name of the XML inside the ZIP, without extension. */
  fileName: string;
  accepted: boolean;
  response: SimDianResponse;
  /** The XML as received. */
  xml: string;
  receivedAt: string;
  softwareId?: string;
  zipKey?: string;
  testSetId?: string;
  /** Events: the event code (030…) and the CUFE of the invoice it refers to. */
  eventCode?: string;
  referencedKey?: string;
}

/** An async upload (SendBillAsync / SendTestSetAsync). */
export interface StoredBatch {
  zipKey: string;
  testSetId?: string;
  receivedAt: string;
  status: 'processing' | 'done' | 'failed';
  /** Batch-level failure (StatusCode 2). */
  failure?: string;
  results: SimDianResponse[];
}

/** Portal states of a test set (spec §3.3): En proceso (0), Aceptado (1), Rechazado (2). */
export type TestSetStatus = 'En proceso' | 'Aceptado' | 'Rechazado';

/** Progress of a test set. */
export interface TestSetProgress {
  status: TestSetStatus;
  invoicesAccepted: number;
  creditNotesAccepted: number;
  debitNotesAccepted: number;
  accepted: number;
  rejected: number;
}

interface StateData {
  documents: Record<string, StoredDocument>;
  batches: Record<string, StoredBatch>;
  testSets: Record<string, TestSetProgress>;
  counter: number;
}

/** The simulator's memory. */
export class SimulatorState {
  private data: StateData = { documents: {}, batches: {}, testSets: {}, counter: 0 };

  /** @param file optional persistence file (loaded now if it exists). */
  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      const loaded = JSON.parse(readFileSync(file, 'utf8')) as Partial<StateData>;
      this.data = { documents: loaded.documents ?? {}, batches: loaded.batches ?? {}, testSets: loaded.testSets ?? {}, counter: loaded.counter ?? 0 };
    }
  }

  /** Writes the state file atomically (no-op without a file). */
  save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.file);
  }

  /** Next number for DIAN's ApplicationResponses. */
  nextResponseNumber(): number {
    return ++this.data.counter;
  }

  /** A document by CUFE/CUDE. */
  document(key: string): StoredDocument | undefined {
    return this.data.documents[key.toLowerCase()];
  }

  /** Every stored document. */
  documents(): StoredDocument[] {
    return Object.values(this.data.documents);
  }

  /**
   * The accepted document with the same issuer, type and number (types 01/02/04 collapse to
   * 01 as DIAN does: spec §10), or with the same key.
   */
  findAcceptedDuplicate(p: { issuerNit: string; typeCode: string; number: string; documentKey: string }): StoredDocument | undefined {
    const norm = (t: string) => (t === '02' || t === '04' ? '01' : t);
    const byKey = this.document(p.documentKey);
    if (byKey?.accepted) return byKey;
    const number = p.number.replace(/^([A-Za-z]*)0+(\d)/, '$1$2');
    return this.documents().find(
      (d) => d.accepted && d.issuerNit === p.issuerNit && norm(d.typeCode) === norm(p.typeCode) && d.number.replace(/^([A-Za-z]*)0+(\d)/, '$1$2') === number,
    );
  }

  /** Stores (or replaces a rejected copy of) a document. */
  putDocument(doc: StoredDocument): void {
    this.data.documents[doc.documentKey.toLowerCase()] = doc;
    this.save();
  }

  /** Events registered for an invoice, in arrival order. */
  eventsOf(invoiceKey: string): StoredDocument[] {
    const k = invoiceKey.toLowerCase();
    return this.documents().filter((d) => d.kind === 'event' && d.accepted && d.referencedKey?.toLowerCase() === k);
  }

  /** A batch by ZipKey. */
  batch(zipKey: string): StoredBatch | undefined {
    return this.data.batches[zipKey.toLowerCase()];
  }

  /** Stores a batch. */
  putBatch(batch: StoredBatch): void {
    this.data.batches[batch.zipKey.toLowerCase()] = batch;
    this.save();
  }

  /** Progress of a test set (created "En proceso" on first use). */
  testSet(id: string): TestSetProgress {
    const k = id.toLowerCase();
    return (this.data.testSets[k] ??= { status: 'En proceso', invoicesAccepted: 0, creditNotesAccepted: 0, debitNotesAccepted: 0, accepted: 0, rejected: 0 });
  }

  /**
   * Counts one processed document of a test set and applies DIAN's rule (ENG
   * `UpdateTestSetResult`, spec §6.3): Aceptado when each kind reaches its accepted count;
   * Rechazado when rejections exceed TotalDocumentRequired − TotalDocumentAcceptedRequired.
   */
  recordTestSetResult(set: TestSetConfig, kind: StoredKind, typeCode: string, accepted: boolean): TestSetProgress {
    const p = this.testSet(set.id);
    if (p.status !== 'En proceso') return p;
    if (accepted) {
      p.accepted++;
      if (kind === 'invoice' && ['01', '02', '03'].includes(typeCode)) p.invoicesAccepted++;
      if (kind === 'credit-note') p.creditNotesAccepted++;
      if (kind === 'debit-note') p.debitNotesAccepted++;
    } else {
      p.rejected++;
    }
    if (
      p.invoicesAccepted >= set.invoicesAcceptedRequired &&
      p.creditNotesAccepted >= set.creditNotesAcceptedRequired &&
      p.debitNotesAccepted >= set.debitNotesAcceptedRequired
    ) {
      p.status = 'Aceptado';
    } else if (p.rejected > set.totalDocumentRequired - set.totalDocumentAcceptedRequired) {
      p.status = 'Rechazado';
    }
    this.save();
    return p;
  }
}
