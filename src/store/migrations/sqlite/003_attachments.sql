-- 003: attachments (附件) of demands.
--
-- The bytes live outside the database, content-addressed under the files
-- directory (DIR/ab/cd/<sha256>), so the same file uploaded twice is kept
-- once and backups of the database stay small.  A row is what one person
-- attached to one demand: the name they gave it (cleaned), the type its
-- content proved, and which blob holds it.
CREATE TABLE attachment (
  id          INTEGER PRIMARY KEY,
  demand_id   INTEGER NOT NULL REFERENCES demand(id),
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),  -- lower-case hex
  name        TEXT NOT NULL,                  -- base name, cleaned
  mime        TEXT NOT NULL,                  -- judged by content
  size        INTEGER NOT NULL CHECK (size > 0),
  uploaded_by INTEGER NOT NULL REFERENCES app_user(id),
  uploaded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX attachment_demand ON attachment(demand_id, id);
