-- The cat table, as the first version of the application knows it.
-- retort:up
CREATE TABLE cat (
    id integer PRIMARY KEY,
    name text NOT NULL,
    size text NOT NULL CHECK (size IN ('small', 'medium', 'large'))
);
-- retort:down
DROP TABLE cat;
