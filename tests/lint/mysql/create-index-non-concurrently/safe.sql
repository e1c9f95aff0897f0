-- retort:up
CREATE INDEX ix_name ON accounts (name) ALGORITHM=NOCOPY LOCK=NONE;
