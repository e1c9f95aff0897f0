-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200805091409-add-feature-toggle-type.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200429175747_users_settings
-- retort:up
CREATE TABLE  "feature_types" ("id" VARCHAR (255) PRIMARY KEY NOT NULL, "name" VARCHAR  NOT NULL, "description" VARCHAR  , "lifetime_days" INTEGER  );
              INSERT INTO feature_types(id, name, description, lifetime_days) VALUES('release', 'Release', 'Used to enable trunk-based development for teams practicing Continuous Delivery.', 40);
              INSERT INTO feature_types(id, name, description, lifetime_days) VALUES('experiment', 'Experiment', 'Used to perform multivariate or A/B testing.', 40);
              INSERT INTO feature_types(id, name, description, lifetime_days) VALUES('operational', 'Operational', 'Used to control operational aspects of the system behavior.', 7);
              INSERT INTO feature_types(id, name, description, lifetime_days) VALUES('kill-switch', 'Kill switch', 'Used to to gracefully degrade system functionality.', null);
              INSERT INTO feature_types(id, name, description, lifetime_days) VALUES('permission', 'Permission', 'Used to change the features or product experience that certain users receive.', null);
-- retort:down
DROP TABLE  "feature_types";
