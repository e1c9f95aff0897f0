-- retort:up
CREATE TABLE staging (id integer);
ALTER TABLE staging RENAME TO imports;
