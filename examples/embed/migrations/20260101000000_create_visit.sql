-- retort:up
CREATE TABLE visit (id integer PRIMARY KEY, at text NOT NULL);
-- retort:down
DROP TABLE visit;
