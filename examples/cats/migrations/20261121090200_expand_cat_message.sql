-- Renaming comment to message, step 1 of 3 (expand). A plain RENAME
-- COLUMN would break the application version still running, which reads
-- and writes `comment`. So: add `message` next to it, copy the data, and
-- keep the two in sync with triggers while old and new versions run.
-- retort:parent 20261121090100_add_cat_comment
-- retort:up
ALTER TABLE cat ADD COLUMN message text;
UPDATE cat SET message = comment;

-- The old application writes comment: mirror it into message.
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

-- The new application writes message: mirror it into comment.
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
-- retort:down
DROP TRIGGER cat_message_to_comment_update;
DROP TRIGGER cat_message_to_comment_insert;
DROP TRIGGER cat_comment_to_message_update;
DROP TRIGGER cat_comment_to_message_insert;
ALTER TABLE cat DROP COLUMN message;
