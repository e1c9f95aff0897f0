-- retort:up
CREATE TABLE scratch (n int);
ALTER TABLE scratch ADD CONSTRAINT ck_n CHECK (n >= 0);
