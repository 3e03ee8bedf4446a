-- How a report was approved and published, by role, never by name (domain::report::Signoff as
-- JSON): the capacity in which each officer acted, and whether the board's two-person rule was
-- in force when it was published. NULL for reports published before it was kept.
ALTER TABLE reports ADD COLUMN signoff TEXT;
