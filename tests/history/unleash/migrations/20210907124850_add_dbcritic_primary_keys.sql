-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210907124850-add-dbcritic-primary-keys.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210907124058_add_dbcritic_indices
-- retort:up
            ALTER TABLE feature_tag
                DROP CONSTRAINT feature_tag_feature_name_tag_type_tag_value_key;
            ALTER TABLE feature_tag
                ADD PRIMARY KEY (feature_name, tag_type, tag_value);
-- retort:down
ALTER TABLE feature_tag
        DROP constraint feature_tag_pkey;
    ALTER TABLE feature_tag
        ADD CONSTRAINT feature_tag_feature_name_tag_type_tag_value_key UNIQUE (feature_name, tag_type, tag_value);
