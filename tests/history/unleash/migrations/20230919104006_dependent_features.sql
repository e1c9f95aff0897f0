-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230919104006-dependent-features.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230905122605_add_feature_naming_description
-- retort:up
        CREATE TABLE IF NOT EXISTS dependent_features
            (
                parent     varchar(255) NOT NULL,
                child      varchar(255) NOT NULL,
                enabled    boolean DEFAULT true NOT NULL,
                variants   JSONB DEFAULT '[]'::jsonb NOT NULL,
                PRIMARY KEY (parent, child),
                FOREIGN KEY (parent) REFERENCES features (name) ON DELETE RESTRICT,
                FOREIGN KEY (child) REFERENCES features (name) ON DELETE CASCADE
            );
-- retort:down
        DROP TABLE dependent_features;
