DROP INDEX actions_unit_due;
