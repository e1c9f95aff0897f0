-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211011094226-add-environment-to-client-instances.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211004104917_client_metrics_env
-- retort:up
    ALTER TABLE client_instances DROP CONSTRAINT client_instances_pkey;
    ALTER TABLE client_instances ADD COLUMN environment varchar(255) NOT NULL DEFAULT 'default';
    ALTER TABLE client_instances ADD CONSTRAINT client_instances_pkey PRIMARY KEY (app_name, environment, instance_id);
    CREATE INDEX client_instances_environment_idx ON client_instances(environment);
-- retort:down
      DROP INDEX client_instances_environment_idx;
    ALTER TABLE client_instances DROP CONSTRAINT client_instances_pkey;
    ALTER TABLE client_instances ADD CONSTRAINT client_instances_pkey PRIMARY KEY (app_name, instance_id);
    ALTER TABLE client_instances DROP COLUMN environment;
