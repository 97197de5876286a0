package web

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// enumPrefixes are the catalog groups whose last part is a stored value:
// measure status, alert light, indicator judgement, unit report state,
// progress review state, notice kind, role, unit kind, theme and the rest.
// The values themselves must never reach a reader.
var enumPrefixes = []string{"status.", "alert.", "judgement.", "ureport_state.", "review.", "notice.kind.", "role.",
	"unit_kind.", "theme.", "meeting_kind.", "agenda_kind.", "draft_state.", "problem_status.", "severity.",
	"allocation_kind.", "indicator_kind.", "direction.", "action.", "ureport_action.", "field.", "entity.", "term."}

// rawTokens are the enum values (and JSON's true and false) the check
// looks for: those with an underscore anywhere as a word, plain words only
// when they stand alone in a text node or beside an arrow or a colon, so
// prose (the demo's half-translated speeches) does not trip it.
func rawTokens() (compound, plain map[string]bool) {
	compound, plain = map[string]bool{}, map[string]bool{"true": true, "false": true, "null": true}
	for _, k := range i18n.Keys("zh-CN") {
		for _, p := range enumPrefixes {
			if v, ok := strings.CutPrefix(k, p); ok && regexp.MustCompile(`^[a-z_]+$`).MatchString(v) {
				if strings.Contains(v, "_") {
					compound[v] = true
				} else if len(v) > 2 {
					plain[v] = true
				}
			}
		}
	}
	return compound, plain
}

var (
	reScript   = regexp.MustCompile(`(?is)<(script|style|template)\b.*?</(script|style|template)>|<!--.*?-->`)
	reTag      = regexp.MustCompile(`(?s)<[^>]*>`)
	reHref     = regexp.MustCompile(`href="(/[^"#]*)"`)
	reWord     = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	reKeyish   = regexp.MustCompile(`[a-z_]+\.[a-z_.]+[a-z_]`)
	reShapeSeg = regexp.MustCompile(`^([0-9]+|[A-Z][A-Z0-9-]*|[0-9]{4}-H[12]|[a-z0-9]+-[0-9-]+)$`)
	reOpenXML  = regexp.MustCompile(`(?s)<(w:t|t)(?: [^>]*)?>(.*?)</(w:t|t)>`)
	reJSONish  = regexp.MustCompile(`[{\[]"[a-z_]+":`)
	reArrow    = regexp.MustCompile(`\s*→\s*`)
	// reCodeEl is an element styled as a code (a unit's code, an account's
	// username beside its name): the identifier is the data there.
	reCodeEl = regexp.MustCompile(`(?s)<(span|td) class="code">.*?</(span|td)>`)
)

// textNodes is the text a reader sees on a page: the text between tags,
// scripts, styles and comments left out, entities decoded, one string
// per node.
func textNodes(page string) []string {
	page = reScript.ReplaceAllString(page, " ")
	var out []string
	for _, s := range reTag.Split(page, -1) {
		s = strings.TrimSpace(html.UnescapeString(s))
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// officeText is the text of a .docx (word/document.xml's runs) or an
// .xlsx (its shared and inline strings), one string per run or cell.
func officeText(t *testing.T, b []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var out []string
	for _, f := range z.File {
		if f.Name != "word/document.xml" && f.Name != "xl/sharedStrings.xml" && !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(r)
		r.Close()
		for _, m := range reOpenXML.FindAllSubmatch(x, -1) {
			var s string
			if err := xml.Unmarshal([]byte("<x>"+string(m[2])+"</x>"), &s); err != nil {
				s = string(m[2])
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// tokenProblems lists what in texts is a raw value: an enum value, a
// catalog key, a username, or JSON.
func tokenProblems(texts []string, compound, plain, users map[string]bool) []string {
	if users == nil {
		users = map[string]bool{}
	}
	if plain == nil {
		plain = map[string]bool{}
	}
	var out []string
	bad := func(what, node string) {
		if r := []rune(node); len(r) > 90 {
			node = string(r[:90]) + "…"
		}
		out = append(out, what+" in «"+node+"»")
	}
	for _, node := range texts {
		for _, w := range reWord.FindAllString(node, -1) {
			if compound[w] {
				bad("enum value "+w, node)
			}
		}
		for _, k := range reKeyish.FindAllString(node, -1) {
			if i18n.Has("zh-CN", k) {
				bad("catalog key "+k, node)
			}
		}
		if reJSONish.MatchString(node) {
			bad("JSON", node)
		}
		// A plain word or a username counts when it is the whole node, one
		// side of "a → b", or the value of "label: value".
		for _, part := range reArrow.Split(node, -1) {
			if i := strings.LastIndexAny(part, ":："); i >= 0 {
				part = strings.TrimSpace(part[i+len(string([]rune(part[i:])[0])):])
			}
			switch {
			case plain[part]:
				bad("enum value "+part, node)
			case users[part]:
				bad("username or unit code "+part, node)
			}
		}
	}
	return out
}

// shape is a path with its ids and codes blanked, so the crawl opens a few
// pages of each kind rather than every measure.
func shape(u string) string {
	p, q, _ := strings.Cut(u, "?")
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if reShapeSeg.MatchString(s) {
			segs[i] = "*"
		}
	}
	out := strings.Join(segs, "/")
	if q != "" {
		v, _ := url.ParseQuery(q)
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out += "?" + strings.Join(keys, "&")
	}
	return out
}

// skipPath are links the crawl leaves: static files, feeds, evidence
// files and JSON.
func skipPath(p string) bool {
	for _, pre := range []string{"/static/", "/calendar/", "/evidence/", "/signin", "/signout", "/api/"} {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return strings.HasSuffix(strings.SplitN(p, "?", 2)[0], ".json") || strings.HasSuffix(strings.SplitN(p, "?", 2)[0], ".ics")
}

// accountPage tells the pages that list and edit accounts, where a
// username is what the reader came for.
func accountPage(u string) bool {
	for _, pre := range []string{"/settings/people", "/settings/accounts", "/account"} {
		if strings.HasPrefix(u, pre) {
			return true
		}
	}
	return false
}

// TestNoRawTokens signs in to the demo as the office, a leader and a unit
// liaison, in Chinese and in English, walks every page reachable from the
// navigation and the lists (a few of each kind), downloads every .docx and
// .xlsx linked, and fails on any enum value, catalog key, username or JSON
// a reader would see.
func TestNoRawTokens(t *testing.T) {
	if testing.Short() {
		t.Skip("walks the whole demo")
	}
	a := apptest.Bare(t, apptest.OpenStore(t))
	if _, err := demo.Load(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(a))
	t.Cleanup(srv.Close)
	compound, plain := rawTokens()
	users := namedAccounts(t, a)
	units, err := a.Units(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		users[u.Code] = true // a unit by its code where a name belongs
	}
	const perShape, maxPages = 3, 500
	problems := map[string][]string{} // problem → where
	docs := 0
	for _, user := range []string{"linxiao", "chenguoqiang", "jwc"} {
		for _, lang := range i18n.Languages {
			acct, err := a.AccountOf(t.Context(), app.System, user)
			if err != nil {
				t.Fatalf("demo account %s: %v", user, err)
			}
			if err := a.SetLanguage(t.Context(), acct, lang); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, srv.URL)
			_, body := c.get("/signin")
			m := reCSRFInput.FindStringSubmatch(body)
			if code, _, _ := c.do("POST", "/signin", url.Values{"csrf": {m[1]}, "username": {user}, "password": {demo.Password}}); code != http.StatusSeeOther {
				t.Fatalf("%s signs in: %d", user, code)
			}
			queue := []string{"/", "/todo", landingOf(acct), "/search?q=" + url.QueryEscape("教学"), "/search?q=" + url.QueryEscape("平台")}
			seen, shapes := map[string]bool{}, map[string]int{}
			pages := 0
			for len(queue) > 0 && pages < maxPages {
				u := queue[0]
				queue = queue[1:]
				if seen[u] || skipPath(u) {
					continue
				}
				seen[u] = true
				if shapes[shape(u)]++; shapes[shape(u)] > perShape {
					continue
				}
				pages++
				code, b, h := c.download(u)
				if code != http.StatusOK {
					continue // a link the role may not follow is another test's business
				}
				where := user + "/" + lang + " " + u
				ct := h.Get("Content-Type")
				var texts []string
				switch {
				case strings.Contains(ct, "text/html"):
					page := string(b)
					texts = textNodes(page)
					if !accountPage(u) {
						for _, p := range tokenProblems(textNodes(reCodeEl.ReplaceAllString(page, " ")), nil, nil, users) {
							problems[p] = append(problems[p], user+"/"+lang+" "+u)
						}
					}
					for _, m := range reHref.FindAllStringSubmatch(page, -1) {
						queue = append(queue, html.UnescapeString(m[1]))
					}
				case strings.Contains(ct, "openxmlformats"), strings.HasSuffix(strings.SplitN(u, "?", 2)[0], ".docx"),
					strings.HasSuffix(strings.SplitN(u, "?", 2)[0], ".xlsx"):
					if strings.HasPrefix(u, "/audit/export") {
						continue // the audit export keeps the raw record on purpose
					}
					docs++
					texts = officeText(t, b)
				default:
					continue
				}
				for _, p := range tokenProblems(texts, compound, plain, nil) {
					problems[p] = append(problems[p], where)
				}
			}
			t.Logf("%s/%s: %d pages", user, lang, pages)
		}
	}
	if docs == 0 {
		t.Error("no document was downloaded: the walk proves nothing for .docx and .xlsx")
	}
	keys := make([]string, 0, len(problems))
	for p := range problems {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		where := problems[p]
		t.Errorf("%s: %d times, first at %s", p, len(where), where[0])
	}
}

// TestReadableRows reads the short history the measure page builds (diff)
// through readableRows: review states, booleans and people come out as
// words, in both languages.
func TestReadableRows(t *testing.T) {
	ev := func(action, before, after string) historyRow {
		e := model.AuditEvent{Entity: "measure", Action: action, Before: before, After: after}
		return historyRow{Event: e, Changes: diff(e)}
	}
	for _, lang := range i18n.Languages {
		rows := []historyRow{
			ev("review_progress", `{"review":"pending"}`, `{"review":"accepted","comment":""}`),
			ev("update", `{"risk":false,"leader":"chenguoqiang","lead_unit":"JWC","theme":"research"}`,
				`{"risk":true,"leader":"xulin","lead_unit":"KJC","theme":"talent_training"}`),
		}
		p := &page{Lang: lang, Units: map[string]model.Unit{"JWC": {Code: "JWC", Name: "教务处", NameEn: "Academic Affairs Office"},
			"KJC": {Code: "KJC", Name: "科学技术处", NameEn: "Science and Technology Office"}}}
		readableRows(p, "measure", map[string]string{"chenguoqiang": "陈国强", "xulin": "徐林"}, rows)
		var texts []string
		for _, r := range rows {
			for _, c := range r.Changes {
				texts = append(texts, c.Before+" → "+c.After)
			}
		}
		compound, plain := rawTokens()
		if probs := tokenProblems(texts, compound, plain, map[string]bool{"chenguoqiang": true, "xulin": true}); len(probs) > 0 {
			t.Errorf("%s: %v", lang, probs)
		}
		all := strings.Join(texts, "\n")
		for _, want := range []string{i18n.T(lang, "review.pending") + " → " + i18n.T(lang, "review.accepted"),
			i18n.T(lang, "history.no") + " → " + i18n.T(lang, "history.yes"), "陈国强 → 徐林", i18n.T(lang, "theme.research")} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: no %q in %q", lang, want, all)
			}
		}
		if lang == "en" && !strings.Contains(all, "Academic Affairs Office → Science and Technology Office") {
			t.Errorf("en: units not by their English names: %q", all)
		}
	}
}

// namedAccounts are the usernames of accounts with a display name: shown
// where the name belongs, they are a raw token.
func namedAccounts(t *testing.T, a *app.App) map[string]bool {
	t.Helper()
	users := map[string]bool{}
	accts, err := a.Accounts(t.Context(), app.System)
	if err != nil {
		t.Fatal(err)
	}
	for _, ac := range accts {
		if ac.Name != "" && ac.Name != ac.Username {
			users[ac.Username] = true
		}
	}
	return users
}

// TestNoRawTokensInMessages renders the demo's notices as the mail digest
// and the chat message (one Message serves both; the JSON hook's items are
// data, left out) in each language and fails on the raw-token problems the
// page walk looks for: enum values, catalog keys, JSON, usernames.
func TestNoRawTokensInMessages(t *testing.T) {
	a := apptest.Bare(t, apptest.OpenStore(t))
	if _, err := demo.Load(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	office, err := a.AccountOf(t.Context(), app.System, "linxiao")
	if err != nil {
		t.Fatal(err)
	}
	ns, err := a.Notices(t.Context(), office, model.NoticeFilter{Limit: 500})
	if err != nil || len(ns) == 0 {
		t.Fatalf("demo notices: %d, %v", len(ns), err)
	}
	kinds := map[model.NoticeKind]bool{}
	for _, n := range ns {
		kinds[n.Kind] = true
	}
	compound, plain := rawTokens()
	users := namedAccounts(t, a)
	for _, lang := range i18n.Languages {
		msg := app.DigestMessage(lang, "王芳", ns[0].Day, ns, "https://duban.example.edu.cn")
		texts := append([]string{msg.Subject}, strings.Split(msg.Text, "\n")...)
		for _, it := range msg.Items {
			texts = append(texts, it.Number, it.Title)
		}
		for _, p := range tokenProblems(texts, compound, plain, users) {
			t.Errorf("%s digest: %s", lang, p)
		}
		if lang == i18n.Default && !strings.Contains(msg.Text, "督办") {
			t.Errorf("the Chinese digest does not read as one:\n%s", msg.Text)
		}
	}
	t.Logf("%d notices of %d kinds rendered in %d languages", len(ns), len(kinds), len(i18n.Languages))
}
