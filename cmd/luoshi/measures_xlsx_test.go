package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

func writeSheet(t *testing.T, rows []xlsx.Row) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sheet.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := xlsx.Export(f, "分解表", rows); err != nil {
		t.Fatal(err)
	}
	return path
}

func dumpLen(t *testing.T, db, table string) int {
	t.Helper()
	s, err := openStore(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.Dump(context.Background(), table)
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// TestImportExportCLI drives import and export measures through run: the
// round trip changes nothing, a dry run writes nothing, a sheet with bad rows
// lists each on stderr, writes nothing and exits 2, bad usage exits 2.
func TestImportExportCLI(t *testing.T) {
	a := apptest.New(t)
	db := apptest.Store(a).Path()
	dir := t.TempDir()
	out := filepath.Join(dir, "table.xlsx")

	code, stdout, stderr := runCLI("export", "measures", "--db", db, "-o", out)
	if code != 0 || !strings.Contains(stdout, "wrote 3 measures") {
		t.Fatalf("export: exit %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI("import", "measures", out, "--db", db)
	if code != 0 || !strings.Contains(stdout, "created 0, updated 0, unchanged 3") {
		t.Fatalf("re-import: exit %d %q %q", code, stdout, stderr)
	}
	code, stdout, _ = runCLI("export", "measures", "--meeting", "1", "-o", out, "--db", db)
	if code != 0 || !strings.Contains(stdout, "wrote 1 measures") || !strings.Contains(stdout, "2024年暑期工作研讨会重点任务分解表") {
		t.Errorf("export meeting: exit %d %q", code, stdout)
	}

	good := []xlsx.Row{
		{Seq: "1", Task: "科学研究", Title: "新举措甲", LeadUnit: "科技处", Leader: "王校长", Deadline: "2024年12月底前"},
		{Seq: "2", Task: "人才培养", Title: "新举措乙", LeadUnit: "教务处", CooperatingUnits: []string{"人事处"}, Deadline: "长期坚持"},
	}
	measures, events := dumpLen(t, db, "measures"), dumpLen(t, db, "audit_events")
	ok := writeSheet(t, good)
	code, stdout, stderr = runCLI("import", "measures", "--dry-run", ok, "--db", db)
	if code != 0 || !strings.Contains(stdout, "would create 2") || !strings.Contains(stdout, "2024H2-004") {
		t.Errorf("dry run: exit %d %q %q", code, stdout, stderr)
	}
	if dumpLen(t, db, "measures") != measures || dumpLen(t, db, "audit_events") != events {
		t.Errorf("dry run wrote")
	}

	bad := writeSheet(t, append(good,
		xlsx.Row{Seq: "3", Title: "坏举措甲", LeadUnit: "宇宙研究处", Deadline: "2024年12月底前"},
		xlsx.Row{Seq: "4", Title: "坏举措乙", LeadUnit: "教务处", Deadline: "等领导定"}))
	code, _, stderr = runCLI("import", "measures", bad, "--db", db)
	if code != 2 || !strings.Contains(stderr, "row 5, column E 牵头单位: unknown unit \"宇宙研究处\"") ||
		!strings.Contains(stderr, "row 6, column G 完成时限") || !strings.Contains(stderr, "nothing was imported") {
		t.Errorf("bad rows: exit %d, stderr %q", code, stderr)
	}
	if dumpLen(t, db, "measures") != measures || dumpLen(t, db, "audit_events") != events {
		t.Errorf("a refused import wrote")
	}

	code, stdout, stderr = runCLI("import", "measures", ok, "--db", db)
	if code != 0 || !strings.Contains(stdout, "created 2, updated 0") {
		t.Errorf("import: exit %d %q %q", code, stdout, stderr)
	}
	if n := dumpLen(t, db, "measures"); n != measures+2 {
		t.Errorf("measures after import: %d, want %d", n, measures+2)
	}

	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"import", "measures", filepath.Join(dir, "missing.xlsx"), "--db", db}, "missing.xlsx"},
		{[]string{"import", "measures", "--db", db}, "usage: luoshi import"},
		{[]string{"import", "indicators", ok, "--db", db}, "usage: luoshi import"},
		{[]string{"import", "measures", ok, "--db", filepath.Join(dir, "nodb.db")}, "nodb.db"},
		{[]string{"import", "measures", out, "--db", db, "--period", "H2"}, "period"},
		{[]string{"export", "measures", "--db", db}, "usage: luoshi export"},
		{[]string{"export", "measures", "--meeting", "x", "-o", out, "--db", db}, "not a meeting id"},
		{[]string{"export", "measures", "--meeting", "9999", "-o", out, "--db", db}, "meeting 9999 not found"},
	} {
		if code, _, stderr := runCLI(c.args...); code != 2 || !strings.Contains(stderr, c.msg) {
			t.Errorf("luoshi %v: exit %d, stderr %q (want 2, %q)", c.args, code, stderr, c.msg)
		}
	}
	notXlsx := filepath.Join(dir, "notes.xlsx")
	os.WriteFile(notXlsx, []byte("序号,具体举措"), 0o644)
	if code, _, stderr := runCLI("import", "measures", notXlsx, "--db", db); code != 2 || !strings.Contains(stderr, "not a readable .xlsx") {
		t.Errorf("not xlsx: exit %d %q", code, stderr)
	}
}
