// Command upgradefixtures writes the databases the upgrade test migrates:
// testdata/upgrade/vNNNN.db.gz, one per earlier schema version, each a
// SQLite database migrated up to that version and filled with the demo
// institution as it could exist then. luoshi has had no release yet, so
// the versions are chosen where the schema changed in ways an upgrade must
// carry data through (see versions). Run from the repository root:
//
//	go run ./tools/upgradefixtures
//
// The demo is built on the current schema and its rows are copied into each
// older schema: every column that version has, rows the older schema
// cannot hold (a state it did not know yet) left out with what refers to
// them. The output is deterministic: password hashes are made with a fixed
// salt and every clock is the demo's, so running it again writes the same
// bytes. PostgreSQL fixtures are made from these by the test itself (it
// migrates a fresh schema to the same version and copies the rows in).
package main

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/store"
	"golang.org/x/crypto/argon2"
)

// versions are the earlier schemas kept as fixtures:
//   - 10: before the audit chain (0014), the institution (0017) and
//     submissions (0018): its audit events are sealed into a chain when
//     migrated;
//   - 18: the chain, the institution profile and submissions, before void
//     and withdraw (0019) and the review queue (0020);
//   - 22: before speech files (0023), minutes (0024) and receipts (0025);
//   - 26: the newest schema when the fixtures were first made.
var versions = []int{10, 18, 22, 26}

func main() {
	out := flag.String("out", filepath.Join("testdata", "upgrade"), "folder to write the fixtures into")
	flag.Parse()
	if err := run(context.Background(), *out); err != nil {
		fmt.Fprintln(os.Stderr, "upgradefixtures:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out string) error {
	tmp, err := os.MkdirTemp("", "upgradefixtures")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "demo.db")
	if err := buildDemo(ctx, src); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, v := range versions {
		if v > store.LatestVersion() {
			return fmt.Errorf("version %d is newer than the binary's %d", v, store.LatestVersion())
		}
		db := filepath.Join(tmp, fmt.Sprintf("v%04d.db", v))
		if err := fixture(ctx, src, db, v); err != nil {
			return fmt.Errorf("version %d: %w", v, err)
		}
		dst := filepath.Join(out, fmt.Sprintf("v%04d.db.gz", v))
		if err := gz(db, dst); err != nil {
			return err
		}
		fi, _ := os.Stat(dst)
		fmt.Printf("wrote %s (%d KB)\n", dst, fi.Size()/1024)
	}
	return nil
}

// buildDemo loads the demo into a new database of the current schema, as
// serve --demo does.
func buildDemo(ctx context.Context, path string) error {
	s, err := store.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	a := app.New(s, slog.New(slog.DiscardHandler))
	s.Now = func() time.Time { return a.Now() }
	a.Now = func() time.Time { return demo.Opening(a.Location) }
	if _, err := a.EnsureDemoAdmin(ctx, "Upgrade-Fixture-1"); err != nil {
		return err
	}
	_, err = demo.Load(ctx, a)
	return err
}

// fixture makes the database at path: migrated to version v, filled with
// src's rows.
func fixture(ctx context.Context, src, path string, v int) error {
	s, err := store.Open(path)
	if err != nil {
		return err
	}
	s.Now = func() time.Time { return demo.Opening(time.UTC) }
	if _, err := s.MigrateTo(ctx, v); err != nil {
		s.Close()
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `ATTACH DATABASE ? AS demo`, src); err != nil {
		return err
	}
	tables, err := column(ctx, db, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
	if err != nil {
		return err
	}
	for _, t := range tables {
		have, err := column(ctx, db, `SELECT name FROM pragma_table_info(?, 'demo')`, t)
		if err != nil {
			return err
		}
		if len(have) == 0 {
			continue // a table the current schema no longer has
		}
		rows, err := db.QueryContext(ctx, `SELECT name, upper(type), "notnull", dflt_value IS NOT NULL FROM pragma_table_info(?, 'main') ORDER BY cid`, t)
		if err != nil {
			return err
		}
		var cols, exprs []string
		for rows.Next() {
			var name, typ string
			var notNull, hasDefault bool
			if err := rows.Scan(&name, &typ, &notNull, &hasDefault); err != nil {
				rows.Close()
				return err
			}
			switch {
			case contains(have, name):
				cols, exprs = append(cols, `"`+name+`"`), append(exprs, `"`+name+`"`)
			case notNull && !hasDefault:
				// A column the current schema dropped: the plainest value.
				lit := "0"
				if strings.Contains(typ, "TEXT") || strings.Contains(typ, "CHAR") {
					lit = "''"
				}
				cols, exprs = append(cols, `"`+name+`"`), append(exprs, lit)
			}
		}
		rows.Close()
		if _, err := db.ExecContext(ctx, `INSERT OR IGNORE INTO main."`+t+`" (`+strings.Join(cols, ", ")+`) SELECT `+strings.Join(exprs, ", ")+` FROM demo."`+t+`" ORDER BY rowid`); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	// Rows whose parent the older schema could not hold go too.
	for {
		var orphans [][2]any
		rows, err := db.QueryContext(ctx, `PRAGMA main.foreign_key_check`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var table, parent string
			var rowid sql.NullInt64
			var fk int
			if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
				rows.Close()
				return err
			}
			if !rowid.Valid {
				rows.Close()
				return fmt.Errorf("%s has a row without rowid whose %s is missing", table, parent)
			}
			orphans = append(orphans, [2]any{table, rowid.Int64})
		}
		rows.Close()
		if len(orphans) == 0 {
			break
		}
		for _, o := range orphans {
			if _, err := db.ExecContext(ctx, `DELETE FROM main."`+o[0].(string)+`" WHERE rowid = ?`, o[1]); err != nil {
				return err
			}
		}
	}
	if _, err := db.ExecContext(ctx, `UPDATE main.accounts SET password_hash = ? WHERE password_hash IS NOT NULL AND password_hash <> ''`, fixedHash(demo.Password)); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `UPDATE main.schema_migrations SET applied_at = ?`, demo.Opening(time.UTC).Unix()); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `DETACH DATABASE demo`); err != nil {
		return err
	}
	// One file, no write-ahead log, as small as it gets.
	for _, q := range []string{`PRAGMA journal_mode = DELETE`, `VACUUM`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// fixedHash is an argon2id hash of password with a fixed salt, in the
// format luoshi checks (auth.CheckPassword reads the parameters from it),
// so that the fixtures are the same bytes each time they are made.
func fixedHash(password string) string {
	sum := sha256.Sum256([]byte("luoshi upgrade fixtures"))
	salt := sum[:16]
	const m, t, p = 19 * 1024, 2, 1
	key := argon2.IDKey([]byte(password), salt, t, m, p, 32)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", m, t, p,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func column(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// gz writes from compressed to to, with no name or time in the header.
func gz(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	f, err := os.Create(to)
	if err != nil {
		return err
	}
	w, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	if _, err := w.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := w.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
