-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200928195238-add-project-id-to-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200928194947_add_projects
-- retort:up
ALTER TABLE "features" ADD COLUMN "project" VARCHAR  DEFAULT 'default';
-- retort:down
ALTER TABLE "features" DROP COLUMN "project";
