package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// TestInstitutionSheetsCLI drives import and export of the units and
// people sheets through run on a new database: the example sheets under
// docs/ import (a dry run first, which writes nothing), their export
// imports again unchanged, a sheet with bad rows lists each on stderr,
// writes nothing and exits 2, and bad usage exits 2.
func TestInstitutionSheetsCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "luoshi.db")
	if code, _, stderr := runCLI("migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %d %s", code, stderr)
	}
	units, people := filepath.Join("..", "..", "docs", "units-example.xlsx"), filepath.Join("..", "..", "docs", "people-example.xlsx")

	code, stdout, stderr := runCLI("import", "units", units, "--dry-run", "--db", db)
	if code != 0 || !strings.Contains(stdout, "would create 12, would update 0, unchanged 0") || !strings.Contains(stdout, "dry run: nothing written") {
		t.Fatalf("dry run: exit %d %q %q", code, stdout, stderr)
	}
	if n := dumpLen(t, db, "units"); n != 0 {
		t.Fatalf("a dry run wrote %d units", n)
	}
	code, stdout, stderr = runCLI("import", "--db", db, "units", units)
	if code != 0 || !strings.Contains(stdout, "row 13\tcreated\tCLY\t先进材料研究院") || !strings.Contains(stdout, "created 12") {
		t.Fatalf("import units: exit %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI("import", "people", people, "--db", db)
	if code != 0 || !strings.Contains(stdout, "created 20") || !strings.Contains(stdout, "17 new accounts made without a password") ||
		!strings.Contains(stdout, "bangongshi") {
		t.Fatalf("import people: exit %d %q %q", code, stdout, stderr)
	}

	for _, sheet := range []string{"units", "people"} {
		out := filepath.Join(dir, sheet+".xlsx")
		code, stdout, stderr = runCLI("export", sheet, "-o", out, "--db", db)
		if code != 0 || !strings.Contains(stdout, "wrote ") {
			t.Fatalf("export %s: exit %d %q %q", sheet, code, stdout, stderr)
		}
		events := dumpLen(t, db, "audit_events")
		code, stdout, stderr = runCLI("import", sheet, out, "--db", db)
		if code != 0 || !strings.Contains(stdout, "created 0, updated 0") || !strings.Contains(stdout, "not in the sheet 0") {
			t.Errorf("re-import %s: exit %d %q %q", sheet, code, stdout, stderr)
		}
		if n := dumpLen(t, db, "audit_events"); n != events {
			t.Errorf("re-importing the %s export wrote %d audit events", sheet, n-events)
		}
	}

	bad := filepath.Join(dir, "bad.xlsx")
	f, err := os.Create(bad)
	if err != nil {
		t.Fatal(err)
	}
	err = xlsx.WritePeople(f, "人员名单", []app.PersonRow{
		{Name: "好人", Unit: "教务处", Role: "单位", Username: "haoren"},
		{Name: "坏人甲", Unit: "宇宙研究处", Role: "单位", Username: "huai1"},
		{Name: "坏人乙", Unit: "教务处", Role: "单位", Username: "haoren"},
	})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	people0, events := dumpLen(t, db, "people"), dumpLen(t, db, "audit_events")
	code, _, stderr = runCLI("import", "people", bad, "--db", db)
	if code != 2 || !strings.Contains(stderr, `row 4, column C 所在单位: unknown unit "宇宙研究处"`) ||
		!strings.Contains(stderr, "row 5, column F 账号: account haoren is also on row 3") || !strings.Contains(stderr, "nothing was imported") {
		t.Errorf("bad rows: exit %d, stderr %q", code, stderr)
	}
	if dumpLen(t, db, "people") != people0 || dumpLen(t, db, "audit_events") != events {
		t.Errorf("a refused import wrote")
	}

	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"import", "units", "--db", db}, "usage: luoshi import units|people"},
		{[]string{"import", "people", filepath.Join(dir, "missing.xlsx"), "--db", db}, "missing.xlsx"},
		{[]string{"import", "people", people, "--db", filepath.Join(dir, "nodb.db")}, "nodb.db"},
		{[]string{"import", "teachers", people, "--db", db}, "usage: luoshi import units|people"},
		{[]string{"export", "units", "--db", db}, "usage: luoshi export units|people"},
		{[]string{"export", "teachers", "-o", bad, "--db", db}, "usage: luoshi export units|people"},
		{[]string{"import", "units", units, "--dry", "--db", db}, "flag provided but not defined"},
	} {
		if code, _, stderr := runCLI(c.args...); code != 2 || !strings.Contains(stderr, c.msg) {
			t.Errorf("luoshi %v: exit %d, stderr %q (want 2, %q)", c.args, code, stderr, c.msg)
		}
	}
}
