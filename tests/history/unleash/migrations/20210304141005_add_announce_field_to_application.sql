-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210304141005-add-announce-field-to-application.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210304115810_change_default_timestamp_to_now
-- retort:up
    ALTER TABLE client_applications ADD COLUMN announced boolean DEFAULT false;
    UPDATE client_applications SET announced = true;
-- retort:down
            ALTER TABLE client_applications DROP COLUMN announced;
