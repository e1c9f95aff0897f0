CREATE TABLE booking (room integer, during tsrange, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));
CREATE TABLE circles_old (c circle);
