ALTER TABLE accounts MODIFY n bigint;
