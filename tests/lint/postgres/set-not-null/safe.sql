-- retort:up transaction=false
SET lock_timeout = '2s';
ALTER TABLE accounts ADD CONSTRAINT accounts_email_not_null
	CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_email_not_null;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_email_not_null;
