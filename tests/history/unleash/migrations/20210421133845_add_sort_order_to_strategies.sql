-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210421133845-add-sort-order-to-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210415173116_rbac_rename_roles
-- retort:up
    ALTER TABLE strategies ADD COLUMN sort_order integer DEFAULT 9999;
    UPDATE strategies SET sort_order = 0 WHERE name = 'default';
    UPDATE strategies SET sort_order = 1 WHERE name = 'flexibleRollout';
    UPDATE strategies SET sort_order = 3 WHERE name = 'remoteAddress';
    UPDATE strategies SET sort_order = 4 WHERE name = 'applicationHostname';
-- retort:down
ALTER TABLE strategies DROP COLUMN sort_order;
