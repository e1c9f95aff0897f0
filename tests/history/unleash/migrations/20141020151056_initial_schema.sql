-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20141020151056-initial-schema.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20141020151055_db_migrate_migrations_table
-- retort:up
CREATE TABLE strategies (
  created_at timestamp default now(),
  name varchar(255) PRIMARY KEY NOT NULL,
  description text
);

CREATE TABLE features (
  created_at timestamp default now(),
  name varchar(255) PRIMARY KEY NOT NULL,
  enabled integer default 0,
  strategy_name varchar(255),
  parameters json
);

CREATE TABLE events (
  id serial primary key,
  created_at timestamp default now(),
  type varchar(255) NOT NULL,
  created_by varchar(255) NOT NULL,
  data json
);
-- retort:down
DROP TABLE events;
DROP TABLE features;
DROP TABLE strategies;
