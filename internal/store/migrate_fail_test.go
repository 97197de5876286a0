package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// withMigration adds a migration after the newest to what Migrate reads,
// for both engines, until the test ends.
func withMigration(t *testing.T, body string) (version int, name string) {
	t.Helper()
	version = LatestVersion() + 1
	name = fmt.Sprintf("%04d_fails_midway.sql", version)
	m := fstest.MapFS{}
	err := fs.WalkDir(migrations, "migrations", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"sqlite", "postgres"} {
		m["migrations/"+d+"/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	old := migrationFS
	migrationFS = m
	t.Cleanup(func() { migrationFS = old })
	return version, name
}

// everything is every row of every table.
func everything(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	ctx := context.Background()
	tables, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		if out[tb], err = s.Dump(ctx, tb); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestFailedMigrationLeavesDatabase injects a migration that creates a
// table, changes rows and then fails: the database is left as it was, on
// both engines (LUOSHI_TEST_POSTGRES), at its schema version. On SQLite a
// copy was taken before migrating, the error says where, and the copy
// holds the database as it was.
func TestFailedMigrationLeavesDatabase(t *testing.T) {
	engines := map[string]string{"sqlite": ""}
	if pg := os.Getenv("LUOSHI_TEST_POSTGRES"); pg != "" {
		engines["postgres"] = pg
	} else {
		t.Log("SQLite only: LUOSHI_TEST_POSTGRES is not set")
	}
	for engine, url := range engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s := openScratch(t, url)
			seedUnits(t, s, "KJC", "RSC")
			latest := LatestVersion()
			before := everything(t, s)
			_, name := withMigration(t, `CREATE TABLE upgrade_half (id INTEGER PRIMARY KEY);
INSERT INTO upgrade_half (id) VALUES (1);
UPDATE units SET name = 'changed midway';
INSERT INTO no_such_table (id) VALUES (1);`)
			_, err := s.Migrate(ctx)
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("a failing migration: %v, want an error naming %s", err, name)
			}
			if diff := cmp.Diff(before, everything(t, s)); diff != "" {
				t.Errorf("the failed migration changed the database:\n%s", diff)
			}
			if v, err := s.SchemaVersion(ctx); err != nil || v != latest {
				t.Errorf("schema version after the failure %d (%v), want %d", v, err, latest)
			}
			copyPath := s.MigrationBackup()
			if engine == "postgres" {
				if copyPath != "" {
					t.Errorf("a copy of a PostgreSQL database at %q", copyPath)
				}
				return
			}
			if want := fmt.Sprintf("%s.before-migration-from-%04d.db", s.Path(), latest); copyPath != want {
				t.Fatalf("copy before migrating at %q, want %q", copyPath, want)
			}
			if !strings.Contains(err.Error(), "a copy of the database taken before migrating is at "+copyPath) {
				t.Errorf("the error does not say where the copy is: %v", err)
			}
			if err := CheckFile(ctx, copyPath); err != nil {
				t.Fatal(err)
			}
			c, err := Open(copyPath)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if diff := cmp.Diff(before, everything(t, c)); diff != "" {
				t.Errorf("the copy taken before migrating differs:\n%s", diff)
			}
			// Tables: no half-made table anywhere.
			if tables, _ := s.Tables(ctx); slices.Contains(tables, "upgrade_half") {
				t.Error("the failed migration's table is left")
			}
		})
	}
}

// TestMigrateRefusesNewerSchema: a database a newer luoshi migrated is
// refused, and not touched.
func TestMigrateRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	s := openSQLiteStore(t)
	next := LatestVersion() + 1
	if err := s.Write(ctx, func(tx *Tx) error {
		return tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)`, next)
	}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Migrate(ctx)
	if want := fmt.Sprintf("schema is version %d, newer than this luoshi (version %d)", next, LatestVersion()); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("migrate a newer database: %v, want %q", err, want)
	}
	if s.MigrationBackup() != "" {
		t.Errorf("a copy was taken of a database that is not migrated: %s", s.MigrationBackup())
	}
}
