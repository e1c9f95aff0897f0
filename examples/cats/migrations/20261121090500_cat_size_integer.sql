-- size changes from text ('small', 'medium', 'large') to an integer
-- (1, 2, 3), converting every row; the down converts back.
-- retort:parent 20261121090400_cat_message_not_null
-- retort:up
CREATE TABLE cat_new (
    id integer PRIMARY KEY,
    name text NOT NULL,
    size integer NOT NULL CHECK (size BETWEEN 1 AND 3),
    message text NOT NULL DEFAULT ''
);
INSERT INTO cat_new (id, name, size, message)
    SELECT id, name,
           CASE size WHEN 'small' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
           message
    FROM cat;
DROP TABLE cat;
ALTER TABLE cat_new RENAME TO cat;
-- retort:down
CREATE TABLE cat_old (
    id integer PRIMARY KEY,
    name text NOT NULL,
    size text NOT NULL CHECK (size IN ('small', 'medium', 'large')),
    message text NOT NULL DEFAULT ''
);
INSERT INTO cat_old (id, name, size, message)
    SELECT id, name,
           CASE size WHEN 1 THEN 'small' WHEN 2 THEN 'medium' ELSE 'large' END,
           message
    FROM cat;
DROP TABLE cat;
ALTER TABLE cat_old RENAME TO cat;
