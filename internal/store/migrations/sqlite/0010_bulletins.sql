-- 0010: supervision bulletins (督办通报) as issued by the office, numbered
-- per year. sections holds the JSON rows of each list as they were on
-- issue (codes, titles, units, leaders, figures as of to_day), so an issued
-- bulletin never changes when its measures do.
CREATE TABLE bulletins (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    from_day   INTEGER NOT NULL,
    to_day     INTEGER NOT NULL,
    issued_on  INTEGER NOT NULL,
    issued_at  INTEGER NOT NULL,
    issuer     TEXT NOT NULL,
    office     TEXT NOT NULL DEFAULT '',
    sections   TEXT NOT NULL
);
CREATE UNIQUE INDEX bulletins_year_number ON bulletins(year, number);
