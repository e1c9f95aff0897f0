-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250612070900-backfill-email-hashes-using-sha256.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250604110546_remove_default_env_from_new_installs
-- retort:up
    ALTER TABLE users DROP COLUMN email_hash;
    ALTER TABLE users ADD COLUMN email_hash TEXT;
    UPDATE users SET email_hash = encode(sha256(email::bytea), 'hex') WHERE email IS NOT NULL;
    CREATE INDEX users_email_hash_idx ON users(email_hash);
-- retort:down
