package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// migrationFS is where Migrate reads the migrations from: the embedded
// ones; a test adds a failing one to show a failed migration leaves the
// database as it was.
var migrationFS fs.FS = migrations

// versions lists the migrations the binary carries for the dialect, oldest
// first, by number.
func versions(d dialect) ([]int, []string, error) {
	dir := "migrations/" + d.name
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var vs []int
	var names []string
	for _, e := range entries {
		v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, nil, fmt.Errorf("store: migration %s has no version number", e.Name())
		}
		vs = append(vs, v)
		names = append(names, dir+"/"+e.Name())
	}
	return vs, names, nil
}

// LatestVersion is the schema version this binary migrates a database to:
// its newest migration's number.
func LatestVersion() int {
	vs, _, err := versions(sqliteDialect)
	if err != nil || len(vs) == 0 {
		return 0
	}
	return vs[len(vs)-1]
}

// SchemaVersion is the newest migration applied to the database: 0 for a
// database no luoshi has migrated.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	tables, err := s.Tables(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	has := false
	for _, t := range tables {
		has = has || t == "schema_migrations"
	}
	if !has {
		return 0, nil
	}
	var v sql.NullInt64
	if err := s.read.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}

// MigrateTo applies the migrations up to version v and no further: the
// upgrade fixtures are databases of earlier versions made with it.
func (s *Store) MigrateTo(ctx context.Context, v int) (int, error) { return s.migrate(ctx, v) }

// MigrationBackup is the copy of the database Migrate took before it
// changed a SQLite database that held an earlier schema ("" when it took
// none).
func (s *Store) MigrationBackup() string { return s.migrationBackup }

// newerThanBinary refuses a database migrated by a newer luoshi: this one
// does not know its tables and would serve them wrongly.
func newerThanBinary(have, latest int) error {
	return model.Errorf(model.EINVALID, "the database's schema is version %d, newer than this luoshi (version %d): run the luoshi that made it, or restore a backup taken for this one", have, latest)
}

// backupBeforeMigrating copies a SQLite database that already holds a
// schema before migrations change it, beside it, and returns the copy's
// path. A migration runs in one transaction, so a failed one changes
// nothing; the copy is for whatever else may go wrong, and the operator
// is told where it is.
func (s *Store) backupBeforeMigrating(ctx context.Context, from int) (string, error) {
	if s.d.noBackup != "" || s.path == "" || strings.HasPrefix(s.path, ":memory:") || strings.Contains(s.path, "mode=memory") {
		return "", nil
	}
	base := fmt.Sprintf("%s.before-migration-from-%04d", s.path, from)
	path := base + ".db"
	for i := 2; ; i++ {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			break
		}
		path = fmt.Sprintf("%s-%d.db", base, i)
	}
	if err := s.Backup(ctx, path); err != nil {
		return "", fmt.Errorf("store: backup before migrating: %w", err)
	}
	return path, nil
}

// RowCounts counts the rows of every table.
func (s *Store) RowCounts(ctx context.Context) (map[string]int64, error) {
	tables, err := s.Tables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, t := range tables {
		if !plainName.MatchString(t) {
			return nil, fmt.Errorf("store: count: unexpected table name %q", t)
		}
		var n int64
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM "`+t+`"`).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// KeyColumns lists a table's primary key columns in order.
func (s *Store) KeyColumns(ctx context.Context, table string) ([]string, error) {
	return s.strings(ctx, s.d.keySQL, table)
}

// Checksum is a SHA-256 over the given columns of every row of a table
// (Rows): equal checksums before and after an upgrade say the same rows
// hold the same values there.
func (s *Store) Checksum(ctx context.Context, table string, cols []string) (string, error) {
	rows, err := s.Rows(ctx, table, cols)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, r := range rows {
		h.Write([]byte(r))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Rows reads the given columns of every row of a table, each row as one
// string, ordered by those columns.
func (s *Store) Rows(ctx context.Context, table string, cols []string) ([]string, error) {
	if !plainName.MatchString(table) || len(cols) == 0 {
		return nil, fmt.Errorf("store: rows: bad table %q or no columns", table)
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		if !plainName.MatchString(c) {
			return nil, fmt.Errorf("store: rows: bad column %q", c)
		}
		quoted[i] = `"` + c + `"`
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM "`+table+`" ORDER BY `+strings.Join(quoted, ", "))
	if err != nil {
		return nil, fmt.Errorf("store: rows of %s: %w", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var b strings.Builder
		for _, v := range vals {
			if x, ok := v.([]byte); ok {
				v = string(x)
			}
			fmt.Fprintf(&b, "%v\x1f", v)
		}
		out = append(out, b.String())
	}
	return out, rows.Err()
}

// CheckFile checks that the SQLite file at path is sound (PRAGMA
// integrity_check) without changing it: it is opened read-only.
func CheckFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return err
		}
		if r != "ok" {
			problems = append(problems, r)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return model.Errorf(model.EINVALID, "%s fails the integrity check: %s", path, strings.Join(problems, "; "))
	}
	return nil
}
