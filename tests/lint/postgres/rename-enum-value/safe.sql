-- retort:up
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'fine';
