import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { JobQueue } from '../../app/ports.js';
import type { JobRecord, JobType } from '../../app/records.js';
import { fromRow } from '../db/mapping.js';
import type { Database } from '../db/schema.js';

/**
 * A durable job queue on PostgreSQL: a transactional outbox (`jobs` table). Jobs are inserted
 * in the same transaction as their subject (the document), so a committed document always has
 * its job and a rolled-back one never does. Workers claim due jobs with
 * `FOR UPDATE SKIP LOCKED` and a lease (`locked_until`): several worker processes can run at
 * once, and a worker that dies (kill -9) loses its lease, after which another claims the job.
 * Attempts are counted at claim time, so a job that keeps crashing its worker still ends dead.
 */
export function createOutboxQueue(db: Kysely<Database>): JobQueue {
  const toJob = (row: object): JobRecord => fromRow<JobRecord>(row, ['id']);
  return {
    async enqueue(job) {
      const row = await insertJob(db, job);
      return row;
    },
    async claim(workerId, limit, now, leaseMs) {
      const until = new Date(now.getTime() + leaseMs);
      const result = await sql<object>`
        UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
          locked_until = ${until}, updated_at = ${now}
        WHERE id IN (
          SELECT id FROM jobs
          WHERE (status = 'pending' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now})
          ORDER BY run_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING *`.execute(db);
      return result.rows.map(toJob);
    },
    async heartbeat(jobId, workerId, until) {
      const r = await db
        .updateTable('jobs')
        .set({ locked_until: until })
        .where('id', '=', BigInt(jobId))
        .where('locked_by', '=', workerId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },
    async complete(jobId, workerId, now) {
      await db
        .updateTable('jobs')
        .set({ status: 'done', locked_by: null, locked_until: null, updated_at: now })
        .where('id', '=', BigInt(jobId))
        .where('locked_by', '=', workerId)
        .execute();
    },
    async retry(jobId, workerId, runAt, error, now) {
      await db
        .updateTable('jobs')
        .set({ status: 'pending', run_at: runAt, locked_by: null, locked_until: null, last_error: error, updated_at: now })
        .where('id', '=', BigInt(jobId))
        .where('locked_by', '=', workerId)
        .execute();
    },
    async bury(jobId, workerId, error, now) {
      await db
        .updateTable('jobs')
        .set({ status: 'dead', locked_by: null, locked_until: null, last_error: error, updated_at: now })
        .where('id', '=', BigInt(jobId))
        .where('locked_by', '=', workerId)
        .execute();
    },
    async countByStatus() {
      const rows = await db.selectFrom('jobs').select(['status', db.fn.countAll<string>().as('n')]).groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

/** Inserts a job with the given executor (the caller's transaction, for the outbox guarantee). */
export async function insertJob(
  executor: Kysely<Database> | Transaction<Database>,
  job: { organizationId: string; jobType: JobType; subjectId: string; maxAttempts: number; runAt: Date },
): Promise<JobRecord> {
  const row = await executor
    .insertInto('jobs')
    .values({
      organization_id: job.organizationId,
      job_type: job.jobType,
      subject_id: job.subjectId,
      status: 'pending',
      attempts: 0,
      max_attempts: job.maxAttempts,
      run_at: job.runAt,
      created_at: job.runAt,
      updated_at: job.runAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow<JobRecord>(row, ['id']);
}

/** A unique worker identity (host-independent). */
export function newWorkerId(): string {
  return `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
}
