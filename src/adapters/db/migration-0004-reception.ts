/**
 * Received documents and RADIAN events (issue #8): supplier documents as received (original
 * bytes, the signed XML, DIAN's ApplicationResponse, the PDF, every check with its outcome),
 * events issued by this organization or registered by others on its invoices, reception
 * settings, and the IMAP polling cursor.
 */
export const RECEPTION_MIGRATION = {
  id: '0004_reception',
  sql: `
CREATE TABLE received_documents (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  source text NOT NULL,
  source_ref text,
  content_hash text NOT NULL,
  status text NOT NULL,
  reason text,
  checks jsonb NOT NULL DEFAULT '[]',
  document_type text,
  type_code text,
  cufe text,
  number text,
  issue_date text,
  issue_time text,
  due_date text,
  supplier_nit text,
  supplier_dv text,
  supplier_name text,
  supplier_email text,
  customer_nit text,
  customer_name text,
  currency text,
  line_extension_minor bigint,
  tax_exclusive_minor bigint,
  tax_inclusive_minor bigint,
  payable_minor bigint,
  taxes jsonb NOT NULL DEFAULT '[]',
  environment text,
  xml text,
  attached_xml text,
  application_response text,
  original_name text,
  original bytea NOT NULL,
  pdf bytea,
  acceptance_deadline timestamptz,
  times_received integer NOT NULL DEFAULT 1,
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX received_documents_hash_key ON received_documents (organization_id, content_hash);
-- One valid copy per CUFE; invalid copies (e.g. a tampered one carrying a known CUFE) are kept apart.
CREATE UNIQUE INDEX received_documents_cufe_key ON received_documents (organization_id, cufe) WHERE cufe IS NOT NULL AND status = 'valid';
CREATE INDEX received_documents_cufe_idx ON received_documents (organization_id, cufe);
CREATE INDEX received_documents_org_idx ON received_documents (organization_id, received_at DESC);

CREATE TABLE radian_events (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  direction text NOT NULL,
  received_document_id uuid REFERENCES received_documents(id),
  document_id uuid REFERENCES documents(id),
  invoice_cufe text NOT NULL,
  invoice_number text,
  code text NOT NULL,
  number text NOT NULL,
  cude text,
  claim_concept text,
  status text NOT NULL,
  sender_nit text,
  xml text,
  dian_status_code text,
  dian_messages jsonb NOT NULL DEFAULT '[]',
  application_response text,
  error text,
  issued_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX radian_events_number_key ON radian_events (organization_id, direction, code, number);
CREATE INDEX radian_events_invoice_idx ON radian_events (organization_id, invoice_cufe, issued_at);

CREATE TABLE reception_settings (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id),
  auto_acknowledge boolean NOT NULL DEFAULT false,
  auto_receipt boolean NOT NULL DEFAULT false,
  person jsonb,
  updated_at timestamptz NOT NULL
);

CREATE TABLE imap_cursors (
  cursor_key text PRIMARY KEY,
  uid_validity text NOT NULL,
  last_uid bigint NOT NULL,
  updated_at timestamptz NOT NULL
);
`,
} as const;
