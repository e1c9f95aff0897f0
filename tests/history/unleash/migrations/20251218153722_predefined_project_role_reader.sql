-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251218153722-predefined-project-role-reader.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251210144308_add_project_column_to_context_fields
-- retort:up
        ALTER TABLE roles DROP CONSTRAINT unique_name;
        ALTER TABLE roles ADD CONSTRAINT roles_type_name_unique UNIQUE (type, name);

        INSERT INTO roles (name, description, type)
        VALUES ('Reader', 'Users with the project reader role have read-only access to the project and cannot make changes.', 'project')
        ON CONFLICT (type, name) DO NOTHING;
-- retort:down
        DELETE FROM roles WHERE type = 'project' AND name = 'Reader';
        ALTER TABLE roles DROP CONSTRAINT roles_type_name_unique;
        ALTER TABLE roles ADD CONSTRAINT unique_name UNIQUE (name);
