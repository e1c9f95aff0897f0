-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250318091635-add-tag-type-color.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250312162155_connection_count_consumption_table
-- retort:up
        ALTER TABLE tag_types
        ADD COLUMN IF NOT EXISTS color VARCHAR(10);
        
        UPDATE tag_types
        SET color = '#FFFFFF'
        WHERE color IS NULL;
-- retort:down
        ALTER TABLE tag_types
        DROP COLUMN IF EXISTS color;
