-- retort:up
ALTER TABLE accounts ADD CONSTRAINT ck_n CHECK (n >= 0);
