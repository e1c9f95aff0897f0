-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210119084617-add-addon-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210105083014_add_tag_and_tag_types
-- retort:up
CREATE TABLE IF NOT EXISTS addons
       (
           id          SERIAL PRIMARY KEY,
           provider    text not null,
           description text,
           enabled     boolean default true,
           parameters  json,
           events      json,
           created_at  TIMESTAMP WITH TIME ZONE DEFAULT now()
       );
-- retort:down
DROP TABLE addons;
