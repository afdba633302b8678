-- Every entry has its salt now (V4 gave the earlier ones theirs).
ALTER TABLE mydatakit_audit ALTER COLUMN salt SET NOT NULL;
