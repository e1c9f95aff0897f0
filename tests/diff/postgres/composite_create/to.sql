CREATE TYPE money_amount AS (amount numeric(12,2), currency char(3));
CREATE TABLE t (id integer, price money_amount);
CREATE FUNCTION total(m money_amount) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT m.amount $$;
