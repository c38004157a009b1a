import { sql, type Kysely } from 'kysely';
import type { UserRecord, UserStore } from '../../app/ports.js';
import type { OpenDatabase } from './database.js';
import { fromRow, isUniqueViolation } from './mapping.js';
import type { Database } from './schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Organization users on the platform's PostgreSQL (PGlite or server). The table (migration
 * 0005) is outside the shared Kysely schema, so queries are plain SQL; every query filters by
 * `organization_id`.
 */
export function createUserStore(database: OpenDatabase): UserStore {
  const db = database.db as Kysely<Database>;
  const user = (row: object) => fromRow<UserRecord>(row);
  return {
    async createUser(r) {
      try {
        const res = await sql<object>`
          INSERT INTO users (id, organization_id, email, name, role, password_hash, active, created_at, updated_at, last_login_at)
          VALUES (${r.id}, ${r.organizationId}, ${r.email}, ${r.name}, ${r.role}, ${r.passwordHash}, ${r.active}, ${r.createdAt}, ${r.updatedAt}, ${r.lastLoginAt})
          RETURNING *`.execute(db);
        return user(res.rows[0]!);
      } catch (e) {
        if (isUniqueViolation(e)) return undefined;
        throw e;
      }
    },
    async getUser(organizationId, id) {
      if (!UUID.test(id)) return undefined;
      const r = await sql<object>`SELECT * FROM users WHERE organization_id = ${organizationId} AND id = ${id}`.execute(db);
      return r.rows[0] ? user(r.rows[0]) : undefined;
    },
    async findUserByEmail(organizationId, email) {
      const r = await sql<object>`SELECT * FROM users WHERE organization_id = ${organizationId} AND email = ${email}`.execute(db);
      return r.rows[0] ? user(r.rows[0]) : undefined;
    },
    async listUsers(organizationId) {
      const r = await sql<object>`SELECT * FROM users WHERE organization_id = ${organizationId} ORDER BY created_at, email`.execute(db);
      return r.rows.map(user);
    },
    async updateUser(organizationId, id, patch, at) {
      if (!UUID.test(id)) return undefined;
      const r = await sql<object>`
        UPDATE users SET
          name = COALESCE(${patch.name ?? null}, name),
          role = COALESCE(${patch.role ?? null}, role),
          password_hash = COALESCE(${patch.passwordHash ?? null}, password_hash),
          active = COALESCE(${patch.active ?? null}::boolean, active),
          last_login_at = COALESCE(${patch.lastLoginAt ?? null}::timestamptz, last_login_at),
          updated_at = ${at}
        WHERE organization_id = ${organizationId} AND id = ${id}
        RETURNING *`.execute(db);
      return r.rows[0] ? user(r.rows[0]) : undefined;
    },
    async countActiveAdmins(organizationId) {
      const r = await sql<{ n: number | bigint | string }>`SELECT count(*)::int AS n FROM users WHERE organization_id = ${organizationId} AND role = 'admin' AND active`.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    },
  };
}
