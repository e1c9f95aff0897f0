-- Seed data that ships with the schema: the cats of cats.csv, loaded in
-- this migration's transaction.
-- retort:parent 20261121090500_cat_size_integer
-- retort:up
-- retort:load cat FROM 'cats.csv'
-- retort:down
DELETE FROM cat WHERE id BETWEEN 1 AND 6;
