ALTER TABLE role_grants DROP COLUMN granted_at;
