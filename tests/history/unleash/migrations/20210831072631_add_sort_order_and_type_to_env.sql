-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210831072631-add-sort-order-and-type-to-env.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210830113948_connect_projects_to_global_envrionments
-- retort:up
    ALTER TABLE environments ADD COLUMN sort_order integer DEFAULT 9999, ADD COLUMN type text;
-- retort:down
    ALTER TABLE environments DROP COLUMN sort_order, DROP COLUMN type;
