-- retort:up transaction=false
SET lock_timeout = '2s';
ALTER TABLE accounts ADD CONSTRAINT accounts_owner_fkey
	FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_owner_fkey;
