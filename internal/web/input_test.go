package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestUnfitText posts forms and opens lists with NUL characters and
// invalid UTF-8, on the engine LUOSHI_TEST_POSTGRES chooses: each is 422
// with a message naming the field or parameter, and nothing is written.
// On PostgreSQL they were 500s (its text holds no NUL, and a filter of %FF
// is no text); SQLite stored the NUL.
func TestUnfitText(t *testing.T) {
	a, srv := newServer(t)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	admin := newClient(t, srv.URL)
	admin.signIn(apptest.Admin)
	measure := func(title, detail string) url.Values {
		return url.Values{"title": {title}, "detail": {detail}, "theme": {"research"}, "period": {"2024-H2"}, "lead_unit": {"KJC"}, "priority": {"0"}}
	}
	m1 := "/measures/" + apptest.MeasureA
	posts := []struct {
		name string
		c    *client
		path string
		form url.Values
		says string
	}{
		{"NUL in a measure's title", office, "/measures/new", measure("新\x00举措", ""), "标题"},
		{"invalid UTF-8 in a measure's detail", office, "/measures/new", measure("新举措", "一是\xff"), "具体内容"},
		{"NUL in an edit", office, m1 + "/edit", measure("推进\x00平台建设", ""), "标题"},
		{"control character in a title", office, "/measures/new", measure("新\x07举措", ""), "含有控制字符 U&#43;0007"},
		{"NUL in a comment", office, m1 + "/comments", url.Values{"text": {"请加快\x00进度"}}, "内容"},
		{"NUL in a progress note", office, m1 + "/progress", url.Values{"percent": {"10"}, "note": {"起步\x00"}}, "进展情况"},
		{"NUL in a unit's name", admin, "/settings/units/new", url.Values{"code": {"NUL"}, "name": {"实验\x00室"}, "kind": {"institute"}}, "姓名"},
		{"line break in a unit's English name", admin, "/settings/units/new",
			url.Values{"code": {"LF"}, "name": {"实验室"}, "name_en": {"Lab\nOne"}, "kind": {"institute"}}, "只能填一行"},
	}
	before := dumpAll(t, apptest.Store(a))
	for _, p := range posts {
		code, body, _ := p.c.post(p.path, p.form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, p.says) {
			t.Errorf("%s: %d, want 422 saying %q:\n%.2000s", p.name, code, p.says, body[max(0, strings.Index(body, "<main")):])
		}
	}
	gets := []struct{ name, path, says string }{
		{"NUL in the measures' text filter", "/measures?q=%E5%BB%BA%00", "搜索词含有空字符"},
		{"invalid UTF-8 in the measures' unit filter", "/measures?unit=%FF", "单位不是有效的 UTF-8 文本"},
		{"NUL in the board's unit filter", "/?unit=KJC%00", "单位含有空字符"},
		{"NUL in the notices' unit filter", "/notices?tab=all&unit=%00", "单位含有空字符"},
		{"invalid UTF-8 in the notices' measure filter", "/notices?tab=all&measure=%FE", "举措不是有效的 UTF-8 文本"},
		{"NUL in a search", "/search?q=%00", "搜索词含有空字符"},
		{"NUL in a measure's code", "/measures/2024H2-001%00", "编号含有空字符"},
		{"invalid UTF-8 in a history path", "/history/measure/%FF", "序号不是有效的 UTF-8 文本"},
	}
	for _, g := range gets {
		code, body := office.get(g.path)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, g.says) {
			t.Errorf("%s: %d, want 422 saying %q:\n%.2000s", g.name, code, g.says, body)
		}
	}
	after := dumpAll(t, apptest.Store(a))
	for tb := range before {
		if tb != "sessions" && !slices.Equal(before[tb], after[tb]) {
			t.Errorf("table %s changed by refused requests: %d rows before, %d after", tb, len(before[tb]), len(after[tb]))
		}
	}
	// Fit text passes: line breaks in a detail, U+FFFD typed as such.
	if code, body, _ := office.post("/measures/new", measure("新举措\uFFFD", "一是\r\n二是")); code != http.StatusSeeOther {
		t.Errorf("fit text: %d\n%.2000s", code, body)
	}
}
