CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE a (id integer, m mood DEFAULT 'ok');
CREATE TABLE b (id integer, m mood NOT NULL);
