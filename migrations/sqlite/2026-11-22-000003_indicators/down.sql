DROP TABLE reopened_periods;
DROP TABLE indicator_values;
DROP TABLE indicator_targets;
DROP TABLE indicator_baselines;
DROP TABLE indicators;
