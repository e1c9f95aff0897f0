-- retort:online
-- retort:up
-- retort:rename t.a=b
SELECT 1
