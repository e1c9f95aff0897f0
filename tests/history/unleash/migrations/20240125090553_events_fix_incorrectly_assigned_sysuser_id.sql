-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240125090553-events-fix-incorrectly-assigned-sysuser-id.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240125085703_users_table_increae_image_url_size
-- retort:up
      UPDATE events SET created_by_user_id = null
      WHERE
          created_by_user_id = -1337 AND
          created_by NOT IN (
              'unknown',
              'migration',
              'init-api-tokens',
              'unleash_system_user',
              'systemuser@getunleash.io');
-- retort:down
