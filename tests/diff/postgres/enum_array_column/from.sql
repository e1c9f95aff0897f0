CREATE TYPE tag AS ENUM ('x', 'y', 'z');
CREATE TABLE t (tags tag[]);
