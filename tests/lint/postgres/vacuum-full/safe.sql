-- retort:up transaction=false
VACUUM (ANALYZE) accounts;
