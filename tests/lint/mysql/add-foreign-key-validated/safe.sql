-- retort:up
SET foreign_key_checks = 0;
ALTER TABLE accounts ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES owners (id), ALGORITHM=NOCOPY, LOCK=NONE;
SET foreign_key_checks = 1;
