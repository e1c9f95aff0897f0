-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210421135405-add-display-name-and-update-description-for-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210421133845_add_sort_order_to_strategies
-- retort:up
    ALTER TABLE strategies ADD COLUMN display_name text;
    UPDATE strategies SET display_name = 'Standard', description = 'The standard strategy is strictly on / off for your entire userbase.' WHERE name = 'default';
    UPDATE strategies SET display_name = 'Gradual rollout', description = 'Roll out to a percentage of your userbase, and ensure that the experience is the same for the user on each visit.' WHERE name = 'flexibleRollout';
    UPDATE strategies SET display_name = 'IPs', description = 'Enable the feature for a specific set of IP addresses.' WHERE name = 'remoteAddress';
    UPDATE strategies SET display_name = 'Hosts', description = 'Enable the feature for a specific set of hostnames.' WHERE name = 'applicationHostname';
-- retort:down
ALTER TABLE strategies DROP COLUMN display_name;
