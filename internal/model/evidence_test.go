package model_test

import (
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestEvidenceValidate accepts a real file of each allowed kind with the
// type its content shows, and refuses each bad one with its field and why.
func TestEvidenceValidate(t *testing.T) {
	for _, f := range apptest.GoodEvidence() {
		e := model.Evidence{Name: f.Name, Data: f.Data}
		if err := e.Validate("evidence"); err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		if e.Type != f.Type || e.Size != int64(len(f.Data)) || len(e.SHA256) != 64 || e.Name != f.Name {
			t.Errorf("%s: stored as %q %q, %d bytes, sha %q", f.Name, e.Name, e.Type, e.Size, e.SHA256)
		}
	}
	for what, bad := range apptest.BadEvidence() {
		e := model.Evidence{Name: bad.File.Name, Data: bad.File.Data}
		err := e.Validate("evidence")
		if me := model.ErrorOf(err); me == nil || me.Code != model.EINVALID || me.Field != "evidence" || !strings.Contains(i18n.Error(i18n.Default, err), bad.Says) {
			t.Errorf("%s: %v, want an invalid evidence error saying %q", what, err, bad.Says)
		}
	}
}

func TestCleanFileName(t *testing.T) {
	long := strings.Repeat("很长的文件名", 30) + ".pdf"
	for in, want := range map[string]string{
		"方案.pdf":               "方案.pdf",
		"  报告 .PDF ":           "报告.PDF",
		"a\x00b\x1fc.pdf":      "abc.pdf",
		"invoice\u202Efdp.exe": "invoicefdp.exe", // the override that shows it as "invoiceexe.pdf"
		`what?"<x>".txt`:       "what___x__.txt",
		"x.pdf.":               "x.pdf",
		long:                   strings.Repeat("很长的文件名", 16) + ".pdf", // 96 + 4 characters
		"../etc/passwd":        "",
		`..\..\boot.ini`:       "",
		"/abs.pdf":             "",
		".pdf":                 "",
		"..":                   "",
		"":                     "",
		"\xff\xfe.txt":         "",
	} {
		got, err := model.CleanFileName(in)
		if want == "" {
			if err == nil {
				t.Errorf("CleanFileName(%q) = %q, want an error", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("CleanFileName(%q) = %q, %v; want %q", in, got, err, want)
		}
		if n := len([]rune(got)); n > model.MaxEvidenceName {
			t.Errorf("CleanFileName(%q): %d characters", in, n)
		}
	}
}

// FuzzEvidence feeds the upload checks arbitrary names and content, seeded
// with every good and bad sample: they never panic (the ZIP inspection
// reads whatever it is given), a refusal is an invalid-input error on the
// field, and an accepted file has a clean name, a size within the limit
// and an allowed type that agrees with its extension.
func FuzzEvidence(f *testing.F) {
	for _, g := range apptest.GoodEvidence() {
		f.Add(g.Name, g.Data)
		f.Add(g.Name, g.Data[:len(g.Data)/2])
	}
	for what, b := range apptest.BadEvidence() {
		if what != "oversize" {
			f.Add(b.File.Name, b.File.Data)
		}
	}
	types := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg .jpeg", "image/png": ".png", "image/gif": ".gif",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   ".docx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
		"application/msword": ".doc", "application/vnd.ms-excel": ".xls", "text/plain": ".txt"}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		e := model.Evidence{Name: name, Data: data}
		err := e.Validate("evidence")
		if err != nil {
			if me := model.ErrorOf(err); me == nil || me.Code != model.EINVALID || me.Field != "evidence" || me.Message == "" {
				t.Fatalf("%q: %v", name, err)
			}
			return
		}
		base, _, _ := strings.Cut(e.Type, ";")
		exts, ok := types[base]
		ext := strings.ToLower(e.Name[strings.LastIndex(e.Name, "."):])
		if !ok || !strings.Contains(" "+exts+" ", " "+ext+" ") {
			t.Fatalf("%q accepted as %q with extension %q", name, e.Type, ext)
		}
		if strings.ContainsAny(e.Name, "/\\\x00\r\n") || len([]rune(e.Name)) > model.MaxEvidenceName || e.Size != int64(len(data)) ||
			e.Size == 0 || e.Size > model.MaxEvidenceSize {
			t.Fatalf("%q accepted as %q, %d bytes", name, e.Name, e.Size)
		}
	})
}
