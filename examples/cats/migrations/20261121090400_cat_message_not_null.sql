-- Renaming comment to message, step 3 of 3: message becomes NOT NULL
-- (empty for cats without one). SQLite cannot add NOT NULL to a column in
-- place, so the table is rebuilt: create, copy, drop, rename.
-- retort:parent 20261121090300_contract_cat_comment
-- retort:up
CREATE TABLE cat_new (
    id integer PRIMARY KEY,
    name text NOT NULL,
    size text NOT NULL CHECK (size IN ('small', 'medium', 'large')),
    message text NOT NULL DEFAULT ''
);
INSERT INTO cat_new (id, name, size, message)
    SELECT id, name, size, coalesce(message, '') FROM cat;
DROP TABLE cat;
ALTER TABLE cat_new RENAME TO cat;
-- retort:down
CREATE TABLE cat_old (
    id integer PRIMARY KEY,
    name text NOT NULL,
    size text NOT NULL CHECK (size IN ('small', 'medium', 'large')),
    message text
);
INSERT INTO cat_old (id, name, size, message)
    SELECT id, name, size, nullif(message, '') FROM cat;
DROP TABLE cat;
ALTER TABLE cat_old RENAME TO cat;
