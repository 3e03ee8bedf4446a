-- When a role was granted: notices about an event go only to those who held the role then.
-- SQLite adds a NOT NULL column only with a constant default; every insert sets it. A grant
-- made before this column existed dates from its account's creation, the best known bound.
ALTER TABLE role_grants ADD COLUMN granted_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE role_grants SET granted_at = (SELECT created_at FROM users WHERE users.id = role_grants.user_id);
