-- retort:up
CREATE FULLTEXT INDEX ft_bio ON accounts (bio);
