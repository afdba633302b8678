-- The tree's right edge before the last append, kept beside the edge as prev_hash is beside the
-- hash: on PostgreSQL one statement moves both, and computes the new tree nodes from the old edge.
ALTER TABLE mydatakit_audit_head ADD COLUMN prev_edge VARCHAR(4096) DEFAULT '' NOT NULL;
