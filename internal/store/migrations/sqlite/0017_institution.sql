-- 0017: an institution sets itself up. Units get aliases (简称 and former
-- names, each naming one unit), an active flag (a unit is deactivated or
-- merged, never deleted) and the unit a merged one went into (no foreign
-- key: a copy writes units parents first, and a merge may point anywhere in
-- the tree). People get a staff number (工号, what a re-imported sheet is
-- matched by) and a phone. An admin's password reset makes the account
-- change its password at the next sign-in. Leaders' portfolios (分管) are
-- kept per leader and day they took effect, so a reassignment keeps the
-- old one as history. The academic calendar has one row per term or break.
ALTER TABLE units ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';

CREATE TABLE unit_aliases (
    alias TEXT PRIMARY KEY,
    unit  TEXT NOT NULL REFERENCES units(code)
);
CREATE INDEX unit_aliases_unit ON unit_aliases(unit);

ALTER TABLE people ADD COLUMN staff_no TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN phone TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX people_staff_no ON people(staff_no) WHERE staff_no <> '';

ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
CREATE INDEX accounts_person ON accounts(person_id);

CREATE TABLE portfolios (
    id         INTEGER PRIMARY KEY,
    leader     TEXT NOT NULL,
    from_day   INTEGER NOT NULL,
    units      TEXT NOT NULL DEFAULT '[]',
    themes     TEXT NOT NULL DEFAULT '[]',
    by_account TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX portfolios_leader_from ON portfolios(leader, from_day);

CREATE TABLE academic_terms (
    year      INTEGER NOT NULL,
    term      TEXT NOT NULL,
    start_day INTEGER NOT NULL,
    end_day   INTEGER NOT NULL,
    PRIMARY KEY (year, term)
);
