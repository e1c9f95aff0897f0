-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260213095258-users-company-role-and-email-consent.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260204150900_add_edge_hmac_verification_tables
-- retort:up
ALTER TABLE users
            ADD COLUMN IF NOT EXISTS company_role TEXT,
            ADD COLUMN IF NOT EXISTS product_updates_email_consent BOOLEAN;
-- retort:down
ALTER TABLE users
            DROP COLUMN IF EXISTS company_role,
            DROP COLUMN IF EXISTS product_updates_email_consent;
