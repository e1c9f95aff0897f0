CREATE SCHEMA a;
CREATE SCHEMA b;
CREATE TABLE a.item (id integer PRIMARY KEY, name text);
CREATE TABLE b.item (id integer PRIMARY KEY, a_id integer REFERENCES a.item);
CREATE VIEW b.both AS SELECT b.id, a.name FROM b.item b JOIN a.item a ON a.id = b.a_id;
CREATE INDEX item_name ON a.item (name);
CREATE INDEX item_name ON b.item (a_id);
