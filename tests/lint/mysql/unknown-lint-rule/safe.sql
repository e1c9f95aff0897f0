-- retort:up
-- retort:lint-ignore drop-column a rule that exists
CREATE TABLE t (id int);
