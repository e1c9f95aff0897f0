-- retort:up
ALTER TABLE accounts MODIFY name varchar(63), ALGORITHM=INSTANT;
