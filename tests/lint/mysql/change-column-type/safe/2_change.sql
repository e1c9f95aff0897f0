-- retort:up
ALTER TABLE accounts MODIFY name varchar(60), ALGORITHM=INSTANT;
