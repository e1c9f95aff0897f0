-- retort:up
CREATE TABLE events (id bigserial PRIMARY KEY);
