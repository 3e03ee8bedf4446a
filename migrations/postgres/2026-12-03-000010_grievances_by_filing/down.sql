DROP INDEX grievances_board_filed;
