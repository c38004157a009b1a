/**
 * Organization users (issue #7): people who sign in to the web application with e-mail and
 * password, each with one role (admin, facturador, consulta). Passwords are stored only as
 * scrypt hashes (`scrypt$N$r$p$salt$hash`). An e-mail is unique inside its organization; the
 * same person can hold a user in several organizations.
 */
export const WEB_USERS_MIGRATION = {
  id: '0005_web_users',
  sql: `
CREATE TABLE users (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_login_at timestamptz
);
CREATE UNIQUE INDEX users_org_email_idx ON users (organization_id, email);
`,
} as const;
