DROP INDEX action_updates_status;
DROP INDEX actions_board_open;
