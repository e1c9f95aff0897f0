-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ADD CONSTRAINT accounts_owner_fkey
	FOREIGN KEY (owner_id) REFERENCES users (id);
