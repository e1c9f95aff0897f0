-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240108151652-add-daily-metrics.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240102205517_observable_events
-- retort:up
      CREATE TABLE IF NOT EXISTS client_metrics_env_daily (
               feature_name  VARCHAR(255),
               app_name      VARCHAR(255),
               environment   VARCHAR(100),
               date          DATE,
               yes           INTEGER DEFAULT 0,
               no            INTEGER DEFAULT 0,
               PRIMARY KEY (feature_name, app_name, environment, date)
      );
      CREATE TABLE IF NOT EXISTS client_metrics_env_variants_daily (
               feature_name  VARCHAR(255),
               app_name      VARCHAR(255),
               environment   VARCHAR(100),
               date          DATE,
               variant       TEXT,
               count         INTEGER DEFAULT 0,
               FOREIGN KEY (
                            feature_name, app_name, environment,
                            date
                   ) REFERENCES client_metrics_env_daily (
                                                    feature_name, app_name, environment,
                                                    date
                   ) ON UPDATE CASCADE ON DELETE CASCADE,
               PRIMARY KEY(
                           feature_name, app_name, environment,
                           date, variant
                   )
            );
-- retort:down
        DROP TABLE client_metrics_env_variants_daily;
        DROP TABLE client_metrics_env_daily;
