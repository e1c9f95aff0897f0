CREATE TYPE s AS ENUM ('new', 'open', 'closed', 'archived');
CREATE TABLE t (s s);
