-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220111120346-roles-unique-name.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220111115613_move_feature_toggle_permission
-- retort:up
      ALTER TABLE roles ADD CONSTRAINT unique_name UNIQUE (name);
-- retort:down
      ALTER TABLE roles DROP CONSTRAINT unique_name;
