-- 0013: single sign-on. source says where an account's identity is checked:
-- 'local' (a luoshi password) or the identity service that created it on
-- its first sign-in ('cas', 'oidc', 'ldap'); such an account has no luoshi
-- password. An existing account matched by username keeps 'local'.
ALTER TABLE accounts ADD COLUMN source TEXT NOT NULL DEFAULT 'local';
