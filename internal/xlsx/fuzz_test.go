package xlsx

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// seedWorkbooks adds real generated workbooks to a fuzz corpus, each also
// truncated (as an interrupted upload leaves it) and garbled (bytes
// flipped in its middle, where the zip's entries are).
func seedWorkbooks(f *testing.F, books ...[]byte) {
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("序号,具体举措,牵头单位\n1,x,科技处"))
	f.Add(apptest.OOXML("xl/workbook.xml"))
	for _, b := range books {
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[:len(b)-22]) // without the end of the central directory
		g := bytes.Clone(b)
		for i := len(g) / 3; i < len(g)*2/3; i += 97 {
			g[i] ^= 0x5a
		}
		f.Add(g)
	}
}

// measureBooks are task decomposition tables as luoshi exports them and as
// offices make them.
func measureBooks(f *testing.F) [][]byte {
	a := apptest.New(f)
	var buf bytes.Buffer
	Export(&buf, "分解表", []Row{{Seq: "1", Task: "科学研究", Title: "甲", LeadUnit: "科技处", CooperatingUnits: []string{"教务处"},
		Deadline: "2024-12-31", Code: "2024H2-001"}})
	return [][]byte{exportAll(f, a, model.MeasureFilter{Limit: 100}), buf.Bytes(), badSheet(f)}
}

// indicatorBooks are indicator sheets as luoshi writes them.
func indicatorBooks(f *testing.F) [][]byte {
	var buf bytes.Buffer
	err := WriteIndicators(&buf, "2024年下半年指标", []app.IndicatorRow{
		{Code: "KY-01", Name: "科研经费", Kind: "competitive", MeasureUnit: "万元", OwnerUnit: "KJC", Baseline: "9000", Target: "12000", Actual: "11000", Note: "已统计"},
		{Code: "JX-02", Name: "国家级一流课程", Kind: "basic", MeasureUnit: "门", OwnerUnit: "JWC", Target: "20"},
	})
	if err != nil {
		f.Fatal(err)
	}
	return [][]byte{buf.Bytes()}
}

// notOurPanic runs fn and fails t if it panics in this package's code. A
// panic inside excelize on a malformed file is excelize's (Read and
// ReadIndicators recover from it and report the file as unreadable); fn's
// results are then not checked.
func notOurPanic(t *testing.T, in []byte, fn func()) (ok bool) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		stack := string(debug.Stack())
		if site := panicSite(stack); !strings.Contains(site, "github.com/xuri/excelize") && !strings.HasPrefix(site, "archive/") {
			t.Fatalf("panic in %s on %d bytes: %v\n%s", site, len(in), p, stack)
		}
	}()
	fn()
	return true
}

// panicSite is the function a stack trace from a deferred recover shows
// panicking: the first frame after panic() that is not the runtime's own.
func panicSite(stack string) string {
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "panic(") {
			continue
		}
		for _, fn := range lines[i+1:] {
			if fn == "" || strings.HasPrefix(fn, "\t") || strings.HasPrefix(fn, "runtime.") {
				continue
			}
			return fn
		}
	}
	return "?"
}

// clearError checks a refusal says what is wrong: a reason always, and for
// the file as a whole (row 0) what the file should have been.
func clearError(t *testing.T, errs []RowError) {
	for _, e := range errs {
		if e.Reason == "" || e.Row < 0 {
			t.Fatalf("error without a reason or with row %d: %+v", e.Row, e)
		}
		if e.Row == 0 && !strings.Contains(e.Reason, ".xlsx") && !strings.Contains(e.Reason, "header") && !strings.Contains(e.Reason, "rows") {
			t.Fatalf("an unreadable file's reason does not say what was expected: %q", e.Reason)
		}
	}
}

// FuzzImport feeds the task decomposition table importer arbitrary bytes
// and broken real workbooks: it must never panic in our code, and a
// refusal is always a reason, rows always have a line and a title.
func FuzzImport(f *testing.F) {
	seedWorkbooks(f, measureBooks(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var rows []Row
		var errs []RowError
		if !notOurPanic(t, b, func() { rows, errs, _ = read(bytes.NewReader(b)) }) {
			return
		}
		clearError(t, errs)
		if len(rows) == 0 && len(errs) == 0 {
			t.Fatal("no rows and no reason")
		}
		for _, r := range rows {
			if r.Line < 1 || r.Title == "" {
				t.Fatalf("row without line or title: %+v", r)
			}
		}
		notOurPanic(t, b, func() { ToMeasureRows(rows) })
	})
}

// FuzzImportIndicators is FuzzImport for indicator sheets.
func FuzzImportIndicators(f *testing.F) {
	seedWorkbooks(f, indicatorBooks(f)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var rows []app.IndicatorRow
		var errs []RowError
		if !notOurPanic(t, b, func() { rows, errs, _ = readIndicators(bytes.NewReader(b)) }) {
			return
		}
		clearError(t, errs)
		if len(rows) == 0 && len(errs) == 0 {
			t.Fatal("no rows and no reason")
		}
		for _, r := range rows {
			if r.Line < 1 {
				t.Fatalf("row without a line: %+v", r)
			}
		}
	})
}

// TestPanicSite checks the fuzz tests tell our panics from excelize's.
func TestPanicSite(t *testing.T) {
	var site string
	func() {
		defer func() { recover(); site = panicSite(string(debug.Stack())) }()
		panic("a panic of our own")
	}()
	if !strings.Contains(site, "xlsx.TestPanicSite") {
		t.Errorf("panic site %q", site)
	}
}
