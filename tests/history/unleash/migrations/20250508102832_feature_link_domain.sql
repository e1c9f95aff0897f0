-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250508102832-feature-link-domain.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250506074807_feature_link_table
-- retort:up
ALTER TABLE feature_link ADD COLUMN domain varchar(255);
-- retort:down
ALTER TABLE feature_link DROP COLUMN domain;
