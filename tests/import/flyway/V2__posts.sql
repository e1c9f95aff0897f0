CREATE TABLE posts (
    id integer PRIMARY KEY,
    user_id integer REFERENCES users (id),
    title text NOT NULL DEFAULT 'untitled; really'
);
CREATE VIEW post_titles AS SELECT id, title FROM posts;
