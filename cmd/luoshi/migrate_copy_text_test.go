package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// TestMigrateCopyUnfitText moves a SQLite database holding a NUL in a
// comment (stored before luoshi refused them) to PostgreSQL, whose text
// cannot hold one: luoshi migrate --from --to exits 2 naming the table,
// the row and the column to correct, and the target stays empty. It
// exited 1 with PostgreSQL's "invalid byte sequence for encoding UTF8".
func TestMigrateCopyUnfitText(t *testing.T) {
	pg := os.Getenv(apptest.PostgresEnv)
	if pg == "" {
		t.Skip("skipping: LUOSHI_TEST_POSTGRES is not set (a postgres:// URL); .ci/run sets it")
	}
	ctx := context.Background()
	file := sqliteWithFixture(t)
	s, err := store.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Write(ctx, func(tx *store.Tx) error {
		return tx.Exec(ctx, `UPDATE comments SET body = ? WHERE id = 2`, "已逾期\x00请说明原因")
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	target := emptySchema(t, pg)
	code, _, stderr := runCLI("migrate", "--from", file, "--to", target)
	if code != 2 {
		t.Errorf("migrate --from with a NUL: exit %d, want 2\n%s", code, stderr)
	}
	t.Logf("luoshi migrate --from --to:\n%s", stderr)
	for _, want := range []string{"table comments", "row id=2", "column body", "NUL"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	dst, err := store.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if rows, err := dst.Dump(ctx, "comments"); err != nil || len(rows) != 0 {
		t.Errorf("the target after a failed copy: %d comments, %v", len(rows), err)
	}
}
