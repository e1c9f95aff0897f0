-- retort:up
ALTER TABLE accounts ADD COLUMN email_verified integer DEFAULT 0;
