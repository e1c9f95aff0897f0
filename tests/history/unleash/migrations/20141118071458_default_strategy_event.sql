-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20141118071458-default-strategy-event.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20141117202209_insert_default_strategy
-- retort:up
INSERT INTO events(type, created_by, data) 
VALUES ('strategy-created', 'migration', '{"name":"default","description":"Default on or off Strategy."}');
-- retort:down
delete from events where type='strategy-created' and data->>'name' = 'default';
