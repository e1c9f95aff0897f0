-- retort:up
-- retort:lint-ignore drop-colum typo in the rule id
CREATE TABLE t (id int);
