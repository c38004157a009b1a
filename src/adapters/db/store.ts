import { sql } from 'kysely';
import type { DocumentFilter, Store } from '../../app/ports.js';
import type {
  ApiKeyRecord,
  CertificateRecord,
  CustomerRecord,
  DocumentKind,
  DocumentStatus,
  HabilitacionRunRecord,
  ItemRecord,
  NumberingRangeRecord,
  OrganizationRecord,
  PaymentMethodRecord,
  StoredDocument,
} from '../../app/records.js';
import { createOutboxQueue, insertJob } from '../queue/outbox-queue.js';
import type { OpenDatabase } from './database.js';
import { createIssuer } from './issue-batch.js';
import { fromRow, toRow } from './mapping.js';

const ORG_JSON = ['responsibilities', 'address', 'industryCodes'];
const CUSTOMER_JSON = ['party', 'receptionEmails'];
const ITEM_JSON = ['standardItemId', 'taxes', 'withholdings'];
const DOC_JSON = ['input', 'dianMessages'];

/**
 * The PostgreSQL store (PGlite or a server, same SQL). Every tenant query filters by
 * `organization_id`, so a wrong organization reads as "not found".
 */
export function createStore(database: OpenDatabase): Store {
  const { db } = database;
  const queue = createOutboxQueue(db);
  const doc = (row: object | undefined) => (row ? fromRow<StoredDocument>(row) : undefined);
  const issueBatched = createIssuer(db, (organizationId, key) => store.findDocumentByIdempotencyKey(organizationId, key));

  const store: Store = {
    queue,
    close: () => database.close(),

    async createOrganization(record) {
      const row = await db.insertInto('organizations').values(toRow(record, ORG_JSON) as never).returningAll().executeTakeFirstOrThrow();
      return fromRow<OrganizationRecord>(row);
    },
    async getOrganization(id) {
      if (!isUuid(id)) return undefined;
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow<OrganizationRecord>(row);
    },
    async findOrganizationByNit(nit) {
      const row = await db.selectFrom('organizations').selectAll().where('nit', '=', nit).executeTakeFirst();
      return row && fromRow<OrganizationRecord>(row);
    },
    async listOrganizations() {
      const rows = await db.selectFrom('organizations').selectAll().orderBy('created_at').execute();
      return rows.map((r) => fromRow<OrganizationRecord>(r));
    },
    async updateOrganization(id, patch) {
      if (!isUuid(id)) return undefined;
      const row = await db.updateTable('organizations').set(toRow(patch, ORG_JSON) as never).where('id', '=', id).returningAll().executeTakeFirst();
      return row && fromRow<OrganizationRecord>(row);
    },

    async createApiKey(record) {
      const row = await db.insertInto('api_keys').values(toRow(record) as never).returningAll().executeTakeFirstOrThrow();
      return fromRow<ApiKeyRecord>(row);
    },
    async findApiKeyByHash(keyHash) {
      const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
      return row && fromRow<ApiKeyRecord>(row);
    },
    async listApiKeys(organizationId) {
      const rows = await db.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
      return rows.map((r) => fromRow<ApiKeyRecord>(r));
    },
    async revokeApiKey(organizationId, id, at) {
      if (!isUuid(id)) return false;
      const r = await db.updateTable('api_keys').set({ revoked_at: at }).where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },

    async addCertificate(record) {
      return db.transaction().execute(async (trx) => {
        await trx.updateTable('certificates').set({ active: false }).where('organization_id', '=', record.organizationId).execute();
        const row = await trx.insertInto('certificates').values(toRow({ ...record, active: true }) as never).returningAll().executeTakeFirstOrThrow();
        return fromRow<CertificateRecord>(row);
      });
    },
    async getActiveCertificate(organizationId) {
      const row = await db.selectFrom('certificates').selectAll().where('organization_id', '=', organizationId).where('active', '=', true).executeTakeFirst();
      return row && fromRow<CertificateRecord>(row);
    },
    async listCertificates(organizationId) {
      const rows = await db.selectFrom('certificates').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').execute();
      return rows.map((r) => fromRow<CertificateRecord>(r));
    },

    async createNumberingRange(record) {
      const row = await db.insertInto('numbering_ranges').values(toRow(record) as never).returningAll().executeTakeFirstOrThrow();
      return fromRow<NumberingRangeRecord>(row);
    },
    async upsertNumberingRange(record) {
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('numbering_ranges')
          .selectAll()
          .where('organization_id', '=', record.organizationId)
          .where('document_kind', '=', record.documentKind)
          .where('prefix', '=', record.prefix)
          .where(sql<boolean>`coalesce(resolution, '') = ${record.resolution ?? ''}`)
          .forUpdate()
          .executeTakeFirst();
        if (!existing) {
          const row = await trx.insertInto('numbering_ranges').values(toRow(record) as never).returningAll().executeTakeFirstOrThrow();
          return fromRow<NumberingRangeRecord>(row);
        }
        const row = await trx
          .updateTable('numbering_ranges')
          .set({
            resolution_date: record.resolutionDate,
            from_number: record.fromNumber,
            to_number: record.toNumber,
            valid_from: record.validFrom,
            valid_to: record.validTo,
            technical_key_enc: record.technicalKeyEnc,
            source: record.source,
            active: true,
            updated_at: record.updatedAt,
          })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return fromRow<NumberingRangeRecord>(row);
      });
    },
    async getNumberingRange(organizationId, id) {
      if (!isUuid(id)) return undefined;
      const row = await db.selectFrom('numbering_ranges').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && fromRow<NumberingRangeRecord>(row);
    },
    async listNumberingRanges(organizationId, kind) {
      let q = db.selectFrom('numbering_ranges').selectAll().where('organization_id', '=', organizationId);
      if (kind) q = q.where('document_kind', '=', kind);
      const rows = await q.orderBy('created_at').execute();
      return rows.map((r) => fromRow<NumberingRangeRecord>(r));
    },
    async updateNumberingRange(organizationId, id, patch, at) {
      if (!isUuid(id)) return undefined;
      const row = await db
        .updateTable('numbering_ranges')
        .set({ ...(toRow(patch) as object), updated_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && fromRow<NumberingRangeRecord>(row);
    },

    async createPaymentMethod(record) {
      const row = await db.insertInto('payment_methods').values(toRow(record) as never).returningAll().executeTakeFirstOrThrow();
      return fromRow<PaymentMethodRecord>(row);
    },
    async listPaymentMethods(organizationId) {
      const rows = await db.selectFrom('payment_methods').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
      return rows.map((r) => fromRow<PaymentMethodRecord>(r));
    },
    async getPaymentMethod(organizationId, id) {
      if (!isUuid(id)) return undefined;
      const row = await db.selectFrom('payment_methods').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && fromRow<PaymentMethodRecord>(row);
    },
    async deletePaymentMethod(organizationId, id) {
      if (!isUuid(id)) return false;
      const r = await db.deleteFrom('payment_methods').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return r.numDeletedRows > 0n;
    },

    async createCustomer(record) {
      const row = await db.insertInto('customers').values(toRow(record, CUSTOMER_JSON) as never).returningAll().executeTakeFirstOrThrow();
      return fromRow<CustomerRecord>(row);
    },
    async getCustomer(organizationId, id) {
      if (!isUuid(id)) return undefined;
      const row = await db.selectFrom('customers').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && fromRow<CustomerRecord>(row);
    },
    async listCustomers(organizationId, query) {
      let q = db.selectFrom('customers').selectAll().where('organization_id', '=', organizationId);
      if (query.search) {
        const like = `%${query.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb(sql`party->>'name'`, 'ilike', like), eb(sql`party->>'id'`, 'like', like)]));
      }
      const rows = await q.orderBy('created_at').limit(query.limit).offset(query.offset).execute();
      return rows.map((r) => fromRow<CustomerRecord>(r));
    },
    async updateCustomer(organizationId, id, patch, at) {
      if (!isUuid(id)) return undefined;
      const row = await db
        .updateTable('customers')
        .set({ ...(toRow(patch, CUSTOMER_JSON) as object), updated_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && fromRow<CustomerRecord>(row);
    },
    async deleteCustomer(organizationId, id) {
      if (!isUuid(id)) return false;
      const r = await db.deleteFrom('customers').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return r.numDeletedRows > 0n;
    },

    async createItem(record) {
      const row = await db.insertInto('items').values(toRow(record, ITEM_JSON) as never).returningAll().executeTakeFirstOrThrow();
      return fromRow<ItemRecord>(row);
    },
    async getItem(organizationId, id) {
      if (!isUuid(id)) return undefined;
      const row = await db.selectFrom('items').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && fromRow<ItemRecord>(row);
    },
    async listItems(organizationId, query) {
      const rows = await db.selectFrom('items').selectAll().where('organization_id', '=', organizationId).orderBy('code').limit(query.limit).offset(query.offset).execute();
      return rows.map((r) => fromRow<ItemRecord>(r));
    },
    async updateItem(organizationId, id, patch, at) {
      if (!isUuid(id)) return undefined;
      const row = await db
        .updateTable('items')
        .set({ ...(toRow(patch, ITEM_JSON) as object), updated_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && fromRow<ItemRecord>(row);
    },
    async deleteItem(organizationId, id) {
      if (!isUuid(id)) return false;
      const r = await db.deleteFrom('items').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return r.numDeletedRows > 0n;
    },

    issueDocument: (request) => issueBatched(request),
    async saveSignedDocument(organizationId, id, fields, at) {
      if (!isUuid(id)) return undefined;
      const row = await db
        .updateTable('documents')
        .set({ uuid: fields.uuid, signed_xml: fields.signedXml, file_name: fields.fileName, updated_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('signed_xml', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return doc(row);
    },
    async getDocument(organizationId, id) {
      if (!isUuid(id)) return undefined;
      return doc(await db.selectFrom('documents').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst());
    },
    async getDocumentForWorker(id) {
      if (!isUuid(id)) return undefined;
      return doc(await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst());
    },
    async findDocumentByIdempotencyKey(organizationId, key) {
      return doc(await db.selectFrom('documents').selectAll().where('organization_id', '=', organizationId).where('idempotency_key', '=', key).executeTakeFirst());
    },
    async listDocuments(organizationId, filter: DocumentFilter) {
      let q = db.selectFrom('documents').selectAll().where('organization_id', '=', organizationId).where('habilitacion_run_id', 'is', null);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.kind) q = q.where('document_kind', '=', filter.kind);
      if (filter.from) q = q.where('issue_date', '>=', filter.from);
      if (filter.to) q = q.where('issue_date', '<=', filter.to);
      if (filter.customerIdNumber) q = q.where('customer_id_number', '=', filter.customerIdNumber);
      if (filter.number) q = q.where('number', '=', filter.number);
      if (filter.uuid) q = q.where('uuid', '=', filter.uuid);
      const rows = await q.orderBy('created_at', 'desc').orderBy('consecutive', 'desc').limit(filter.limit).offset(filter.offset).execute();
      return rows.map((r) => fromRow<StoredDocument>(r));
    },
    async listRunDocuments(organizationId, runId) {
      const rows = await db.selectFrom('documents').selectAll().where('organization_id', '=', organizationId).where('habilitacion_run_id', '=', runId).orderBy('created_at').orderBy('consecutive').execute();
      return rows.map((r) => fromRow<StoredDocument>(r));
    },
    async updateDocumentState(organizationId, id, patch, at, action) {
      if (!isUuid(id)) return undefined;
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('documents').select(['status']).where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) return undefined;
        const row = await trx
          .updateTable('documents')
          .set({ ...(toRow(patch, DOC_JSON) as object), updated_at: at })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('audit_log')
          .values({
            organization_id: organizationId,
            entry_type: 'state_change',
            entity: 'document',
            entity_id: id,
            action,
            from_state: before.status,
            to_state: row.status,
            request_body: null,
            response_body: null,
            detail: JSON.stringify({ dianStatusCode: patch.dianStatusCode, lastError: patch.lastError }),
            created_at: at,
          })
          .execute();
        return fromRow<StoredDocument>(row);
      });
    },
    async requeueDocument(organizationId, id, maxAttempts, at) {
      if (!isUuid(id)) return undefined;
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('documents')
          .set({ status: 'queued', last_error: null, final_at: null, updated_at: at })
          .where('organization_id', '=', organizationId)
          .where('id', '=', id)
          .where('status', '=', 'failed')
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        await insertJob(trx, { organizationId, jobType: 'send-document', subjectId: id, maxAttempts, runAt: at });
        await trx
          .insertInto('audit_log')
          .values({ organization_id: organizationId, entry_type: 'state_change', entity: 'document', entity_id: id, action: 'requeued', from_state: 'failed', to_state: 'queued', request_body: null, response_body: null, detail: null, created_at: at })
          .execute();
        return fromRow<StoredDocument>(row);
      });
    },
    async documentStats(organizationId, since) {
      const rows = await db
        .selectFrom('documents')
        .select(['document_kind', 'status', db.fn.countAll<string>().as('n')])
        .where('organization_id', '=', organizationId)
        .where('habilitacion_run_id', 'is', null)
        .where('created_at', '>=', since)
        .groupBy(['document_kind', 'status'])
        .execute();
      return rows.map((r) => ({ kind: r.document_kind as DocumentKind, status: r.status as DocumentStatus, count: Number(r.n) }));
    },

    async createHabilitacionRun(record) {
      const row = await db.insertInto('habilitacion_runs').values(toRow(record, ['composition']) as never).returningAll().executeTakeFirstOrThrow();
      return fromRow<HabilitacionRunRecord>(row);
    },
    async getHabilitacionRun(organizationId, id) {
      if (!isUuid(id)) return undefined;
      const row = await db.selectFrom('habilitacion_runs').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && fromRow<HabilitacionRunRecord>(row);
    },
    async latestHabilitacionRun(organizationId) {
      const row = await db.selectFrom('habilitacion_runs').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').executeTakeFirst();
      return row && fromRow<HabilitacionRunRecord>(row);
    },
    async updateHabilitacionRun(organizationId, id, patch, at) {
      if (!isUuid(id)) return undefined;
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('habilitacion_runs').select(['state']).where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) return undefined;
        const row = await trx.updateTable('habilitacion_runs').set({ ...(toRow(patch) as object), updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        if (patch.state && patch.state !== before.state) {
          await trx
            .insertInto('audit_log')
            .values({ organization_id: organizationId, entry_type: 'state_change', entity: 'habilitacion_run', entity_id: id, action: 'state', from_state: before.state, to_state: patch.state, request_body: null, response_body: null, detail: patch.detail ? JSON.stringify({ detail: patch.detail }) : null, created_at: at })
            .execute();
        }
        return fromRow<HabilitacionRunRecord>(row);
      });
    },

    async audit(entry) {
      await db
        .insertInto('audit_log')
        .values({
          organization_id: entry.organizationId,
          entry_type: entry.entryType,
          entity: entry.entity,
          entity_id: entry.entityId,
          action: entry.action,
          from_state: entry.fromState ?? null,
          to_state: entry.toState ?? null,
          request_body: entry.requestBody ?? null,
          response_body: entry.responseBody ?? null,
          detail: entry.detail ? JSON.stringify(entry.detail) : null,
          created_at: entry.createdAt,
        })
        .execute();
    },
    async listAudit(organizationId, query) {
      let q = db.selectFrom('audit_log').selectAll().where('organization_id', '=', organizationId);
      if (query.entityId) q = q.where('entity_id', '=', query.entityId);
      const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map((r) => fromRow(r, ['id']));
    },
  };
  return store;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IDs in URLs are untrusted: a malformed one is simply "not found" (never a SQL cast error → 500). */
function isUuid(id: string): boolean {
  return UUID.test(id);
}
