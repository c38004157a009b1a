import { sql, type Kysely } from 'kysely';
import type { DeliveryAttemptRecord, DeliveryRecord, DeliveryStore } from '../../delivery/ports.js';
import { insertJob } from '../queue/outbox-queue.js';
import type { OpenDatabase } from './database.js';
import { fromRow } from './mapping.js';
import type { Database } from './schema.js';

/** Job type of a delivery (subject: the delivery ID). */
export const DELIVERY_JOB = 'deliver-document';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Deliveries on the same PostgreSQL (PGlite or server) as the rest of the platform. Its tables
 * (migration 0003) are outside the shared Kysely schema, so queries are plain SQL; every tenant
 * query filters by `organization_id`.
 */
export function createDeliveryStore(database: OpenDatabase): DeliveryStore {
  const db = database.db as Kysely<Database>;
  const delivery = (row: object) => fromRow<DeliveryRecord>(row);
  return {
    async createDelivery(record, maxAttempts) {
      return db.transaction().execute(async (trx) => {
        const r = await sql<object>`
          INSERT INTO deliveries (id, organization_id, document_id, trigger, recipients, status, attempts, created_at, updated_at)
          VALUES (${record.id}, ${record.organizationId}, ${record.documentId}, ${record.trigger}, ${JSON.stringify(record.recipients)}::jsonb, 'pending', 0, ${record.createdAt}, ${record.createdAt})
          RETURNING *`.execute(trx);
        // Same transaction: a committed delivery always has its job (transactional outbox).
        await insertJob(trx, { organizationId: record.organizationId, jobType: DELIVERY_JOB, subjectId: record.id, maxAttempts, runAt: record.createdAt });
        return delivery(r.rows[0]!);
      });
    },
    async getDelivery(id) {
      if (!UUID.test(id)) return undefined;
      const r = await sql<object>`SELECT * FROM deliveries WHERE id = ${id}`.execute(db);
      return r.rows[0] ? delivery(r.rows[0]) : undefined;
    },
    async updateDelivery(id, patch, at) {
      await sql`
        UPDATE deliveries SET
          status = COALESCE(${patch.status ?? null}, status),
          subject = COALESCE(${patch.subject ?? null}, subject),
          zip_name = COALESCE(${patch.zipName ?? null}, zip_name),
          attempts = COALESCE(${patch.attempts ?? null}::integer, attempts),
          last_response = COALESCE(${patch.lastResponse ?? null}, last_response),
          delivered_at = COALESCE(${patch.deliveredAt ?? null}::timestamptz, delivered_at),
          updated_at = ${at}
        WHERE id = ${id}`.execute(db);
    },
    async recordAttempt(a) {
      await sql`
        INSERT INTO delivery_attempts (delivery_id, organization_id, document_id, attempt, transport, outcome, recipients, accepted, rejected, response, response_code, message_id, created_at)
        VALUES (${a.deliveryId}, ${a.organizationId}, ${a.documentId}, ${a.attempt}, ${a.transport}, ${a.outcome}, ${JSON.stringify(a.recipients)}::jsonb,
          ${JSON.stringify(a.accepted)}::jsonb, ${JSON.stringify(a.rejected)}::jsonb, ${a.response}, ${a.responseCode}, ${a.messageId}, ${a.createdAt})`.execute(db);
    },
    async listDeliveries(organizationId, documentId) {
      if (!UUID.test(documentId)) return [];
      const r = await sql<object>`SELECT * FROM deliveries WHERE organization_id = ${organizationId} AND document_id = ${documentId} ORDER BY created_at, id`.execute(db);
      return r.rows.map(delivery);
    },
    async listAttempts(organizationId, documentId) {
      if (!UUID.test(documentId)) return [];
      const r = await sql<object>`SELECT * FROM delivery_attempts WHERE organization_id = ${organizationId} AND document_id = ${documentId} ORDER BY id`.execute(db);
      return r.rows.map((row) => fromRow<DeliveryAttemptRecord>(row, ['id']));
    },
    async getAttachedDocument(documentId) {
      if (!UUID.test(documentId)) return undefined;
      const r = await sql<{ xml: string }>`SELECT xml FROM attached_documents WHERE document_id = ${documentId}`.execute(db);
      return r.rows[0]?.xml;
    },
    async saveAttachedDocument(organizationId, documentId, xml, at) {
      await sql`INSERT INTO attached_documents (document_id, organization_id, xml, created_at) VALUES (${documentId}, ${organizationId}, ${xml}, ${at}) ON CONFLICT (document_id) DO NOTHING`.execute(db);
      const r = await sql<{ xml: string }>`SELECT xml FROM attached_documents WHERE document_id = ${documentId}`.execute(db);
      return r.rows[0]!.xml;
    },
    async customerReceptionEmails(organizationId, customerIdNumber) {
      const r = await sql<{ reception_emails: string[] | string }>`
        SELECT reception_emails FROM customers WHERE organization_id = ${organizationId} AND party->>'id' = ${customerIdNumber} ORDER BY created_at`.execute(db);
      return r.rows.flatMap((row) => (typeof row.reception_emails === 'string' ? (JSON.parse(row.reception_emails) as string[]) : row.reception_emails));
    },
    async acceptedWithoutDelivery(since, limit) {
      const r = await sql<{ id: string; organization_id: string }>`
        SELECT d.id, d.organization_id FROM documents d
        WHERE d.status = 'accepted' AND d.habilitacion_run_id IS NULL AND d.final_at >= ${since}
          AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.document_id = d.id)
        ORDER BY d.final_at LIMIT ${limit}`.execute(db);
      return r.rows.map((row) => ({ id: row.id, organizationId: row.organization_id }));
    },
  };
}
