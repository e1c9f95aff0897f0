-- retort:up
CREATE TABLE scratch (id int);
RENAME TABLE scratch TO scratch2;
