-- +goose Up
-- +goose StatementBegin
CREATE TABLE posts (
    id integer PRIMARY KEY,
    user_id integer REFERENCES users (id),
    title text NOT NULL DEFAULT 'untitled; really'
);
-- +goose StatementEnd
CREATE VIEW post_titles AS SELECT id, title FROM posts;

-- +goose Down
DROP VIEW post_titles;
DROP TABLE posts;
