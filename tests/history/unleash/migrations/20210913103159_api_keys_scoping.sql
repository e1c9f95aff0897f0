-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210913103159-api-keys-scoping.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210909085651_add_protected_field_to_environments
-- retort:up
          ALTER TABLE api_tokens ADD COLUMN project VARCHAR REFERENCES PROJECTS(id) ON DELETE CASCADE;; 
          ALTER TABLE api_tokens ADD COLUMN environment VARCHAR REFERENCES environments(name) ON DELETE CASCADE;;
-- retort:down
        ALTER TABLE api_tokens DROP COLUMN project;
        ALTER TABLE api_tokens DROP COLUMN environment;
