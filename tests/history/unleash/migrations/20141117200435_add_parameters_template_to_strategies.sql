-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20141117200435-add-parameters-template-to-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20141110144153_add_description_to_features
-- retort:up
ALTER TABLE strategies ADD "parameters_template" json;
-- retort:down
ALTER TABLE strategies DROP COLUMN "parameters_template";
