-- retort:up
ALTER TABLE events DROP PARTITION p2024;
