ALTER TABLE reports DROP COLUMN signoff;
