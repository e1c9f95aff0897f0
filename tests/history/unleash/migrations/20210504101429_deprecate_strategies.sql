-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210504101429-deprecate-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210428103926_patch_role_permissions
-- retort:up
      UPDATE strategies
      SET deprecated = true, built_in = 0
      WHERE name = 'gradualRolloutSessionId' OR name = 'gradualRolloutUserId'
      OR name = 'gradualRolloutRandom';
-- retort:down
      UPDATE strategies
      SET deprecated = false, built_in = 1
      WHERE name = 'gradualRolloutSessionId' OR name = 'gradualRolloutUserId'
      OR name = 'gradualRolloutRandom';
