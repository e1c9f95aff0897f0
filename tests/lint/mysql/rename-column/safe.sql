-- retort:up
ALTER TABLE accounts ADD COLUMN nick varchar(20);
ALTER TABLE accounts RENAME COLUMN nick TO nickname, ALGORITHM=INSTANT;
