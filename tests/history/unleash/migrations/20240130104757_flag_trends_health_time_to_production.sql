-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240130104757-flag-trends-health-time-to-production.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240126095544_add_flag_trends
-- retort:up
        ALTER TABLE flag_trends ADD COLUMN IF NOT EXISTS health INTEGER DEFAULT 100;
        ALTER TABLE flag_trends ADD COLUMN IF NOT EXISTS time_to_production FLOAT DEFAULT 0;
-- retort:down
        ALTER TABLE flag_trends DROP COLUMN IF EXISTS health;
        ALTER TABLE flag_trends DROP COLUMN IF EXISTS time_to_production;
