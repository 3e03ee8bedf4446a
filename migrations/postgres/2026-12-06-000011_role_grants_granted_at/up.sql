-- When a role was granted: notices about an event go only to those who held the role then.
-- A grant made before this column existed dates from its account's creation, the best known bound.
ALTER TABLE role_grants ADD COLUMN granted_at TIMESTAMP;
UPDATE role_grants SET granted_at = users.created_at FROM users WHERE users.id = role_grants.user_id;
ALTER TABLE role_grants ALTER COLUMN granted_at SET NOT NULL;
