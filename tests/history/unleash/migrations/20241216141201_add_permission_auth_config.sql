-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241216141201-add-permission-auth-config.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241212122149_add_permissions_maintenance
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('UPDATE_AUTH_CONFIGURATION', 'Change authentication settings (SSO)', 'root');
-- retort:down
        DELETE FROM permissions WHERE permission IN ('UPDATE_AUTH_CONFIGURATION');
