-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221103111940-fix-migrations.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221011155007_add_user_groups_mappings
-- retort:up
        delete from migrations where name in ('/20221901130645-add-change-requests-table', '/20221810114644-add-suggest-changes-table');
-- retort:down
