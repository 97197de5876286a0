package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestImportUnfitText imports sheets whose cells hold a NUL (a sheet
// writes it as _x0000_) and other control characters, on the engine
// LUOSHI_TEST_POSTGRES chooses: the rows are reported with their columns
// and nothing is written. On PostgreSQL the NUL was a 500; SQLite stored it.
func TestImportUnfitText(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	b := officeSheet(t, [][]any{
		{1, "科学研究", "好举措一", "王校长", "科技处", nil, "2024年12月底前"},   // 5
		{2, "科学研究", "坏NUL举措", "王校长", "科技处", nil, "2024年12月底前"}, // 6
		{3, "科学研究", "坏ESC举措", nil, "教务处", "科技处", "2024-11-30"}, // 7
	})
	b = rewriteSheet(t, b, "NUL", "_x0000_", "ESC", "_x001B_")
	before := counts(t, a)
	rep, err := ImportMeasures(ctx, a, apptest.Account(t, a, apptest.Office), bytes.NewReader(b), app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("sheet with a NUL: err %v, %+v", err, rep.Errors)
	}
	if len(rep.Errors) != 2 || rep.Errors[0].Row != 6 || rep.Errors[1].Row != 7 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	if e := rep.Errors[0]; !strings.HasPrefix(e.Column, "C ") || !strings.Contains(e.Reason, "NUL") {
		t.Errorf("NUL: %+v", e)
	}
	if e := rep.Errors[1]; !strings.HasPrefix(e.Column, "C ") || !strings.Contains(e.Reason, "U+001B") {
		t.Errorf("escape: %+v", e)
	}
	if after := counts(t, a); after != before {
		t.Errorf("a refused import wrote: %v → %v", before, after)
	}

	admin := apptest.Account(t, a, apptest.Admin)
	units := handSheet(t, [][]any{
		{"单位代码", "单位名称", "英文名称", "单位类别"},
		{"SYS", "实验NUL室", "", "直属单位"},
		{"SYT", "实验二室", "LabSOHTwo", "直属单位"},
	})
	units = rewriteSheet(t, units, "NUL", "_x0000_", "SOH", "_x0001_")
	events := apptest.AuditCount(t, a)
	urep, err := ImportUnits(ctx, a, admin, bytes.NewReader(units), app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID || len(urep.Errors) != 2 {
		t.Fatalf("units with a NUL: %v %+v", err, urep)
	}
	if e := urep.Errors[0]; e.Row != 2 || !strings.Contains(e.Column, "单位名称") || !strings.Contains(e.Reason, "NUL") {
		t.Errorf("NUL in a unit's name: %+v", e)
	}
	if e := urep.Errors[1]; e.Row != 3 || !strings.Contains(e.Column, "英文名称") || !strings.Contains(e.Reason, "U+0001") {
		t.Errorf("control character in a unit's English name: %+v", e)
	}
	if n := apptest.AuditCount(t, a); n != events {
		t.Errorf("a refused import wrote %d audit events", n-events)
	}
}

// rewriteSheet replaces text in the workbook's shared strings and sheets
// (old, new, old, new…), to write what excelize will not: it writes a
// control character as U+FFFD, where Excel writes _x0000_.
func rewriteSheet(t *testing.T, b []byte, oldnew ...string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	r := strings.NewReplacer(oldnew...)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if s := r.Replace(string(data)); strings.HasSuffix(f.Name, ".xml") && s != string(data) {
			data, found = []byte(s), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("the workbook holds none of %q", oldnew)
	}
	return out.Bytes()
}

// TestImportLimits opens workbooks over openWorkbook's limits with every
// importer: each is one error for the whole file that says which limit,
// and the measures' import refuses it as invalid input (422 on the web).
// A 7.8 MB file of 3 million shared strings took 9 s of CPU; one of a
// 64 MB part was read in full.
func TestImportLimits(t *testing.T) {
	header := officeSheet(t, [][]any{{1, "科学研究", "好举措一", "王校长", "科技处", nil, "2024年12月底前"}})
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := 0; i <= maxSharedStrings; i++ {
		fmt.Fprintf(&sst, "<si><t>%d</t></si>", i)
	}
	sst.WriteString(`</sst>`)
	books := []struct {
		name, says string
		b          []byte
	}{
		{"shared strings", "more than 200000 different texts", withPart(t, header, "xl/sharedStrings.xml", []byte(sst.String()))},
		{"prefixed shared strings", "more than 200000 different texts",
			withPart(t, header, "xl/sharedStrings.xml", []byte(strings.NewReplacer("<sst ", "<x:sst xmlns:x=\"x\" ", "<si>", "<x:si>", "</si>", "</x:si>", "</sst>", "</x:sst>").Replace(sst.String())))},
		{"unpacked size", "unpacks to more than 64 MB", withPart(t, header, "xl/media/image1.png", make([]byte, maxUnzipped))},
	}
	for _, book := range books {
		start := time.Now()
		for name, read := range map[string]func([]byte) []RowError{
			"measures":   func(b []byte) []RowError { _, e := Import(bytes.NewReader(b)); return e },
			"units":      func(b []byte) []RowError { _, e, _ := ReadUnits(bytes.NewReader(b)); return e },
			"people":     func(b []byte) []RowError { _, e, _ := ReadPeople(bytes.NewReader(b)); return e },
			"indicators": func(b []byte) []RowError { _, e, _ := ReadIndicators(bytes.NewReader(b)); return e },
		} {
			if errs := read(book.b); len(errs) != 1 || errs[0].Row != 0 || !strings.Contains(errs[0].Reason, book.says) {
				t.Errorf("%s, read as %s: %v, want one error saying %q", book.name, name, errs, book.says)
			}
		}
		t.Logf("%s (%d KB): refused four times in %v", book.name, len(book.b)>>10, time.Since(start))
	}
	a := apptest.New(t)
	_, err := ImportMeasures(context.Background(), a, apptest.Account(t, a, apptest.Office), bytes.NewReader(books[0].b), app.ImportOptions{DryRun: true})
	if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || !strings.Contains(e.Message, books[0].says) {
		t.Errorf("import over the limit: %v, want an invalid-input error saying %q", err, books[0].says)
	}
	// At the limits, the workbook is read.
	zr, err := zip.NewReader(bytes.NewReader(header), int64(len(header)))
	if err != nil {
		t.Fatal(err)
	}
	room := maxUnzipped
	for _, f := range zr.File {
		room -= int(f.UncompressedSize64)
	}
	if _, errs := Import(bytes.NewReader(withPart(t, header, "xl/media/image1.png", make([]byte, room)))); len(errs) != 0 {
		t.Errorf("a workbook under the size limit: %v", errs)
	}
}

// withPart returns the workbook b with the zip entry name holding data,
// in place of the entry of that name or added to the others.
func withPart(t *testing.T, b []byte, name string, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	write := func(name string, data []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	for _, f := range zr.File {
		if f.Name == name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		old, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		write(f.Name, old)
	}
	write(name, data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
