import type { ColumnType, Generated } from 'kysely';

/** A jsonb column: read as the parsed value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** Kysely table types, mirroring `migrations.ts`. */
export interface Database {
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  certificates: CertificatesTable;
  numbering_ranges: NumberingRangesTable;
  payment_methods: PaymentMethodsTable;
  customers: CustomersTable;
  items: ItemsTable;
  habilitacion_runs: HabilitacionRunsTable;
  documents: DocumentsTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
}

export interface OrganizationsTable {
  id: string;
  nit: string;
  dv: string;
  legal_name: string;
  commercial_name: string | null;
  person_type: string;
  regime: string | null;
  responsibilities: Json<string[]>;
  tax_scheme: string;
  address: Json<unknown>;
  industry_codes: Json<string[]>;
  commercial_registration: string | null;
  email: string | null;
  phone: string | null;
  environment: string;
  software_id: string | null;
  software_pin_enc: string | null;
  software_provider_nit: string | null;
  test_set_id: string | null;
  habilitacion_state: string;
  einvoicing_enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  key_hash: string;
  label: string;
  key_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface CertificatesTable {
  id: string;
  organization_id: string;
  p12_enc: string;
  password_enc: string;
  subject: string;
  issuer: string;
  serial_number: string;
  not_before: Date;
  not_after: Date;
  active: boolean;
  created_at: Date;
}

export interface NumberingRangesTable {
  id: string;
  organization_id: string;
  document_kind: string;
  resolution: string | null;
  resolution_date: string | null;
  prefix: string;
  from_number: bigint;
  to_number: bigint;
  next_number: bigint;
  valid_from: string | null;
  valid_to: string | null;
  technical_key_enc: string | null;
  source: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface PaymentMethodsTable {
  id: string;
  organization_id: string;
  name: string;
  form: string;
  means: string;
  due_days: number | null;
  created_at: Date;
}

export interface CustomersTable {
  id: string;
  organization_id: string;
  party: Json<unknown>;
  reception_emails: Json<string[]>;
  final_consumer: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ItemsTable {
  id: string;
  organization_id: string;
  code: string;
  description: string;
  standard_item_id: Json<{ id: string; scheme: string } | null>;
  unit_code: string;
  unit_price: string;
  taxes: Json<unknown[]>;
  withholdings: Json<unknown[]>;
  created_at: Date;
  updated_at: Date;
}

export interface HabilitacionRunsTable {
  id: string;
  organization_id: string;
  state: string;
  test_set_id: string;
  composition: Json<unknown>;
  detail: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DocumentsTable {
  id: string;
  organization_id: string;
  document_kind: string;
  number: string;
  prefix: string;
  consecutive: bigint;
  numbering_range_id: string | null;
  uuid: string | null;
  status: string;
  environment: string;
  issue_date: string;
  issue_time: string;
  customer_id_number: string;
  customer_name: string;
  currency: string;
  line_extension_minor: bigint;
  tax_exclusive_minor: bigint;
  tax_inclusive_minor: bigint;
  payable_minor: bigint;
  input: Json<unknown>;
  signed_xml: string | null;
  file_name: string | null;
  referenced_document_id: string | null;
  habilitacion_run_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  dian_status_code: string | null;
  dian_status_description: string | null;
  dian_messages: Json<unknown[]>;
  dian_zip_key: string | null;
  application_response: string | null;
  send_attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  final_at: Date | null;
}

export interface JobsTable {
  id: Generated<bigint>;
  organization_id: string;
  job_type: string;
  subject_id: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface AuditLogTable {
  id: Generated<bigint>;
  organization_id: string | null;
  entry_type: string;
  entity: string;
  entity_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  request_body: string | null;
  response_body: string | null;
  detail: Json<unknown> | null;
  created_at: Date;
}
