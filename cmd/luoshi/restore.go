package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// restore is luoshi restore FILE: it puts a backup in the place of the
// SQLite database --db names. It refuses while a server holds that
// database (the lock serve keeps), and refuses a file that fails SQLite's
// integrity check, is not a luoshi database, has a schema newer than this
// luoshi, or whose audit chain is broken. The backup is checked on a copy
// beside the database, which then takes the database's place in one
// rename; the database it replaces is kept beside it, renamed. It says
// what it restored.
func restore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("restore", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: luoshi restore [--db FILE] BACKUP-FILE"}
	}
	from := fs.Arg(0)
	if store.IsPostgres(*db) {
		return model.Errorf(model.EINVALID, "%s replaces only %s files; restore %s with its own tools: %s", "luoshi restore", "SQLite", "PostgreSQL", pgBackupHelp)
	}
	if fi, err := os.Stat(from); err != nil || !fi.Mode().IsRegular() {
		return model.Errorf(model.EINVALID, "%s is not a backup file", from)
	}
	if same(from, *db) {
		return model.Errorf(model.EINVALID, "%s is the database itself; name a backup file", from)
	}
	lock, err := holdDatabase(*db)
	if err != nil {
		return err
	}
	defer lock.Unlock()

	// The copy that is checked is the copy that is restored.
	tmp := *db + ".restoring"
	removeSQLite(tmp)
	defer removeSQLite(tmp)
	if err := copyFile(from, tmp, newProgress(stderr, "restore: copying", "bytes", fileSize(from))); err != nil {
		return err
	}
	what, err := checkBackup(ctx, from, tmp)
	if err != nil {
		return err
	}
	kept := ""
	if _, err := os.Stat(*db); err == nil {
		kept = fmt.Sprintf("%s.replaced-%s.db", *db, time.Now().UTC().Format("20060102T150405Z"))
		if err := moveSQLite(*db, kept); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, *db); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "restored %s into %s: %s\n", from, *db, what)
	if kept != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept at %s\n", kept)
	}
	return nil
}

// checkBackup checks the copy tmp of the backup from and returns what it
// holds, for the reader.
func checkBackup(ctx context.Context, from, tmp string) (string, error) {
	if err := store.CheckFile(ctx, tmp); err != nil {
		return "", model.Errorf(model.EINVALID, "%s is not a sound %s database: %v", from, "SQLite", err)
	}
	s, err := store.Open(tmp)
	if err != nil {
		return "", model.Errorf(model.EINVALID, "%s is not a sound %s database: %v", from, "SQLite", err)
	}
	defer s.Close()
	tables, err := s.Tables(ctx)
	if err != nil {
		return "", model.Errorf(model.EINVALID, "%s is not a sound %s database: %v", from, "SQLite", err)
	}
	for _, t := range []string{"schema_migrations", "units", "measures", "audit_events"} {
		if !slices.Contains(tables, t) {
			return "", model.Errorf(model.EINVALID, "%s is not a luoshi database (it has no table %s)", from, t)
		}
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return "", err
	}
	latest := store.LatestVersion()
	if v > latest {
		return "", model.Errorf(model.EINVALID, "%s has schema version %d, newer than this luoshi (version %d): restore it with the luoshi that made it", from, v, latest)
	}
	counts, err := s.RowCounts(ctx)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	total := int64(0)
	for _, n := range counts {
		total += n
	}
	fmt.Fprintf(&b, "schema version %d", v)
	if v < latest {
		fmt.Fprintf(&b, " (this luoshi migrates it to %d when it starts)", latest)
	}
	fmt.Fprintf(&b, "; %d rows in %d tables (", total, len(counts))
	for i, t := range []string{"units", "people", "accounts", "meetings", "measures", "progress_reports"} {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", t, counts[t])
	}
	b.WriteString(")")
	if !slices.Contains(tables, "audit_chain") {
		b.WriteString(fmt.Sprintf("; %d audit events, from before the audit chain (luoshi seals them into one when it migrates)", counts["audit_events"]))
		return b.String(), nil
	}
	c, err := s.VerifyAudit(ctx)
	if err != nil {
		return "", err
	}
	if c.Broken != nil {
		return "", model.Errorf(model.EINVALID, "the audit chain of %s is broken at seq %d (%s): it was changed after it was written; nothing was restored", from, c.Broken.Seq, c.Broken.Kind)
	}
	fmt.Fprintf(&b, "; audit chain verified: %d events", c.Events)
	if c.Events > 0 {
		fmt.Fprintf(&b, " (seq %d–%d)", c.First, c.Last)
	}
	return b.String(), nil
}

// same reports whether two paths name one file.
func same(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// copyFile copies from to a new file to, synced, counting bytes on p.
func copyFile(from, to string, p *progress) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	buf := make([]byte, 1<<20)
	for {
		n, rerr := in.Read(buf)
		if n > 0 {
			if _, err := out.Write(buf[:n]); err != nil {
				out.Close()
				return fmt.Errorf("restore: %w", err)
			}
			p.Add(int64(n))
		}
		if errors.Is(rerr, io.EOF) {
			break
		} else if rerr != nil {
			out.Close()
			return fmt.Errorf("restore: %w", rerr)
		}
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("restore: %w", err)
	}
	p.Done("")
	return out.Close()
}

// sqliteFiles are a database's file and the two SQLite keeps beside it.
func sqliteFiles(db string) []string { return []string{db, db + "-wal", db + "-shm"} }

func removeSQLite(db string) {
	for _, f := range sqliteFiles(db) {
		os.Remove(f)
	}
}

// moveSQLite renames a database with its -wal and -shm files, so that
// what the write-ahead log holds moves with it.
func moveSQLite(from, to string) error {
	for i, f := range sqliteFiles(from) {
		if _, err := os.Stat(f); err != nil {
			continue
		}
		if err := os.Rename(f, sqliteFiles(to)[i]); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	return nil
}
