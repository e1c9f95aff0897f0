-- Renaming comment to message, step 2 of 3 (contract). Deploy this once
-- no instance of the old application is left: nothing reads comment.
-- retort:lint-ignore drop-column contract step: no running version reads comment
-- retort:parent 20261121090200_expand_cat_message
-- retort:up
DROP TRIGGER cat_message_to_comment_update;
DROP TRIGGER cat_message_to_comment_insert;
DROP TRIGGER cat_comment_to_message_update;
DROP TRIGGER cat_comment_to_message_insert;
ALTER TABLE cat DROP COLUMN comment;
-- retort:down
ALTER TABLE cat ADD COLUMN comment text;
UPDATE cat SET comment = message;
CREATE TRIGGER cat_comment_to_message_insert AFTER INSERT ON cat
WHEN NEW.message IS NULL AND NEW.comment IS NOT NULL
BEGIN
    UPDATE cat SET message = NEW.comment WHERE id = NEW.id;
END;
CREATE TRIGGER cat_comment_to_message_update AFTER UPDATE OF comment ON cat
WHEN NEW.message IS NOT NEW.comment
BEGIN
    UPDATE cat SET message = NEW.comment WHERE id = NEW.id;
END;
CREATE TRIGGER cat_message_to_comment_insert AFTER INSERT ON cat
WHEN NEW.comment IS NULL AND NEW.message IS NOT NULL
BEGIN
    UPDATE cat SET comment = NEW.message WHERE id = NEW.id;
END;
CREATE TRIGGER cat_message_to_comment_update AFTER UPDATE OF message ON cat
WHEN NEW.comment IS NOT NEW.message
BEGIN
    UPDATE cat SET comment = NEW.message WHERE id = NEW.id;
END;
