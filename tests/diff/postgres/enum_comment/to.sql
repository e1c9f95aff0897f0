CREATE TYPE st AS ENUM ('a');
COMMENT ON TYPE st IS 'states';
