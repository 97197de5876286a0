package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// tamperSQL changes the audit trail behind the application's back, as an
// insider with the database owner's rights could: around the triggers.
func tamperSQL(t *testing.T, s *store.Store, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	err := s.Tamper(ctx, stmts...)
	if err != nil {
		t.Fatal(err)
	}
}

// swapSQL swaps the content of two events, leaving each its place in the
// chain and its hashes.
func swapSQL(a, b int) []string {
	cols := []string{"at", "actor", "action", "entity", "entity_id", "before", "after"}
	var set []string
	for _, c := range cols {
		set = append(set, fmt.Sprintf(`%s = (SELECT s.%s FROM swap s WHERE s.seq = %d - audit_events.seq)`, c, c, a+b))
	}
	return []string{
		fmt.Sprintf(`CREATE TEMP TABLE swap AS SELECT seq, %s FROM audit_events WHERE seq IN (%d, %d)`, strings.Join(cols, ", "), a, b),
		fmt.Sprintf(`UPDATE audit_events SET %s WHERE seq IN (%d, %d)`, strings.Join(set, ", "), a, b),
		`DROP TABLE swap`,
	}
}

var intact = regexp.MustCompile(`^audit chain intact: (\d+) events \(seq 1–(\d+)\)\n$`)

// TestAuditVerify runs luoshi audit verify on the fixture's database
// (SQLite, or PostgreSQL with LUOSHI_TEST_POSTGRES): 0 when intact; 1 and
// the seq of the first broken link after an event is changed, one is
// deleted from the middle, or two swap their content; 2 for bad usage.
func TestAuditVerify(t *testing.T) {
	cases := []struct {
		name string
		sql  []string
		want string
	}{
		{"after changed", []string{`UPDATE audit_events SET after = '{"title":"改过的"}' WHERE seq = 4`}, "seq 4 (event id 4): its content hashes to"},
		{"middle deleted", []string{`DELETE FROM audit_events WHERE seq = 5`}, "seq 6 (event id 6) follows seq 4: 1 event(s) missing"},
		{"two swapped", swapSQL(6, 7), "seq 6 (event id 6): its content hashes to"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := apptest.New(t)
			db := apptest.Store(a).Path()
			code, out, stderr := runCLI("audit", "verify", "--db", db)
			m := intact.FindStringSubmatch(out)
			if code != 0 || m == nil || m[1] != m[2] {
				t.Fatalf("intact chain: exit %d, %q %q", code, out, stderr)
			}
			tamperSQL(t, apptest.Store(a), c.sql...)
			code, out, stderr = runCLI("audit", "verify", "--db", db)
			if code != 1 || !strings.Contains(out, c.want) || !strings.Contains(stderr, "audit chain broken at seq") {
				t.Errorf("after tampering: exit %d, stdout %q, stderr %q; want 1 and %q", code, out, stderr, c.want)
			}
		})
	}
}

func TestAuditVerifyUsage(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"audit"}, "usage: luoshi audit verify"},
		{[]string{"audit", "check"}, "usage: luoshi audit verify"},
		{[]string{"audit", "verify", "--db", filepath.Join(dir, "x.db"), "extra"}, "no arguments"},
		{[]string{"audit", "verify", "--db", filepath.Join(dir, "missing.db")}, "missing.db"},
		{[]string{"audit", "verify", "--nope"}, "flag provided but not defined"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(c.args...)
		if code != 2 || !strings.Contains(stderr, c.msg) {
			t.Errorf("luoshi %v: exit %d, %q; want 2 and %q", c.args, code, stderr, c.msg)
		}
	}
}

// TestAuditVerifyGenerated verifies the chain of a generated institution
// (luoshi bench gen), whose events are bulk-loaded and sealed after.
func TestAuditVerifyGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an institution")
	}
	db := filepath.Join(t.TempDir(), "small.db")
	if code, out, stderr := runCLI("bench", "gen", "--scale", "small", "--db", db); code != 0 {
		t.Fatalf("bench gen: %d %s %s", code, out, stderr)
	}
	code, out, stderr := runCLI("audit", "verify", "--db", db)
	if m := intact.FindStringSubmatch(out); code != 0 || m == nil || m[1] == "0" {
		t.Fatalf("verify: exit %d, %q %q", code, out, stderr)
	}
}
