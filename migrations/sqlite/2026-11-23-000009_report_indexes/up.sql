-- A month's report counts a board's actions open during the month. The first index reads the
-- still-open ones (verified_at IS NULL) and those verified since the month began without touching
-- the table or the board's finished archive; the second finds the month's "reported done"
-- updates by date, so that their cost follows the month.
CREATE INDEX actions_board_open ON actions (board_id, verified_at, created_at, unit_id, due_date);
CREATE INDEX action_updates_status ON action_updates (status, created_at, action_id);
