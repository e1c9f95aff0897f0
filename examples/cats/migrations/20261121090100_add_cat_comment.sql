-- retort:parent 20261121090000_create_cat
-- retort:up
ALTER TABLE cat ADD COLUMN comment text;
-- retort:down
ALTER TABLE cat DROP COLUMN comment;
