CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA billing;
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE DOMAIN email AS citext CHECK (VALUE ~ '@');
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email email NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    manager_id bigint REFERENCES users (id) ON DELETE SET NULL
);
COMMENT ON TABLE users IS 'people who log in';
CREATE TABLE orders (
    id serial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    state order_state NOT NULL DEFAULT 'new',
    total numeric(12,2) NOT NULL CHECK (total >= 0),
    note text
);
CREATE INDEX orders_user ON orders (user_id);
CREATE INDEX orders_open ON orders (user_id) WHERE state IN ('new', 'paid');
CREATE TABLE billing.invoices (
    id bigserial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders,
    amount numeric(12,2) NOT NULL,
    issued date NOT NULL DEFAULT CURRENT_DATE
) ;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW order_totals AS SELECT u.id, u.name, sum(o.total) AS total FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id, u.name;
CREATE VIEW big_spenders AS SELECT id, name FROM order_totals WHERE total > 1000;
CREATE MATERIALIZED VIEW billing.monthly AS SELECT date_trunc('month', issued) AS month, sum(amount) AS amount FROM billing.invoices GROUP BY 1;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_orders ON orders USING (user_id = current_setting('app.user')::bigint);
GRANT SELECT ON order_totals TO retort_reader;
