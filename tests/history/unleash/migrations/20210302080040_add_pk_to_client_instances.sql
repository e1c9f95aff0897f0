-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210302080040-add-pk-to-client-instances.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210218090213_generate_server_identifier
-- retort:up
    DELETE FROM client_instances a USING client_instances b WHERE a.app_name = b.app_name AND a.instance_id = b.instance_id AND a.created_at < b.created_at;
    ALTER TABLE client_instances ADD PRIMARY KEY (app_name, instance_id);
-- retort:down
        ALTER TABLE client_instances DROP CONSTRAINT client_instances_pkey;
        DROP INDEX IF EXISTS client_instance_pkey;
