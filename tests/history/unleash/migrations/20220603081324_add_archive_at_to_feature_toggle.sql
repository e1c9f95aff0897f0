-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220603081324-add-archive-at-to-feature-toggle.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220528143630_dont_cascade_environment_deletion_to_apitokens
-- retort:up
        ALTER TABLE features ADD archived_at TIMESTAMP WITH TIME ZONE;
        UPDATE features f
        SET    archived_at = res.archived_at
            FROM   (SELECT f.name, e.created_at AS archived_at
        FROM   features f
               INNER JOIN events e
                       ON e.feature_name = f.NAME
                          AND e.created_at =
                              (SELECT Max(created_at) date
                               FROM   events
                               WHERE  type = 'feature-archived'
                                      AND feature_name = f.NAME
                                      AND f.archived = 't')) res
        WHERE  res.NAME = f.NAME;
        UPDATE features
        SET    archived_at = Now()
        WHERE  archived = TRUE
          AND archived_at IS NULL;
-- retort:down
        UPDATE features
        SET    archived = TRUE
        WHERE  archived_at IS NOT NULL;
        ALTER TABLE features DROP COLUMN archived_at;
