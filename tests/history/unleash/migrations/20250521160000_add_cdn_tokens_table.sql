-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250521160000-add-cdn-tokens-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250508112416_update_project_add_link_templates
-- retort:up
CREATE TABLE IF NOT EXISTS cdn_tokens
         (
              id          text not null PRIMARY KEY,
              token_name  text not null,
              project     text not null,
              environment text not null,
              created_at  TIMESTAMP WITH TIME ZONE DEFAULT now(),
              expires_at  TIMESTAMP WITH TIME ZONE,
              seen_at     TIMESTAMP WITH TIME ZONE
          );
-- retort:down
DROP TABLE IF EXISTS cdn_tokens;
