DROP VIEW post_titles;
DROP TABLE posts;
