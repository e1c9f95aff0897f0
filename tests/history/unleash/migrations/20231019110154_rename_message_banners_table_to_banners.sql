-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231019110154-rename-message-banners-table-to-banners.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231012082537_message_banners
-- retort:up
ALTER TABLE message_banners RENAME TO banners;
-- retort:down
ALTER TABLE banners RENAME TO message_banners;
