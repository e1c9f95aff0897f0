-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20150210152531-006-rename-eventtype.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20141215210141_005_archived_flag_to_features
-- retort:up
UPDATE events SET type='feature-revived' WHERE type='feature-revive';
UPDATE events SET type='feature-archived' WHERE type='feature-archive';
-- retort:down
UPDATE events SET type='feature-revive' WHERE type='feature-revived';
UPDATE events SET type='feature-archive' WHERE type='feature-archived';
