-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210921105032-client-api-tokens-default.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210920104218_rename_global_env_to_default_env
-- retort:up
    UPDATE api_tokens SET environment = 'default' WHERE environment = ':global:';
    UPDATE api_tokens SET environment = 'default' WHERE type='client' AND environment is null;
-- retort:down
  UPDATE api_tokens SET environment = null WHERE type='client' AND environment = 'default';
