-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210414141220-fix-misspellings-in-role-descriptions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210409120136_create_reset_token_table
-- retort:up
        UPDATE roles SET description = 'As an Editor you have access to most features in Unleash, but you can not manage users and roles in the global scope. If you create a project, you will become a project owner and receive superuser rights within the context of that project.' WHERE name = 'Regular';
-- retort:down
