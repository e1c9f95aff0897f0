-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240124123000-add-enabled-to-action-sets.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240119171200_action_states
-- retort:up
        ALTER TABLE action_sets ADD COLUMN enabled BOOLEAN DEFAULT true;
-- retort:down
        ALTER TABLE action_sets DROP COLUMN enabled;
