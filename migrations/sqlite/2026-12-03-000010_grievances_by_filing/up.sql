-- A month's report reads the grievances a board received in the month: found by date, so that
-- their cost follows the month, not the board's archive.
CREATE INDEX grievances_board_filed ON grievances (board_id, filed_at);
