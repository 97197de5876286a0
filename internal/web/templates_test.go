package web

import (
	"testing"

	"github.com/luoshi-edu/luoshi/internal/i18n"
)

// TestEveryPageParses parses every page in every language, as the server
// would on each page's first showing, and refuses a page that is not there.
func TestEveryPageParses(t *testing.T) {
	pt := newPageTemplates()
	if len(pt.names) < 50 {
		t.Fatalf("only %d page templates found", len(pt.names))
	}
	for _, lang := range i18n.Languages {
		for name := range pt.names {
			a, err := pt.page(lang, name)
			if err != nil {
				t.Errorf("%s in %s: %v", name, lang, err)
				continue
			}
			if b, _ := pt.page(lang, name); b != a {
				t.Errorf("%s in %s was parsed twice", name, lang)
			}
			if a.Lookup("content") == nil {
				t.Errorf("%s in %s defines no content", name, lang)
			}
		}
	}
	if _, err := pt.page(i18n.Languages[0], "no-such-page"); err == nil {
		t.Error("a page that does not exist parsed")
	}
	if _, err := pt.page("xx", "board"); err == nil {
		t.Error("a language that does not exist parsed")
	}
}
