-- retort:up
CREATE TABLE accounts_new (id integer PRIMARY KEY, email text NOT NULL);
INSERT INTO accounts_new SELECT id, email FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
