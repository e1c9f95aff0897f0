-- retort:lint-ignore drop-schema legacy was emptied in 20260101000000
-- retort:up
DROP SCHEMA legacy;
