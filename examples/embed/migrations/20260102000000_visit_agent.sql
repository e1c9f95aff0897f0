-- retort:parent 20260101000000_create_visit
-- retort:up
ALTER TABLE visit ADD COLUMN agent text;
-- retort:down
ALTER TABLE visit DROP COLUMN agent;
