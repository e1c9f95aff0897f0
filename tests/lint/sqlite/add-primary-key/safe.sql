-- retort:up
ALTER TABLE accounts ADD COLUMN uid integer;
