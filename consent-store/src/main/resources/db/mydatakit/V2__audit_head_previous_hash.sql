-- The hash the head replaced: on PostgreSQL one statement moves the head and writes the entry that
-- links to it (the new hash is computed by the database from the entry's canonical encoding).
ALTER TABLE mydatakit_audit_head ADD COLUMN prev_hash CHAR(64);
