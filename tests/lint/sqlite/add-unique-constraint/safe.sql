-- retort:up
ALTER TABLE accounts ADD COLUMN handle text;
CREATE UNIQUE INDEX accounts_handle_key ON accounts (handle);
