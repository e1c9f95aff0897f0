CREATE TYPE tag AS ENUM ('x', 'z');
CREATE TABLE t (tags tag[]);
