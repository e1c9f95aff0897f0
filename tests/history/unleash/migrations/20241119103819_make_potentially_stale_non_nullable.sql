-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241119103819-make-potentially-stale-non-nullable.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241114103646_licensed_users
-- retort:up
        UPDATE features
        SET potentially_stale = FALSE
        WHERE potentially_stale IS NULL;

        ALTER TABLE features
        ALTER COLUMN potentially_stale SET DEFAULT FALSE;
        ALTER TABLE features
        ALTER COLUMN potentially_stale SET NOT NULL;
-- retort:down
        ALTER TABLE features
        ALTER COLUMN potentially_stale DROP DEFAULT;
        ALTER TABLE features
        ALTER COLUMN potentially_stale DROP NOT NULL;
