CREATE TYPE level AS ENUM ('one', 'two');
CREATE TABLE a (id integer, l level);
CREATE TABLE b (id integer, l level NOT NULL DEFAULT 'two');
