-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260309125735-drop-cascade-for-edge-api-token.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260303132225_add_milestone_strategies_disabled
-- retort:up
ALTER TABLE edge_api_tokens DROP CONSTRAINT edge_api_tokens_token_value_fkey;
               ALTER TABLE edge_api_tokens ADD CONSTRAINT edge_api_tokens_token_value_fkey FOREIGN KEY (token_value) REFERENCES api_tokens(secret) ON DELETE NO ACTION;
               CREATE INDEX IF NOT EXISTS edge_api_tokens_token_value_idx ON edge_api_tokens(token_value);
-- retort:down
ALTER TABLE edge_api_tokens DROP CONSTRAINT edge_api_tokens_token_value_fkey;
               ALTER TABLE edge_api_tokens
                   ADD CONSTRAINT edge_api_tokens_token_value_fkey
                       FOREIGN KEY (token_value)
                           REFERENCES api_tokens(secret)
                           ON DELETE CASCADE;
