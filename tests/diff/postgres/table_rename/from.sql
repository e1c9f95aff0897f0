CREATE TABLE old_name (id integer PRIMARY KEY, v text);
CREATE INDEX old_name_v ON old_name (v);
