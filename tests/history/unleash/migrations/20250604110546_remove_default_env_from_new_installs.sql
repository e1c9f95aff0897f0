-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250604110546-remove-default-env-from-new-installs.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250604100546_lifecycle_trends_general
-- retort:up
SELECT count(*) as count FROM events;
DELETE FROM environments WHERE name = 'default';
-- retort:down
