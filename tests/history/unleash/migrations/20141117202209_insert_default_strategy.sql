-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20141117202209-insert-default-strategy.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20141117200435_add_parameters_template_to_strategies
-- retort:up
INSERT INTO strategies(name, description) 
VALUES ('default', 'Default on/off strategy.');
-- retort:down
DELETE FROM strategies where name='default';
