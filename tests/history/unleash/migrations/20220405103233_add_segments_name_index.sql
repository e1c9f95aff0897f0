-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220405103233-add-segments-name-index.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220331085057_add_api_link_table
-- retort:up
        create index segments_name_index on segments (name);
-- retort:down
        drop index segments_name_index;
