-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230504145945-variant-metrics.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230424090942_project_default_strategy_settings
-- retort:up
            CREATE TABLE IF NOT EXISTS client_metrics_env_variants (
               feature_name VARCHAR(255),
               app_name VARCHAR(255),
               environment VARCHAR(100),
               timestamp TIMESTAMP WITH TIME ZONE,
               variant text,
               count INTEGER DEFAULT 0,
               FOREIGN KEY (
                            feature_name, app_name, environment,
                            timestamp
                   ) REFERENCES client_metrics_env (
                                                    feature_name, app_name, environment,
                                                    timestamp
                   ) ON UPDATE CASCADE ON DELETE CASCADE,
               PRIMARY KEY(
                           feature_name, app_name, environment,
                           timestamp, variant
                   )
            );
-- retort:down
            DROP TABLE IF EXISTS client_metrics_env_variants;
