package store

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestCopyAllUnfitText copies a SQLite database holding a NUL in a measure's
// title and invalid UTF-8 in a comment into PostgreSQL, whose text can hold
// neither: the copy fails naming the table, the row's key and the column,
// and the target stays empty. It failed in PostgreSQL's words alone
// ("invalid byte sequence for encoding UTF8: 0x00"), naming no row. Into
// SQLite, which holds any bytes, the same copy succeeds.
func TestCopyAllUnfitText(t *testing.T) {
	ctx := context.Background()
	from := openSQLiteStore(t)
	seedCopy(t, from)
	err := from.Write(ctx, func(tx *Tx) error {
		return tx.Exec(ctx, `UPDATE measures SET title = ? WHERE id = 3`, "copy\x00title")
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CopyAll(ctx, from, openSQLiteStore(t)); err != nil {
		t.Errorf("copy into SQLite: %v", err)
	}
	pg := os.Getenv("LUOSHI_TEST_POSTGRES")
	if pg == "" {
		t.Skip("skipping the copy into PostgreSQL: LUOSHI_TEST_POSTGRES is not set")
	}
	to := openScratch(t, pg)
	_, err = CopyAll(ctx, from, to)
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("copy with a NUL: %v, want an invalid-data error", err)
	}
	for _, want := range []string{"table measures", "row id=3", "column title", "NUL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if rows, _ := to.Dump(ctx, "units"); len(rows) != 0 {
		t.Errorf("a failed copy left %d units in the target", len(rows))
	}

	// A row keyed by text, and invalid UTF-8.
	err = from.Write(ctx, func(tx *Tx) error {
		if err := tx.Exec(ctx, `UPDATE measures SET title = 'copy' WHERE id = 3`); err != nil {
			return err
		}
		return tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('odd', ?)`, "\xff")
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = CopyAll(ctx, from, to)
	for _, want := range []string{"table settings", `row key="odd"`, "column value", "not valid UTF-8"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
}
