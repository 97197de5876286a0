package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/i18n"
)

// assessmentScenarios are the assessment routes for TestRoutes: everyone
// signed in reads a year (their own units' rows) and its sheet; the
// office (and the admin) sets rules, adjusts and publishes. A unit's
// records are open to those who may see the unit: kjc1 its own, the
// fixture's leader (no portfolio) none.
func assessmentScenarios() []scenario {
	rules := func() url.Values {
		return url.Values{"on_time": {"40"}, "reports": {"20"}, "indicators": {"30"}, "problems": {"10"}, "per_supervision": {"1"},
			"per_bulletin": {"2.5"}, "mode": {"quota"}, "excellent": {"90"}, "good": {"80"}, "pass": {"60"}, "excellent_pct": {"20"}, "good_pct": {"50"}}
	}
	adjust := func() url.Values {
		return url.Values{"unit": {"KJC"}, "points": {"1.5"}, "reason": {"承办全省科研管理工作会议"}}
	}
	noReason := func() url.Values { return url.Values{"unit": {"KJC"}, "points": {"1"}, "reason": {" "}} }
	return []scenario{
		{"GET /assessments", "/assessments", nil, signedInOnly(see)},
		{"GET /assessments/{year}", "/assessments/2024", nil, signedInOnly(ok)},
		{"GET /assessments/{year}", "/assessments/abc", nil, signedInOnly(notFound)},
		{"GET /assessments/{year}/assessment.xlsx", "/assessments/2024/assessment.xlsx", nil, signedInOnly(ok)},
		{"GET /assessments/{year}/units/{unit}", "/assessments/2024/units/KJC", nil,
			want{def: notFound, role: map[string]int{"anon": see, apptest.Admin: ok, apptest.Office: ok, apptest.UnitKJC: ok}}},
		{"POST /assessments/{year}/rules", "/assessments/2024/rules", rules, officeOnly(see)},
		{"POST /assessments/{year}/adjust", "/assessments/2024/adjust", adjust, officeOnly(see)},
		{"POST /assessments/{year}/adjust", "/assessments/2024/adjust", noReason, officeOnly(http.StatusUnprocessableEntity)},
		// The admin publishes 2023 first; then it is frozen (409).
		{"POST /assessments/{year}/publish", "/assessments/2023/publish", nil,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: see, apptest.Office: http.StatusConflict}}},
		{"POST /assessments/{year}/adjust", "/assessments/2023/adjust", adjust,
			want{def: denied, role: map[string]int{"anon": see, apptest.Admin: http.StatusConflict, apptest.Office: http.StatusConflict}}},
	}
}

// TestAssessmentPage: the office's adjustment without a reason comes back
// with the reason asked for beside its field; with one, the unit's total
// moves and the page names the reason; the formulas are on the page, in
// Chinese only; a score opens the unit's records; published, the forms
// are gone and the sheet downloads.
func TestAssessmentPage(t *testing.T) {
	_, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	code, body, _ := c.post("/assessments/2024/adjust", url.Values{"unit": {"JWC"}, "points": {"2"}, "reason": {""}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="a-reason-err"`) {
		t.Fatalf("adjust without reason: %d\n%.500s", code, body)
	}
	if code, _, _ = c.post("/assessments/2024/adjust", url.Values{"unit": {"JWC"}, "points": {"2"}, "reason": {"承办教学成果奖评审"}}); code != see {
		t.Fatalf("adjust: %d", code)
	}
	code, body, _ = c.do("GET", "/assessments/2024", nil)
	if code != ok {
		t.Fatalf("page: %d", code)
	}
	for _, want := range []string{"承办教学成果奖评审", `id="assess-formulas"`, "按期完成（40分）＝", `href="/assessments/2024/units/JWC#on-time"`, `id="publish-assessment"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if w := i18n.LatinWords(mainText(body)); len(w) > 0 {
		t.Errorf("the Chinese page shows Latin words: %v", w)
	}
	code, body, _ = c.do("GET", "/assessments/2024/units/JWC", nil)
	if code != ok || !strings.Contains(body, `href="/measures/2024H2-002"`) {
		t.Errorf("JWC's records: %d, want measure B listed\n%.800s", code, body)
	}
	if w := i18n.LatinWords(mainText(body)); len(w) > 0 {
		t.Errorf("the Chinese drill-down shows Latin words: %v", w)
	}
	if code, _, _ = c.post("/assessments/2024/publish", nil); code != see {
		t.Fatalf("publish: %d", code)
	}
	_, body, _ = c.do("GET", "/assessments/2024", nil)
	if strings.Contains(body, `id="publish-assessment"`) || strings.Contains(body, `id="adjust-form"`) || !strings.Contains(body, "已于") {
		t.Errorf("the published page still offers its forms or does not say it is published")
	}
	code, data, h := c.download("/assessments/2024/assessment.xlsx")
	if code != ok || h.Get("Content-Type") != xlsxType || len(data) < 1000 || string(data[:2]) != "PK" {
		t.Errorf("sheet: %d %s, %d bytes", code, h.Get("Content-Type"), len(data))
	}
}

// mainText is the text a reader sees in a page's main part.
func mainText(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	body = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>`).ReplaceAllString(body, " ")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " "))
}
