-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231103064746-change-request-schedule-change-type.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231030091931_add_created_by_and_status_change_request_schedule
-- retort:up transaction=false
        ALTER TABLE change_request_schedule
        ALTER COLUMN status TYPE text USING status::text;

        COMMIT;

        DROP TYPE IF EXISTS change_request_schedule_status CASCADE;
-- retort:down
      CREATE TYPE change_request_schedule_status AS ENUM ('pending', 'failed');

      ALTER TABLE change_request_schedule
      ALTER COLUMN status TYPE change_request_schedule_status USING status::change_request_schedule_status;
