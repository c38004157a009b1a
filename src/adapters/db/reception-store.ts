import { sql, type Kysely } from 'kysely';
import type {
  InsertReceivedOutcome,
  RadianEventRecord,
  ReceivedDocumentRecord,
  ReceptionSettings,
  ReceptionStore,
} from '../../app/reception-ports.js';
import type { OpenDatabase } from './database.js';
import { fromRow, isUniqueViolation } from './mapping.js';
import type { Database } from './schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function json(v: unknown): string {
  return JSON.stringify(v);
}

function parsedJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function bytes(v: unknown): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBuffer);
}

function received(row: object): ReceivedDocumentRecord {
  const r = fromRow<ReceivedDocumentRecord>(row);
  return {
    ...r,
    checks: parsedJson(r.checks),
    taxes: parsedJson(r.taxes),
    original: bytes(r.original),
    pdf: r.pdf ? bytes(r.pdf) : null,
  };
}

function event(row: object): RadianEventRecord {
  const r = fromRow<RadianEventRecord>(row);
  return { ...r, dianMessages: parsedJson(r.dianMessages) };
}

/**
 * Received documents and RADIAN events on the platform's PostgreSQL (PGlite or server). The
 * tables (migration 0004) are outside the shared Kysely schema, so queries are plain SQL; every
 * tenant query filters by `organization_id`.
 */
export function createReceptionStore(database: OpenDatabase): ReceptionStore {
  const db = database.db as Kysely<Database>;

  // Same bytes, or — for a valid document — the valid copy with the same CUFE.
  const findByHashOrCufe = async (organizationId: string, hash: string, validCufe: string | null) => {
    const r = await sql<object>`
      SELECT * FROM received_documents WHERE organization_id = ${organizationId}
        AND (content_hash = ${hash} OR (${validCufe}::text IS NOT NULL AND cufe = ${validCufe} AND status = 'valid'))
      ORDER BY content_hash = ${hash} DESC, received_at LIMIT 1`.execute(db);
    return r.rows[0] ? received(r.rows[0]) : undefined;
  };

  const store: ReceptionStore = {
    async insertReceived(d): Promise<InsertReceivedOutcome> {
      const validCufe = d.status === 'valid' ? d.cufe : null;
      const existing = await findByHashOrCufe(d.organizationId, d.contentHash, validCufe);
      if (!existing) {
        try {
          const r = await sql<object>`
            INSERT INTO received_documents (id, organization_id, source, source_ref, content_hash, status, reason, checks, document_type, type_code, cufe,
              number, issue_date, issue_time, due_date, supplier_nit, supplier_dv, supplier_name, supplier_email, customer_nit, customer_name, currency,
              line_extension_minor, tax_exclusive_minor, tax_inclusive_minor, payable_minor, taxes, environment, xml, attached_xml, application_response,
              original_name, original, pdf, acceptance_deadline, times_received, received_at, updated_at)
            VALUES (${d.id}, ${d.organizationId}, ${d.source}, ${d.sourceRef}, ${d.contentHash}, ${d.status}, ${d.reason}, ${json(d.checks)}::jsonb,
              ${d.documentType}, ${d.typeCode}, ${d.cufe}, ${d.number}, ${d.issueDate}, ${d.issueTime}, ${d.dueDate}, ${d.supplierNit}, ${d.supplierDv},
              ${d.supplierName}, ${d.supplierEmail}, ${d.customerNit}, ${d.customerName}, ${d.currency}, ${d.lineExtensionMinor}, ${d.taxExclusiveMinor},
              ${d.taxInclusiveMinor}, ${d.payableMinor}, ${json(d.taxes)}::jsonb, ${d.environment}, ${d.xml}, ${d.attachedXml}, ${d.applicationResponse},
              ${d.originalName}, ${Buffer.from(d.original)}, ${d.pdf ? Buffer.from(d.pdf) : null}, ${d.acceptanceDeadline}, 1, ${d.receivedAt}, ${d.updatedAt})
            RETURNING *`.execute(db);
          return { status: 'created', record: received(r.rows[0]!) };
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
        }
      }
      // Same bytes, or a valid copy of a valid document: count the arrival, keep the first copy (and a PDF it lacked).
      const first = existing ?? (await findByHashOrCufe(d.organizationId, d.contentHash, validCufe));
      if (!first) throw new Error('Documento recibido duplicado no encontrado');
      await sql`
        UPDATE received_documents SET times_received = times_received + 1, pdf = COALESCE(pdf, ${d.pdf ? Buffer.from(d.pdf) : null}), updated_at = ${d.receivedAt}
        WHERE id = ${first.id}`.execute(db);
      return { status: 'duplicate', record: (await store.getReceived(d.organizationId, first.id))! };
    },
    async getReceived(organizationId, id) {
      if (!UUID.test(id)) return undefined;
      const r = await sql<object>`SELECT * FROM received_documents WHERE organization_id = ${organizationId} AND id = ${id}`.execute(db);
      return r.rows[0] ? received(r.rows[0]) : undefined;
    },
    async findReceivedByCufe(organizationId, cufe) {
      // The valid copy first.
      const r = await sql<object>`
        SELECT * FROM received_documents WHERE organization_id = ${organizationId} AND cufe = ${cufe}
        ORDER BY status = 'valid' DESC, received_at LIMIT 1`.execute(db);
      return r.rows[0] ? received(r.rows[0]) : undefined;
    },
    async listReceived(organizationId, f) {
      const r = await sql<object>`
        SELECT * FROM received_documents WHERE organization_id = ${organizationId}
          AND (${f.status ?? null}::text IS NULL OR status = ${f.status ?? null})
          AND (${f.supplierNit ?? null}::text IS NULL OR supplier_nit = ${f.supplierNit ?? null})
          AND (${f.number ?? null}::text IS NULL OR number = ${f.number ?? null})
          AND (${f.from ?? null}::text IS NULL OR issue_date >= ${f.from ?? null})
          AND (${f.to ?? null}::text IS NULL OR issue_date <= ${f.to ?? null})
        ORDER BY received_at DESC, id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
      return r.rows.map(received);
    },
    async updateVerification(organizationId, id, v, at) {
      try {
        await sql`
          UPDATE received_documents SET status = ${v.status}, reason = ${v.reason}, checks = ${json(v.checks)}::jsonb,
            application_response = COALESCE(${v.applicationResponse}, application_response), updated_at = ${at}
          WHERE organization_id = ${organizationId} AND id = ${id}`.execute(db);
        return 'updated';
      } catch (e) {
        if (isUniqueViolation(e)) return 'duplicate';
        throw e;
      }
    },
    async countReceived(organizationId, since) {
      const r = await sql<{ status: string; n: string | bigint | number }>`
        SELECT status, COUNT(*) AS n FROM received_documents WHERE organization_id = ${organizationId} AND received_at >= ${since} GROUP BY status`.execute(db);
      return Object.fromEntries(r.rows.map((row) => [row.status, Number(row.n)]));
    },
    async listWithDeadline(organizationId, limit) {
      const r = await sql<object>`
        SELECT * FROM received_documents WHERE organization_id = ${organizationId} AND status = 'valid' AND acceptance_deadline IS NOT NULL
        ORDER BY acceptance_deadline LIMIT ${limit}`.execute(db);
      return r.rows.map(received);
    },
    async setAcceptanceDeadline(organizationId, id, deadline, at) {
      await sql`UPDATE received_documents SET acceptance_deadline = ${deadline}, updated_at = ${at} WHERE organization_id = ${organizationId} AND id = ${id}`.execute(db);
    },

    async insertEvent(e, prefix) {
      // The number is the next per (organization, code); a concurrent insert retries on the unique key.
      for (let attempt = 0; ; attempt++) {
        const n = await sql<{ n: string | bigint }>`
          SELECT COUNT(*) + 1 AS n FROM radian_events WHERE organization_id = ${e.organizationId} AND direction = 'issued' AND code = ${e.code}`.execute(db);
        const number = `${prefix}${String(BigInt(n.rows[0]!.n) + BigInt(attempt))}`;
        try {
          const r = await sql<object>`
            INSERT INTO radian_events (id, organization_id, direction, received_document_id, document_id, invoice_cufe, invoice_number, code, number, cude,
              claim_concept, status, sender_nit, xml, dian_status_code, dian_messages, application_response, error, issued_at, created_at, updated_at)
            VALUES (${e.id}, ${e.organizationId}, ${e.direction}, ${e.receivedDocumentId}, ${e.documentId}, ${e.invoiceCufe}, ${e.invoiceNumber}, ${e.code},
              ${number}, ${e.cude}, ${e.claimConcept}, ${e.status}, ${e.senderNit}, ${e.xml}, ${e.dianStatusCode}, ${json(e.dianMessages)}::jsonb,
              ${e.applicationResponse}, ${e.error}, ${e.issuedAt}, ${e.createdAt}, ${e.updatedAt})
            RETURNING *`.execute(db);
          return event(r.rows[0]!);
        } catch (err) {
          if (!isUniqueViolation(err) || attempt > 20) throw err;
        }
      }
    },
    async upsertTrackedEvent(e, at) {
      const existing = await sql<object>`
        SELECT * FROM radian_events WHERE organization_id = ${e.organizationId} AND direction = 'tracked' AND invoice_cufe = ${e.invoiceCufe}
          AND code = ${e.code} AND number = ${e.number}`.execute(db);
      if (existing.rows[0]) {
        const id = (existing.rows[0] as { id: string }).id;
        await sql`UPDATE radian_events SET cude = COALESCE(${e.cude}, cude), status = ${e.status}, updated_at = ${at} WHERE id = ${id}`.execute(db);
        return (await store.getEvent(e.organizationId, id))!;
      }
      const r = await sql<object>`
        INSERT INTO radian_events (id, organization_id, direction, received_document_id, document_id, invoice_cufe, invoice_number, code, number, cude,
          claim_concept, status, sender_nit, xml, dian_status_code, dian_messages, application_response, error, issued_at, created_at, updated_at)
        VALUES (gen_random_uuid(), ${e.organizationId}, 'tracked', ${e.receivedDocumentId}, ${e.documentId}, ${e.invoiceCufe}, ${e.invoiceNumber}, ${e.code},
          ${e.number}, ${e.cude}, ${e.claimConcept}, ${e.status}, ${e.senderNit}, ${e.xml}, ${e.dianStatusCode}, ${json(e.dianMessages)}::jsonb,
          ${e.applicationResponse}, ${e.error}, ${e.issuedAt}, ${at}, ${at})
        ON CONFLICT (organization_id, direction, code, number) DO UPDATE SET updated_at = EXCLUDED.updated_at
        RETURNING *`.execute(db);
      return event(r.rows[0]!);
    },
    async updateEvent(organizationId, id, p, at) {
      await sql`
        UPDATE radian_events SET
          status = COALESCE(${p.status ?? null}, status),
          dian_status_code = COALESCE(${p.dianStatusCode ?? null}, dian_status_code),
          dian_messages = COALESCE(${p.dianMessages ? json(p.dianMessages) : null}::jsonb, dian_messages),
          application_response = COALESCE(${p.applicationResponse ?? null}, application_response),
          error = ${p.error === undefined ? sql`error` : p.error},
          xml = COALESCE(${p.xml ?? null}, xml),
          cude = COALESCE(${p.cude ?? null}, cude),
          updated_at = ${at}
        WHERE organization_id = ${organizationId} AND id = ${id}`.execute(db);
    },
    async getEvent(organizationId, id) {
      if (!UUID.test(id)) return undefined;
      const r = await sql<object>`SELECT * FROM radian_events WHERE organization_id = ${organizationId} AND id = ${id}`.execute(db);
      return r.rows[0] ? event(r.rows[0]) : undefined;
    },
    async listEventsByInvoice(organizationId, cufe) {
      const r = await sql<object>`SELECT * FROM radian_events WHERE organization_id = ${organizationId} AND invoice_cufe = ${cufe} ORDER BY issued_at, created_at`.execute(db);
      return r.rows.map(event);
    },
    async listEventsByInvoices(organizationId, cufes) {
      if (cufes.length === 0) return [];
      const r = await sql<object>`
        SELECT * FROM radian_events WHERE organization_id = ${organizationId} AND invoice_cufe = ANY(${cufes}::text[]) ORDER BY issued_at, created_at`.execute(db);
      return r.rows.map(event);
    },

    async getSettings(organizationId) {
      const r = await sql<{ auto_acknowledge: boolean; auto_receipt: boolean; person: unknown }>`
        SELECT auto_acknowledge, auto_receipt, person FROM reception_settings WHERE organization_id = ${organizationId}`.execute(db);
      const row = r.rows[0];
      if (!row) return { autoAcknowledge: false, autoReceipt: false, person: null };
      return { autoAcknowledge: row.auto_acknowledge, autoReceipt: row.auto_receipt, person: row.person ? parsedJson<ReceptionSettings['person']>(row.person) : null };
    },
    async saveSettings(organizationId, s, at) {
      await sql`
        INSERT INTO reception_settings (organization_id, auto_acknowledge, auto_receipt, person, updated_at)
        VALUES (${organizationId}, ${s.autoAcknowledge}, ${s.autoReceipt}, ${s.person ? json(s.person) : null}::jsonb, ${at})
        ON CONFLICT (organization_id) DO UPDATE SET auto_acknowledge = EXCLUDED.auto_acknowledge, auto_receipt = EXCLUDED.auto_receipt,
          person = EXCLUDED.person, updated_at = EXCLUDED.updated_at`.execute(db);
      return store.getSettings(organizationId);
    },

    async findOwnInvoice(organizationId, cufe) {
      const r = await sql<{ id: string; number: string; uuid: string; input: unknown; final_at: Date | null }>`
        SELECT id, number, uuid, input, final_at FROM documents
        WHERE organization_id = ${organizationId} AND uuid = ${cufe} AND document_kind = 'invoice' AND status = 'accepted'`.execute(db);
      const row = r.rows[0];
      if (!row) return undefined;
      const input = parsedJson<{ customer?: { id?: string; idType?: string; name?: string; responsibilities?: string[]; taxScheme?: string } }>(row.input);
      const c = input.customer ?? {};
      return {
        id: row.id,
        number: row.number,
        cufe: row.uuid,
        customer: { id: c.id ?? '', idType: c.idType ?? '31', name: c.name ?? '', responsibilities: c.responsibilities ?? [], taxScheme: c.taxScheme ?? '01' },
        acceptedAt: row.final_at,
      };
    },
    async ownAcceptedInvoices(organizationId, since, limit) {
      const r = await sql<{ id: string; uuid: string }>`
        SELECT id, uuid FROM documents WHERE organization_id = ${organizationId} AND document_kind = 'invoice' AND status = 'accepted'
          AND habilitacion_run_id IS NULL AND final_at >= ${since} ORDER BY final_at DESC LIMIT ${limit}`.execute(db);
      return r.rows.map((row) => ({ id: row.id, cufe: row.uuid }));
    },

    async getImapCursor(key) {
      const r = await sql<{ uid_validity: string; last_uid: bigint | string }>`SELECT uid_validity, last_uid FROM imap_cursors WHERE cursor_key = ${key}`.execute(db);
      const row = r.rows[0];
      return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) } : undefined;
    },
    async saveImapCursor(key, c, at) {
      await sql`
        INSERT INTO imap_cursors (cursor_key, uid_validity, last_uid, updated_at) VALUES (${key}, ${c.uidValidity}, ${c.lastUid}, ${at})
        ON CONFLICT (cursor_key) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid, updated_at = EXCLUDED.updated_at`.execute(db);
    },
  };
  return store;
}
