DROP TABLE action_updates;
DROP TABLE actions;
