-- retort:up
DROP TYPE size;
CREATE TYPE size AS ENUM ('large', 'medium', 'small');
