package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/luoshi-edu/luoshi/internal/store"
)

// migrateCopy moves a SQLite database to PostgreSQL: luoshi migrate --from
// FILE --to postgres://…. Both are migrated to the current schema first, the
// target must hold no rows, and the rows move in one transaction (see
// store.CopyAll), so a failed copy leaves the target empty and can be rerun.
func migrateCopy(ctx context.Context, from, to string, stdout, stderr io.Writer) error {
	switch {
	case from == "" || to == "":
		return usageError{"usage: luoshi migrate --from FILE.db --to postgres://… (both are needed)"}
	case store.IsPostgres(from):
		return usageError{"--from must be a SQLite file; to copy between PostgreSQL databases use pg_dump"}
	case !store.IsPostgres(to):
		return usageError{fmt.Sprintf("--to must be a postgres:// URL, not %q", to)}
	}
	if fi, err := os.Stat(from); err != nil {
		return usageError{fmt.Sprintf("--from %s: %v", from, err)}
	} else if fi.IsDir() {
		return usageError{fmt.Sprintf("--from %s is a directory, not a SQLite file", from)}
	}
	src, err := openStore(ctx, from, nil)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(to)
	if err != nil {
		return err
	}
	defer dst.Close()
	n, err := dst.Migrate(ctx)
	if err != nil {
		return err
	}
	target := redactURL(to)
	fmt.Fprintf(stdout, "applied %d migrations to %s\n", n, target)
	counts, err := src.RowCounts(ctx)
	if err != nil {
		return err
	}
	var rows int64
	for t, n := range counts {
		if t != "schema_migrations" {
			rows += n
		}
	}
	p := newProgress(stderr, "migrate --from", "rows", rows)
	copied, err := store.CopyAllProgress(ctx, src, dst, func(done int) { p.Set(int64(done)) })
	if err != nil {
		return err
	}
	p.Set(rows)
	p.Done(fmt.Sprintf("%d tables copied", len(copied)))
	fmt.Fprintf(stdout, "copied %s to %s:\n", from, target)
	total := 0
	for _, c := range copied {
		fmt.Fprintf(stdout, "  %-18s %9d rows\n", c.Table, c.Rows)
		total += c.Rows
	}
	fmt.Fprintf(stdout, "  %-18s %9d rows\n", "total", total)
	return nil
}
