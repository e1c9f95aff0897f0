-- retort:up
CREATE TABLE events (id bigint, at timestamptz);
