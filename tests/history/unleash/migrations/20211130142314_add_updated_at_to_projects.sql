-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211130142314-add-updated-at-to-projects.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211126112551_disable_default_environment
-- retort:up
ALTER TABLE projects ADD COLUMN "updated_at" TIMESTAMP WITH TIME ZONE DEFAULT now();
-- retort:down
ALTER TABLE projects DROP COLUMN "updated_at";
