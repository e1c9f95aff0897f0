-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210624114602-change-type-of-feature-archived.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210618100913_add_cascade_for_user_feedback
-- retort:up
    ALTER TABLE features ALTER COLUMN archived DROP DEFAULT;
    ALTER TABLE features ALTER COLUMN archived TYPE bool USING case when archived = 0 then false else true end;
    ALTER TABLE features ALTER COLUMN archived SET DEFAULT false;
-- retort:down
    ALTER TABLE features ALTER COLUMN archived DROP DEFAULT;
    ALTER TABLE features ALTER COLUMN archived TYPE integer USING case when archived = true then 1 else 0 end;
    ALTER TABLE features ALTER COLUMN archived SET DEFAULT 0;
