DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE installation_secrets;
DROP TABLE sessions;
DROP TABLE role_grants;
DROP TABLE users;
DROP TABLE units;
DROP TABLE boards;
