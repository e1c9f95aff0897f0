-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210304150739-add-created-by-to-application.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210304141005_add_announce_field_to_application
-- retort:up
    ALTER TABLE client_applications ADD COLUMN created_by TEXT;
-- retort:down
ALTER TABLE client_applications DROP COLUMN created_by;
