-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221104123349-change-request-approval.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221103125732_change_request_remove_unique
-- retort:up
            CREATE TABLE IF NOT EXISTS change_request_approvals (
               id serial primary key,
               change_request_id integer NOT NULL REFERENCES change_requests(id) ON DELETE CASCADE,
               created_by integer not null references users (id) ON DELETE CASCADE,
               created_at timestamp default now()
            );
-- retort:down
            DROP TABLE IF EXISTS change_request_approvals;
