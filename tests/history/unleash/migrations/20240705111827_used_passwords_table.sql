-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240705111827-used-passwords-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240611092538_add_created_by_to_features_view
-- retort:up
    CREATE TABLE used_passwords(user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
                                password_hash TEXT NOT NULL,
                                used_at TIMESTAMP WITH TIME ZONE DEFAULT (now() AT time zone 'utc'),
                                PRIMARY KEY (user_id, password_hash)
    );
    INSERT INTO used_passwords(user_id, password_hash) SELECT id, password_hash FROM users WHERE password_hash IS NOT NULL;
    CREATE INDEX used_passwords_pw_hash_idx ON used_passwords(password_hash);
-- retort:down
DROP TABLE used_passwords;
