-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230927172930-events-announced-index.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230927071830_reset_pnps_feedback
-- retort:up
        UPDATE events set announced = false where announced IS NULL;
        ALTER TABLE events ALTER COLUMN announced SET NOT NULL;
        ALTER TABLE events ALTER COLUMN announced SET DEFAULT false;
        CREATE INDEX events_unannounced_idx ON events(announced) WHERE announced = false;
-- retort:down
