package web

import (
	"html/template"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
)

var reOnce = regexp.MustCompile(`"[0-9a-f]{32}"`)

// TestFoldedPagesReadTheSame shows every page that takes no path
// parameter, and a measure's, as each role in both languages, from a
// server that folds fixed translations and from one that does not, on the
// same institution and session: the bytes must be the same.
func TestFoldedPagesReadTheSame(t *testing.T) {
	a := apptest.New(t)
	folded := httptest.NewServer(New(a))
	t.Cleanup(folded.Close)
	foldTranslations = false
	plain := httptest.NewServer(New(a))
	foldTranslations = true
	t.Cleanup(plain.Close)

	var paths []string
	for _, rt := range routes {
		if rt.method == "GET" && !strings.Contains(rt.pattern, "{") && rt.access != public {
			paths = append(paths, rt.pattern)
		}
	}
	paths = append(paths, "/measures/"+apptest.MeasureA, "/units/"+apptest.UnitKJC)
	pages := 0
	for _, role := range []string{apptest.Admin, apptest.Office, apptest.Leader, apptest.UnitKJC} {
		c := newClient(t, folded.URL)
		c.signIn(role)
		// The same cookies (a jar ignores the port) and so the same session.
		p := &client{t: t, base: plain.URL, hc: c.hc}
		for _, lang := range i18n.Languages {
			if code, _, _ := c.post("/lang", url.Values{"lang": {lang}, "next": {"/"}}); code != see {
				t.Fatalf("%s: switch to %s: %d", role, lang, code)
			}
			for _, path := range paths {
				code, body, h := c.do("GET", path, nil)
				pcode, pbody, _ := p.do("GET", path, nil)
				if code != pcode {
					t.Errorf("%s %s %s: %d folded, %d not", role, lang, path, code, pcode)
					continue
				}
				if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
					continue
				}
				pages++
				// Forms carry a new one-time token on every view.
				body = reOnce.ReplaceAllString(strings.ReplaceAll(body, folded.URL, ""), "")
				pbody = reOnce.ReplaceAllString(strings.ReplaceAll(pbody, plain.URL, ""), "")
				if body != pbody {
					i := 0
					for i < len(body) && i < len(pbody) && body[i] == pbody[i] {
						i++
					}
					t.Errorf("%s %s %s: folded page differs at byte %d:\nfolded: %.200s\nnot:    %.200s", role, lang, path, i, body[i:], pbody[i:])
				}
			}
		}
	}
	t.Logf("%d pages compared", pages)
	if pages < 100 {
		t.Errorf("only %d pages compared", pages)
	}
}

// TestFoldPage: the layout's fixed translations are folded, and only
// where html/template would escape them as HTML text or a quoted value.
func TestFoldPage(t *testing.T) {
	pt := newPageTemplates()
	pt.fold = false
	for _, lang := range i18n.Languages {
		page, err := pt.page(lang, "board")
		if err != nil {
			t.Fatal(err)
		}
		if n := foldPage(page, lang); n < 30 {
			t.Errorf("%s: only %d translations folded on the board", lang, n)
		}
		// A second pass finds nothing left to fold.
		if n := foldPage(page, lang); n != 0 {
			t.Errorf("%s: %d more folded on a second pass", lang, n)
		}
	}
	for _, src := range []string{
		`<a href="{{t "nav.board"}}">x</a>`,    // a URL
		`<p title={{t "nav.board"}}>x</p>`,     // an unquoted attribute
		`<p>{{t "board.days" 3}}</p>`,          // with arguments
		`<p>{{$x := t "nav.board"}}{{$x}}</p>`, // kept in a variable
	} {
		tpl := template.Must(template.New("layout").Funcs(funcs("en")).Parse(src))
		if n := foldPage(tpl, "en"); n != 0 {
			t.Errorf("%s: %d folded", src, n)
		}
	}
	tpl := template.Must(template.New("layout").Funcs(funcs("en")).Parse(`<p title="{{t "nav.board"}}">{{t "nav.board"}}</p><title>{{t "nav.board"}}</title>`))
	if n := foldPage(tpl, "en"); n != 3 {
		t.Errorf("text, a quoted value and a title: %d folded, want 3", n)
	}
}
