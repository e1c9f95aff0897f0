ALTER TABLE accounts MODIFY name varchar(30);
