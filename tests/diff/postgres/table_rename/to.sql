CREATE TABLE new_name (id integer PRIMARY KEY, v text);
CREATE INDEX old_name_v ON new_name (v);
