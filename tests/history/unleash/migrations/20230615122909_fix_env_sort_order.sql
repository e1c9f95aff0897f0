-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230615122909-fix-env-sort-order.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230510113903_fix_api_token_username_migration
-- retort:up
            WITH sorted_environments AS (
                SELECT
                    *,
                    ROW_NUMBER() OVER (
                        ORDER BY
                            sort_order,
                            created_at
                        ) AS new_sort_order
                FROM
                    environments
            )
            UPDATE
                environments
            SET
                sort_order = sorted_environments.new_sort_order
            FROM
                sorted_environments
            WHERE
                environments.name = sorted_environments.name;
-- retort:down
