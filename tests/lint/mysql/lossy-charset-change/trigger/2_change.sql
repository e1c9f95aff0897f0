-- retort:up
ALTER TABLE accounts CONVERT TO CHARACTER SET latin1;
