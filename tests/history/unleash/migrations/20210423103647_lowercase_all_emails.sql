-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210423103647-lowercase-all-emails.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210421135405_add_display_name_and_update_description_for_strategies
-- retort:up
      DELETE FROM users WHERE id IN
        (SELECT id FROM
            (SELECT id, lower(email) as email, row_number() over (PARTITION BY lower(email) ORDER BY id desc) as Row FROM users) as dupes
        WHERE email IS NOT NULL AND dupes.Row > 1);
        UPDATE users SET email = LOWER(email);
-- retort:down
