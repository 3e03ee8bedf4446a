-- A representative's desk lists the overdue actions of the units they answer for, at one status
-- each (as `actions_board_due` does for a board's): with the unit and the status equal this holds
-- exactly the overdue rows. Without it SQLite read every board's overdue actions at that status
-- and looked each one up to find its unit (the 8th Infantry Division's desk at scale 1: 430
-- pages a second).
CREATE INDEX actions_unit_due ON actions (unit_id, status, due_date);
