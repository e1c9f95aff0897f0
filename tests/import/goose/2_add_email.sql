-- +goose NO TRANSACTION
-- +goose Up
ALTER TABLE users ADD COLUMN email text;
CREATE INDEX users_email ON users (email);

-- +goose Down
DROP INDEX users_email;
ALTER TABLE users DROP COLUMN email;
