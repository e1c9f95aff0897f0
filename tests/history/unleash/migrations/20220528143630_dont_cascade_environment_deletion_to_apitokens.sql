-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220528143630-dont-cascade-environment-deletion-to-apitokens.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220511124923_fix_patch_broken_feature_strategies
-- retort:up
          ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_environment_fkey;
-- retort:down
          ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_environment_fkey FOREIGN KEY(environment) REFERENCES environments(name) ON DELETE CASCADE;
