-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230706123907-events-announced-column.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230630080126_delete_deprecated_permissions
-- retort:up
        ALTER TABLE events
            ADD COLUMN IF NOT EXISTS "announced" BOOLEAN DEFAULT TRUE,
            ALTER COLUMN "announced" SET DEFAULT FALSE;
-- retort:down
        ALTER TABLE events DROP COLUMN IF EXISTS "announced";
