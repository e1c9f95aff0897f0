-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210323073508-reset-application-announcements.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210322104357_api_tokens_convert_enterprise
-- retort:up
    DELETE FROM events WHERE type = 'application-created';
    UPDATE client_applications SET announced = false;
-- retort:down
