-- retort:up
ALTER TABLE accounts ADD COLUMN plan int NOT NULL;
