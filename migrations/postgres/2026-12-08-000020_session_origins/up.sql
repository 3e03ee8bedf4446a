-- Where a login session came from, as its holder sees it among their sessions: the browser and
-- system named from the user agent, and the client address shortened to its network (an IPv4
-- address to its /24, IPv6 to its /48). Sessions from before keep empty ones.
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
