-- retort:up transaction=false
VACUUM FULL accounts;
