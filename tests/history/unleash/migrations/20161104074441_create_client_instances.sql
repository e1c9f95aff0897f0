-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20161104074441-create-client-instances.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20161027134128_create_metrics
-- retort:up
        CREATE TABLE client_instances (
            app_name varchar(255),
            instance_id varchar(255),
            client_ip varchar(255),
            last_seen timestamp default now(),
            created_at timestamp default now()
        );
-- retort:down
DROP TABLE client_instances;
