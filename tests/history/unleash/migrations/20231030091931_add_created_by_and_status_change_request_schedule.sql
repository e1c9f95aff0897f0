-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231030091931-add-created-by-and-status-change-request-schedule.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231025093422_default_project_mode
-- retort:up
        CREATE TYPE change_request_schedule_status AS ENUM ('pending', 'failed');

        ALTER TABLE change_request_schedule
            ADD COLUMN IF NOT EXISTS created_by integer REFERENCES users(id);

        ALTER TABLE change_request_schedule
            ADD COLUMN IF NOT EXISTS status change_request_schedule_status default 'pending';
-- retort:down
      ALTER TABLE change_request_schedule
          DROP COLUMN IF EXISTS created_by;

      ALTER TABLE change_request_schedule
          DROP COLUMN IF EXISTS status;

      DROP TYPE change_request_schedule_status;
