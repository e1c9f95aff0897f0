-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240903152133-clear-onboarding-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240830102144_onboarding_events
-- retort:up
            DELETE FROM onboarding_events_instance;
            DELETE FROM onboarding_events_project;
-- retort:down
