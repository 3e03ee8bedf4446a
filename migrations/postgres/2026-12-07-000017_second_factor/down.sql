DROP TABLE recovery_codes;
DROP TABLE totp_factors;
ALTER TABLE sessions DROP COLUMN second_factor;
ALTER TABLE sessions DROP COLUMN stage;
