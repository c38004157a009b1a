import { sql, type Kysely } from 'kysely';
import { DELIVERY_MIGRATION } from './migration-0003-delivery.js';
import { RECEPTION_MIGRATION } from './migration-0004-reception.js';
import { WEB_USERS_MIGRATION } from './migration-0005-web-users.js';

/**
 * SQL migrations, applied in order at start-up, identical on PGlite and PostgreSQL.
 * Kept as TypeScript strings so the compiled `dist/` carries them without copying files.
 * Never edit an applied migration: add a new one.
 *
 * Conventions: snake_case; amounts in integer minor units (`*_minor bigint`); unit prices and
 * rates as exact `numeric`; every tenant table carries `organization_id` and every query
 * filters by it; secrets are stored already encrypted (`*_enc`, AES-256-GCM, base64 text).
 */
export const MIGRATIONS: ReadonlyArray<{ id: string; sql: string }> = [
  {
    id: '0001_initial',
    sql: `
CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  nit text NOT NULL,
  dv text NOT NULL,
  legal_name text NOT NULL,
  commercial_name text,
  person_type text NOT NULL,
  regime text,
  responsibilities jsonb NOT NULL,
  tax_scheme text NOT NULL DEFAULT '01',
  address jsonb NOT NULL,
  industry_codes jsonb NOT NULL DEFAULT '[]',
  commercial_registration text,
  email text,
  phone text,
  environment text NOT NULL DEFAULT '2',
  software_id text,
  software_pin_enc text,
  software_provider_nit text,
  test_set_id text,
  habilitacion_state text NOT NULL DEFAULT 'not_started',
  einvoicing_enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX organizations_nit_key ON organizations (nit);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  key_hash text NOT NULL,
  label text NOT NULL,
  key_prefix text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash);

CREATE TABLE certificates (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  p12_enc text NOT NULL,
  password_enc text NOT NULL,
  subject text NOT NULL,
  issuer text NOT NULL,
  serial_number text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);
CREATE INDEX certificates_org_idx ON certificates (organization_id, active);

CREATE TABLE numbering_ranges (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  document_kind text NOT NULL,
  resolution text,
  resolution_date text,
  prefix text NOT NULL,
  from_number bigint NOT NULL,
  to_number bigint NOT NULL,
  next_number bigint NOT NULL,
  valid_from text,
  valid_to text,
  technical_key_enc text,
  source text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (from_number <= to_number),
  CHECK (next_number >= from_number AND next_number <= to_number + 1)
);
CREATE UNIQUE INDEX numbering_ranges_key ON numbering_ranges (organization_id, document_kind, prefix, coalesce(resolution, ''));

CREATE TABLE payment_methods (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  name text NOT NULL,
  form text NOT NULL,
  means text NOT NULL,
  due_days integer,
  created_at timestamptz NOT NULL
);
CREATE INDEX payment_methods_org_idx ON payment_methods (organization_id);

CREATE TABLE customers (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  party jsonb NOT NULL,
  reception_emails jsonb NOT NULL DEFAULT '[]',
  final_consumer boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX customers_org_idx ON customers (organization_id);

CREATE TABLE items (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  code text NOT NULL,
  description text NOT NULL,
  standard_item_id jsonb,
  unit_code text NOT NULL,
  unit_price numeric NOT NULL,
  taxes jsonb NOT NULL DEFAULT '[]',
  withholdings jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX items_org_code_key ON items (organization_id, code);

CREATE TABLE habilitacion_runs (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  state text NOT NULL,
  test_set_id text NOT NULL,
  composition jsonb NOT NULL,
  detail text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX habilitacion_runs_org_idx ON habilitacion_runs (organization_id, created_at);

CREATE TABLE documents (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  document_kind text NOT NULL,
  number text NOT NULL,
  prefix text NOT NULL,
  consecutive bigint NOT NULL,
  numbering_range_id uuid REFERENCES numbering_ranges(id),
  uuid text NOT NULL,
  status text NOT NULL,
  environment text NOT NULL,
  issue_date text NOT NULL,
  issue_time text NOT NULL,
  customer_id_number text NOT NULL,
  customer_name text NOT NULL,
  currency text NOT NULL,
  line_extension_minor bigint NOT NULL,
  tax_exclusive_minor bigint NOT NULL,
  tax_inclusive_minor bigint NOT NULL,
  payable_minor bigint NOT NULL,
  input jsonb NOT NULL,
  signed_xml text NOT NULL,
  file_name text NOT NULL,
  referenced_document_id uuid REFERENCES documents(id),
  habilitacion_run_id uuid REFERENCES habilitacion_runs(id),
  idempotency_key text,
  request_hash text,
  dian_status_code text,
  dian_status_description text,
  dian_messages jsonb NOT NULL DEFAULT '[]',
  dian_zip_key text,
  application_response text,
  send_attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  final_at timestamptz
);
CREATE UNIQUE INDEX documents_number_key ON documents (organization_id, document_kind, number);
CREATE UNIQUE INDEX documents_idempotency_key ON documents (organization_id, idempotency_key);
CREATE INDEX documents_org_created_idx ON documents (organization_id, created_at DESC);
CREATE INDEX documents_uuid_idx ON documents (uuid);

CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  job_type text NOT NULL,
  subject_id uuid NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  run_at timestamptz NOT NULL,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX jobs_ready_idx ON jobs (status, run_at);
CREATE INDEX jobs_subject_idx ON jobs (subject_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  organization_id uuid,
  entry_type text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  action text NOT NULL,
  from_state text,
  to_state text,
  request_body text,
  response_body text,
  detail jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX audit_log_org_idx ON audit_log (organization_id, created_at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_id);
`,
  },
  {
    // Issuing commits number + input first and builds/signs right after, outside the
    // numbering lock: the XML-derived columns stay null until then.
    id: '0002_sign_after_commit',
    sql: `
ALTER TABLE documents ALTER COLUMN uuid DROP NOT NULL;
ALTER TABLE documents ALTER COLUMN signed_xml DROP NOT NULL;
ALTER TABLE documents ALTER COLUMN file_name DROP NOT NULL;
`,
  },
  DELIVERY_MIGRATION,
  RECEPTION_MIGRATION,
  WEB_USERS_MIGRATION,
];

/** Splits a migration into statements (our migrations never put `;` at a line end inside a statement). */
function statements(script: string): string[] {
  return script
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Applies pending migrations. On PostgreSQL an advisory lock makes concurrent start-ups
 * (several API/worker processes) wait for each other instead of racing.
 */
export async function migrate(db: Kysely<unknown>): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7261001)`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(trx);
    const done = await sql<{ id: string }>`SELECT id FROM schema_migrations`.execute(trx);
    const have = new Set(done.rows.map((r) => r.id));
    for (const m of MIGRATIONS) {
      if (have.has(m.id)) continue;
      for (const stmt of statements(m.sql)) await sql.raw(stmt).execute(trx);
      await sql`INSERT INTO schema_migrations (id) VALUES (${m.id})`.execute(trx);
      applied.push(m.id);
    }
  });
  return applied;
}
