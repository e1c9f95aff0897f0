-- retort:up transaction=false
REINDEX TABLE CONCURRENTLY accounts;
