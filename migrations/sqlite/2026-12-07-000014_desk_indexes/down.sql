DROP INDEX grievances_unit_status;
DROP INDEX grievances_board_status;
DROP INDEX actions_board_due;
DROP INDEX actions_board_status;
