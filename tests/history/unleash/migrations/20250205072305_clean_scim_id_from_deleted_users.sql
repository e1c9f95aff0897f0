-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250205072305-clean-scim-id-from-deleted-users.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250203145735_drop_rp_view_permissions
-- retort:up
        UPDATE users
        SET
            scim_id = NULL,
            scim_external_id = NULL
        WHERE deleted_at IS NOT NULL AND scim_id IS NOT NULL;
-- retort:down
