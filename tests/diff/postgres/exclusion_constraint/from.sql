CREATE TABLE booking (room integer, during tsrange);
CREATE TABLE circles_old (c circle, EXCLUDE USING gist (c WITH &&));
