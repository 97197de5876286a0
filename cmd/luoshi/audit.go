package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// auditCmd is luoshi audit verify: it walks the audit chain and recomputes
// every hash (store.VerifyAudit), prints what it found, and exits 0 when the
// chain is intact and 1 at the first broken link. It only reads: it neither
// migrates the database nor seals anything, so it can be pointed at a copy
// an auditor was handed.
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{"usage: luoshi audit verify [--db luoshi.db]"}
	}
	fs, db := newFlags("audit verify", stderr)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"audit verify takes no arguments"}
	}
	if !store.IsPostgres(*db) {
		if _, err := os.Stat(*db); err != nil {
			return usageError{fmt.Sprintf("database %s: %v", *db, err)}
		}
	}
	s, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.VerifyAudit(ctx)
	if err != nil {
		return fmt.Errorf("audit verify: %w (a database from before the audit chain must be migrated first: luoshi migrate)", err)
	}
	fmt.Fprintln(stdout, c.String())
	if c.Broken != nil {
		return errAuditBroken{c.Broken}
	}
	return nil
}

// errAuditBroken is a broken chain: exit status 1, like any failure that is
// not the caller's input.
type errAuditBroken struct{ b *model.AuditBreak }

func (e errAuditBroken) Error() string {
	if e.b.Seq == 0 {
		return fmt.Sprintf("audit chain broken (%s)", e.b.Kind)
	}
	return fmt.Sprintf("audit chain broken at seq %d (%s)", e.b.Seq, e.b.Kind)
}
