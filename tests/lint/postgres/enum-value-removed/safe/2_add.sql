-- retort:up
ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';
