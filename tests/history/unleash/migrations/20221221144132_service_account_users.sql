-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221221144132-service-account-users.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221220160345_user_pat_permissions
-- retort:up
        ALTER table users
                ADD COLUMN IF NOT EXISTS is_service boolean DEFAULT false;
-- retort:down
        ALTER table users
                DROP COLUMN is_service;
