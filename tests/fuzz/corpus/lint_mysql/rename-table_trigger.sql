RENAME TABLE accounts TO users;
