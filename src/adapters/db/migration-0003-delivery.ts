/**
 * Delivery to the buyer (issue #6): one row per delivery (an e-mail to a set of recipients,
 * automatic after DIAN acceptance or requested), one row per attempt with the mail server's
 * answer (kept as long as the documents: proof of delivery), and the signed AttachedDocument
 * made once per document so every delivery and download carries the same bytes.
 */
export const DELIVERY_MIGRATION = {
  id: '0003_delivery',
  sql: `
CREATE TABLE deliveries (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  document_id uuid NOT NULL REFERENCES documents(id),
  trigger text NOT NULL,
  recipients jsonb NOT NULL,
  status text NOT NULL,
  subject text,
  zip_name text,
  attempts integer NOT NULL DEFAULT 0,
  last_response text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX deliveries_document_idx ON deliveries (organization_id, document_id, created_at);

CREATE TABLE delivery_attempts (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES deliveries(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  document_id uuid NOT NULL,
  attempt integer NOT NULL,
  transport text NOT NULL,
  outcome text NOT NULL,
  recipients jsonb NOT NULL,
  accepted jsonb NOT NULL,
  rejected jsonb NOT NULL,
  response text NOT NULL,
  response_code integer,
  message_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX delivery_attempts_document_idx ON delivery_attempts (organization_id, document_id, id);

CREATE TABLE attached_documents (
  document_id uuid PRIMARY KEY REFERENCES documents(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  xml text NOT NULL,
  created_at timestamptz NOT NULL
);
`,
} as const;
