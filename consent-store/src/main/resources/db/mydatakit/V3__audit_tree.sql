-- The audit log as an RFC 9162 Merkle tree: each entry's leaf commits to it with a random salt
-- (kept here, handed only to the citizen the entry is about), and the store keeps the hash of every
-- complete subtree (level 0: the leaves) so that any proof needs O(log n) rows. Entries written
-- before this migration get their salts and nodes from the next one (a Java migration).
ALTER TABLE mydatakit_audit ADD COLUMN salt CHAR(64);

CREATE TABLE mydatakit_audit_node (
  lvl  SMALLINT NOT NULL,
  idx  BIGINT   NOT NULL,
  hash CHAR(64) NOT NULL,
  PRIMARY KEY (lvl, idx)
);

-- The tree's right edge (its largest complete subtrees, concatenated hex), kept with the head so
-- that an append reads and moves both under the one lock it already takes.
ALTER TABLE mydatakit_audit_head ADD COLUMN edge VARCHAR(4096) DEFAULT '' NOT NULL;

-- Signed checkpoints of the tree (C2SP signed notes), one per tree size, with their cosignatures.
CREATE TABLE mydatakit_log_checkpoint (
  tree_size BIGINT         NOT NULL PRIMARY KEY,
  note      VARCHAR(65536) NOT NULL
);
