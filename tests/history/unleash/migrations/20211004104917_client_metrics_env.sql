-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211004104917-client-metrics-env.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210928082228_connect_default_environment_to_all_existing_projects
-- retort:up
      CREATE TABLE client_metrics_env(
        feature_name  VARCHAR(255),
        app_name      VARCHAR(255),
        environment   VARCHAR(100),
        timestamp     TIMESTAMP WITH TIME ZONE,
        yes           INTEGER DEFAULT 0,
        no            INTEGER DEFAULT 0,
        PRIMARY KEY (feature_name, app_name, environment, timestamp)
      );
      CREATE INDEX idx_client_metrics_f_name ON client_metrics_env(feature_name);
-- retort:down
        DROP TABLE client_metrics_env;
