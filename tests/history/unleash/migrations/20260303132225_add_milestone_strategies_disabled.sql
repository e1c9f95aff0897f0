-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260303132225-add-milestone-strategies-disabled.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260213095258_users_company_role_and_email_consent
-- retort:up
ALTER TABLE milestone_strategies ADD COLUMN IF NOT EXISTS disabled BOOLEAN DEFAULT false;
-- retort:down
ALTER TABLE milestone_strategies DROP COLUMN IF EXISTS disabled;
