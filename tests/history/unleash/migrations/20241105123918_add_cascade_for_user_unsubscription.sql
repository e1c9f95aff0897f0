-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241105123918-add-cascade-for-user-unsubscription.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241031123526_release_plan_definition_remove_fk_constraint_on_userid
-- retort:up
    ALTER TABLE user_unsubscription DROP CONSTRAINT user_unsubscription_user_id_fkey;
    ALTER TABLE user_unsubscription
        ADD CONSTRAINT user_unsubscription_user_id_fkey
        FOREIGN KEY (user_id)
        REFERENCES users(id) ON DELETE CASCADE;
-- retort:down
