-- 0005: the leader filters on every board and list read the leaders'
-- accounts; an index on role keeps that from reading every account.
CREATE INDEX accounts_role ON accounts(role, username);
