package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// documentScenarios are Settings › Documents for TestRoutes: the office's.
func documentScenarios() []scenario {
	form := func() url.Values {
		return url.Values{"format.bulletin": {"{short}督〔{year}〕{n}号"}, "format.minutes": {"〔{year}〕第{n}期"}}
	}
	bad := func() url.Values { return url.Values{"format.bulletin": {"督〔{year}〕号"}} }
	return []scenario{
		{"GET /settings/documents", "/settings/documents", nil, officeOnly(ok)},
		{"POST /settings/documents", "/settings/documents", form, officeOnly(see)},
		{"POST /settings/documents", "/settings/documents", bad, officeOnly(http.StatusUnprocessableEntity)},
	}
}

// TestDocumentNumbers: the office sets how bulletins and minutes are
// numbered; a format without {n} comes back beside its field, in Chinese;
// a bulletin issued then carries its number by the format, and keeps it
// when the format changes later.
func TestDocumentNumbers(t *testing.T) {
	a, srv := newServer(t)
	ctx := t.Context()
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	_, page := c.get("/settings/documents")
	if !strings.Contains(page, "督通〔2024〕3号") {
		t.Errorf("the page shows no example of the default bulletin number")
	}
	code, page, _ := c.post("/settings/documents", url.Values{"format.bulletin": {"督〔{year}〕号"}, "format.minutes": {"〔{year}〕第{n}期"}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="fmt-bulletin"[^>]*aria-invalid="true"`).MatchString(page) ||
		!strings.Contains(page, "应包含 {n}（当年序号）") {
		t.Fatalf("a format without {n}: %d", code)
	}
	if code, _, _ := c.post("/settings/documents", url.Values{"format.bulletin": {"{short}督〔{year}〕{n}号"}, "format.minutes": {"〔{year}〕第{n}期"}}); code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	b, err := a.IssueBulletin(ctx, apptest.Account(t, a, apptest.Office), app.BulletinRequest{From: model.Ymd(2024, 9, 1), To: model.Ymd(2024, 9, 30)})
	if err != nil || b.NumberText != "测大督〔2024〕1号" {
		t.Fatalf("the bulletin's number: %q (%v)", b.NumberText, err)
	}
	if _, err := a.SetDocumentFormats(ctx, apptest.Account(t, a, apptest.Office), map[string]string{model.DocBulletin: "新督〔{year}〕{n}号"}); err != nil {
		t.Fatal(err)
	}
	_, doc, _ := c.download(fmt.Sprintf("/bulletins/%d/bulletin.docx", b.ID))
	if text := strings.Join(officeText(t, doc), ""); !strings.Contains(text, "测大督〔2024〕1号") {
		t.Errorf("the issued bulletin's document lost its number: %q", text)
	}
	// Notices the daily job issues take their kind's format.
	if code, _, _ := c.post("/settings/documents", url.Values{"format.notice.bulletin": {"{short}督通报〔{year}〕{n}号"}}); code != http.StatusSeeOther {
		t.Fatalf("save the notices' format: %d", code)
	}
	n := issuedNotices(t, a, "bulletin:"+apptest.MeasureB)["bulletin:"+apptest.MeasureB]
	if n.NumberText != "测大督通报〔2024〕1号" || app.NoticeNumber("zh-CN", n) != n.NumberText {
		t.Errorf("the 通报's number: %q", n.NumberText)
	}
	if _, page := c.get(fmt.Sprintf("/notices/%d", n.ID)); !strings.Contains(page, "测大督通报〔2024〕1号") {
		t.Errorf("the notice's page does not show its number as issued")
	}
}
