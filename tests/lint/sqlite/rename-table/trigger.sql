-- retort:up
ALTER TABLE accounts RENAME TO customers;
