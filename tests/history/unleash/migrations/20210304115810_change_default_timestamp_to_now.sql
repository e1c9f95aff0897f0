-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210304115810-change-default-timestamp-to-now.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210302080040_add_pk_to_client_instances
-- retort:up
        ALTER TABLE client_applications ALTER COLUMN created_at SET DEFAULT now();
        ALTER TABLE client_applications ALTER COLUMN updated_at SET DEFAULT now();
        ALTER TABLE context_fields ALTER COLUMN created_at SET DEFAULT now();
        ALTER TABLE context_fields ALTER COLUMN updated_at SET DEFAULT now();
        ALTER TABLE projects ALTER COLUMN created_at SET DEFAULT now();
        ALTER TABLE users ALTER COLUMN created_at SET DEFAULT now();
-- retort:down
        ALTER TABLE client_applications ALTER COLUMN created_at SET DEFAULT 'now()';
        ALTER TABLE client_applications ALTER COLUMN updated_at SET DEFAULT 'now()';
        ALTER TABLE context_fields ALTER COLUMN created_at SET DEFAULT 'now()';
        ALTER TABLE context_fields ALTER COLUMN updated_at SET DEFAULT 'now()';
        ALTER TABLE projects ALTER COLUMN created_at SET DEFAULT 'now()';
        ALTER TABLE users ALTER COLUMN created_at SET DEFAULT 'now()';
