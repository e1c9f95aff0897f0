-- retort:up
ALTER TABLE accounts ADD COLUMN email_address text;
