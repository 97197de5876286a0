package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestCatalogsComplete fails when a key is in one catalog and not the
// other, or a message is empty.
func TestCatalogsComplete(t *testing.T) {
	for _, a := range Languages {
		for _, b := range Languages {
			for _, k := range Keys(a) {
				if !Has(b, k) {
					t.Errorf("%q is in %s but missing from %s", k, a, b)
				}
			}
		}
		for _, k := range Keys(a) {
			if T(a, k) == "" {
				t.Errorf("%s: %q is empty", a, k)
			}
		}
	}
}

// templateKey is the call pattern templates use: {{t "key" …}} or (t "key").
var templateKey = regexp.MustCompile(`[{(]-?\s*t\s+"([^"]+)"`)

// TestTemplatesUseKnownKeys scans the web templates for {{t "key"}} and
// fails on a key that is in neither catalog.
func TestTemplatesUseKnownKeys(t *testing.T) {
	files, err := filepath.Glob("../web/templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates found: %v", err)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range templateKey.FindAllSubmatch(b, -1) {
			n++
			for _, lang := range Languages {
				if !Has(lang, string(m[1])) {
					t.Errorf("%s uses %q, missing from %s", filepath.Base(f), m[1], lang)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d t calls: has the call pattern changed?", n)
	}
}

func TestLocaleFormats(t *testing.T) {
	d := time.Date(2024, 10, 5, 9, 30, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{Date("zh-CN", d), "2024年10月5日"},
		{Date("en", d), "5 Oct 2024"},
		{ShortDate("zh-CN", d), "10月5日"},
		{DateTime("en", d), "5 Oct 2024 09:30"},
		{Number("en", 1234567), "1,234,567"},
		{Number("zh-CN", -1000), "-1,000"},
		{T("en", "board.days", 3), "3 d"},
		{T("xx", "nav.board"), "督办看板"},
		{T("en", "no.such.key"), "no.such.key"},
		// A message that needs fewer arguments than the template passes
		// (drafts.done_* all get the count) shows no %!(EXTRA …).
		{T("zh-CN", "drafts.done_rejected", 0), "已标为不采纳。"},
		{T("en", "drafts.done_rejected", 0), "Rejected."},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
