-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210428103924-patch-admin_role.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210428103924_patch_admin_role_name
-- retort:up
        DO $$
        declare
        begin
                WITH admin AS (
                    SELECT * FROM roles WHERE name in ('Admin', 'Super User') LIMIT 1
                )
                INSERT into role_user(role_id, user_id)
                VALUES 
                    ((select id from admin), (select id FROM users where username='admin' LIMIT 1)); 

        EXCEPTION WHEN OTHERS THEN
            raise notice 'Ignored';
        end;
        $$;
-- retort:down
