-- retort:up
-- retort:lint-ignore drop-column unused since release 4.2 (ticket 812)
ALTER TABLE accounts DROP COLUMN bio, ALGORITHM=INSTANT;
