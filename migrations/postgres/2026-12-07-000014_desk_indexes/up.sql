-- The desk lists what waits on someone, at one status each: a board's actions to verify, oldest
-- first, and its overdue ones (due before today), and a board's or a unit's grievances still
-- waiting, newest first. With the owner and the status both equal these hold exactly the rows
-- asked for, so each list reads about as many rows as it shows, never the finished archive.
CREATE INDEX actions_board_status ON actions (board_id, status, id);
CREATE INDEX actions_board_due ON actions (board_id, status, due_date);
CREATE INDEX grievances_board_status ON grievances (board_id, status, id);
CREATE INDEX grievances_unit_status ON grievances (unit_id, status, id);
