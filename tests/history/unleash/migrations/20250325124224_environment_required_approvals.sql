-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250325124224-environment-required-approvals.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250320121200_all_users_have_a_root_role
-- retort:up
            ALTER TABLE environments ADD COLUMN required_approvals INTEGER;
-- retort:down
            ALTER TABLE environments DROP COLUMN IF EXISTS required_approvals;
