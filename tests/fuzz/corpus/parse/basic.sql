-- retort:parent 20251231000000_a
-- retort:up
CREATE TABLE t (a int);
-- retort:load t FROM 't.csv'
-- retort:down
DROP TABLE t;
