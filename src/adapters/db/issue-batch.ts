import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { IssueOutcome, IssueRequest } from '../../app/ports.js';
import type { StoredDocument } from '../../app/records.js';
import { fromRow, isUniqueViolation } from './mapping.js';
import type { Database } from './schema.js';

/** Most documents one allocation statement takes (bounds the statement and the JSON it carries). */
const MAX_BATCH = 64;

interface Waiting {
  request: IssueRequest;
  resolve: (o: IssueOutcome) => void;
  reject: (e: unknown) => void;
}

/** The documents columns the allocation statement writes. */
const INSERT_COLUMNS = sql.raw(`id, organization_id, document_kind, number, prefix, consecutive, numbering_range_id, uuid, status, environment,
  issue_date, issue_time, customer_id_number, customer_name, currency,
  line_extension_minor, tax_exclusive_minor, tax_inclusive_minor, payable_minor,
  input, signed_xml, file_name, referenced_document_id, habilitacion_run_id, idempotency_key, request_hash,
  dian_messages, send_attempts, created_at, updated_at`);

/**
 * Number allocation for concurrent requests, coalesced per numbering range.
 *
 * Every consecutive comes from one row (the range), so allocations serialize on its row lock,
 * held until commit (and so across the WAL flush). One statement per document therefore caps
 * throughput at one commit per document. Here the first request of a range runs at once; the
 * requests that arrive while it runs wait and then go together, in arrival order, in one
 * statement: one `UPDATE … next_number + k`, k documents, k send jobs and k audit entries,
 * committed together or not at all. Numbers stay contiguous and unique exactly as with single
 * allocations (the same row lock, the same transaction boundary); no request waits for a timer.
 *
 * A batch that fails as a whole (a repeated Idempotency-Key, a range with fewer than k numbers
 * left) is retried one document at a time, so each request gets its own precise outcome.
 */
export function createIssuer(db: Kysely<Database>, findByIdempotencyKey: (organizationId: string, key: string) => Promise<StoredDocument | undefined>) {
  const queues = new Map<string, { waiting: Waiting[]; running: boolean }>();

  async function issueOne(request: IssueRequest): Promise<IssueOutcome> {
    try {
      const rows = await allocate([request]);
      const row = rows[0];
      return row ? { status: 'created', document: fromRow<StoredDocument>(row) } : { status: 'exhausted' };
    } catch (e) {
      if (request.idempotencyKey && isUniqueViolation(e)) {
        const existing = await findByIdempotencyKey(request.organizationId, request.idempotencyKey);
        if (existing) return existing.requestHash === request.requestHash ? { status: 'replayed', document: existing } : { status: 'idempotency_conflict', document: existing };
      }
      throw e;
    }
  }

  /**
   * One statement: reserve `requests.length` consecutive numbers of the range (or none, when
   * fewer are left), insert the documents numbered in order, their send jobs and audit entries.
   * Returns the inserted rows in request order ([] when the range could not supply them all).
   */
  async function allocate(requests: IssueRequest[]): Promise<Array<Record<string, unknown>>> {
    const first = requests[0]!;
    const k = requests.length;
    let latest = first.now;
    const records = requests.map((r, ord) => {
      if (r.now > latest) latest = r.now;
      const d = r.draft;
      return {
        ord,
        id: randomUUID(),
        kind: d.documentKind,
        prefix: d.prefix,
        environment: d.environment,
        issue_date: d.issueDate,
        issue_time: d.issueTime,
        customer_id_number: d.customerIdNumber,
        customer_name: d.customerName,
        currency: d.currency,
        line_extension_minor: String(d.lineExtensionMinor),
        tax_exclusive_minor: String(d.taxExclusiveMinor),
        tax_inclusive_minor: String(d.taxInclusiveMinor),
        payable_minor: String(d.payableMinor),
        input: d.input,
        referenced_document_id: r.referencedDocumentId ?? d.referencedDocumentId ?? null,
        habilitacion_run_id: r.habilitacionRunId ?? null,
        idempotency_key: r.idempotencyKey,
        request_hash: r.requestHash,
        enqueue: r.enqueue,
        max_attempts: r.maxAttempts,
        at: r.now.toISOString(),
      };
    });
    const json = JSON.stringify(records, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    // The number completes the input: `consecutive` for invoices (the builder prefixes it), the
    // full `number` for notes.
    const result = await sql<Record<string, unknown>>`
      WITH a AS (
        UPDATE numbering_ranges SET next_number = next_number + ${k}::int, updated_at = ${latest}::timestamptz
        WHERE id = ${first.numberingRangeId}::uuid AND organization_id = ${first.organizationId}::uuid
          AND active AND next_number + ${k}::int - 1 <= to_number
        RETURNING next_number - ${k}::int AS first_n
      ), x AS (
        SELECT r.*, a.first_n + r.ord AS n
        FROM a, jsonb_to_recordset(${json}::jsonb) AS r(
          ord int, id uuid, kind text, prefix text, environment text, issue_date text, issue_time text,
          customer_id_number text, customer_name text, currency text,
          line_extension_minor bigint, tax_exclusive_minor bigint, tax_inclusive_minor bigint, payable_minor bigint,
          input jsonb, referenced_document_id uuid, habilitacion_run_id uuid, idempotency_key text, request_hash text,
          enqueue boolean, max_attempts int, at timestamptz)
      ), d AS (
        INSERT INTO documents (${INSERT_COLUMNS})
        SELECT x.id, ${first.organizationId}::uuid, x.kind, x.prefix || x.n::text, x.prefix, x.n, ${first.numberingRangeId}::uuid, NULL, 'queued', x.environment,
          x.issue_date, x.issue_time, x.customer_id_number, x.customer_name, x.currency,
          x.line_extension_minor, x.tax_exclusive_minor, x.tax_inclusive_minor, x.payable_minor,
          x.input || CASE WHEN x.kind = 'invoice' THEN jsonb_build_object('consecutive', x.n) ELSE jsonb_build_object('number', x.prefix || x.n::text) END,
          NULL, NULL, x.referenced_document_id, x.habilitacion_run_id, x.idempotency_key, x.request_hash, '[]'::jsonb, 0, x.at, x.at
        FROM x ORDER BY x.ord
        RETURNING *
      ), j AS (
        INSERT INTO jobs (organization_id, job_type, subject_id, status, attempts, max_attempts, run_at, created_at, updated_at)
        SELECT d.organization_id, 'send-document', d.id, 'pending', 0, x.max_attempts, d.created_at, d.created_at, d.created_at
        FROM d JOIN x ON x.id = d.id WHERE x.enqueue ORDER BY x.ord
      ), l AS (
        INSERT INTO audit_log (organization_id, entry_type, entity, entity_id, action, from_state, to_state, detail, created_at)
        SELECT organization_id, 'state_change', 'document', id::text, 'issued', NULL, 'queued',
          jsonb_build_object('number', number, 'kind', document_kind), created_at
        FROM d
      )
      SELECT * FROM d ORDER BY consecutive`.execute(db);
    return result.rows;
  }

  async function drain(key: string, q: { waiting: Waiting[]; running: boolean }): Promise<void> {
    q.running = true;
    try {
      while (q.waiting.length > 0) {
        const batch = q.waiting.splice(0, MAX_BATCH);
        if (batch.length > 1) {
          let rows: Array<Record<string, unknown>> | undefined;
          try {
            rows = await allocate(batch.map((w) => w.request));
          } catch {
            rows = undefined; // retried one by one below, each with its own outcome
          }
          if (rows && rows.length === batch.length) {
            batch.forEach((w, i) => w.resolve({ status: 'created', document: fromRow<StoredDocument>(rows[i]!) }));
            continue;
          }
        }
        for (const w of batch) {
          try {
            w.resolve(await issueOne(w.request));
          } catch (e) {
            w.reject(e);
          }
        }
      }
    } finally {
      q.running = false;
      queues.delete(key);
    }
  }

  return function issueDocument(request: IssueRequest): Promise<IssueOutcome> {
    return new Promise<IssueOutcome>((resolve, reject) => {
      const key = `${request.organizationId}/${request.numberingRangeId}`;
      let q = queues.get(key);
      if (!q) queues.set(key, (q = { waiting: [], running: false }));
      q.waiting.push({ request, resolve, reject });
      if (!q.running) void drain(key, q);
    });
  };
}
