-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210322104356-api-tokens-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210304150739_add_created_by_to_application
-- retort:up
CREATE TABLE IF NOT EXISTS api_tokens
          (
              secret      text not null PRIMARY KEY,
              username    text not null,
              type        text not null,
              created_at  TIMESTAMP WITH TIME ZONE DEFAULT now(),
              expires_at  TIMESTAMP WITH TIME ZONE,
              seen_at     TIMESTAMP WITH TIME ZONE
          );
-- retort:down
DROP TABLE IF EXISTS api_tokens;
