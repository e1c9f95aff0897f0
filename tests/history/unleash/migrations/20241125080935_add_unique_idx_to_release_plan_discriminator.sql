-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241125080935-add-unique-idx-to-release-plan-discriminator.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241119105837_licensed_users_backfill
-- retort:up
CREATE UNIQUE INDEX idx_uniq_release_plan_definitions_discriminator_template
         ON release_plan_definitions(name)
         WHERE discriminator = 'template';
-- retort:down
DROP INDEX IF EXISTS idx_uniq_release_plan_definitions_discriminator_template;
