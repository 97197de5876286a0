package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// seedBulletin issues, as the office, the bulletin of September 2024 and
// returns its API path.
func seedBulletin(t *testing.T, a *app.App) string {
	t.Helper()
	b, err := a.IssueBulletin(context.Background(), apptest.Account(t, a, apptest.Office), app.BulletinRequest{From: model.Ymd(2024, 9, 1), To: model.Ymd(2024, 9, 30)})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("/api/v1/bulletins/%d", b.ID)
}

func TestBulletinAPI(t *testing.T) {
	e := newEnv(t)
	office, leader, kjc := e.tokens["office"], e.tokens["leader"], e.tokens["own"]
	// Measure A is completed within September; B (due 09-30) is orange on 09-30.
	if st, b := e.do("POST", "/api/v1/measures/"+apptest.MeasureA+"/progress", kjc, `{"date":"2024-09-15","percent":100,"note":"已完成"}`); st != http.StatusCreated {
		t.Fatalf("report: %d %s", st, b)
	}
	status, h, b := e.doFull("POST", "/api/v1/bulletins", office, `{"from":"2024-09-01","to":"2024-09-30"}`)
	if status != http.StatusCreated {
		t.Fatalf("issue: %d %s", status, b)
	}
	var issued bulletinJSON
	mustUnmarshal(t, b, &issued)
	if issued.ID == nil || issued.Number == nil || *issued.Number != 1 || issued.Year != 2024 || issued.Title != "督办通报 2024年第1期" ||
		issued.AsOf != model.Ymd(2024, 9, 30) || issued.Issuer != apptest.Office || issued.Office != "党政办公室" || issued.IssuedAt == nil ||
		h.Get("Location") != fmt.Sprintf("/api/v1/bulletins/%d", *issued.ID) {
		t.Fatalf("issued: %s (Location %q)", b, h.Get("Location"))
	}
	s := issued.Sections
	if s == nil || len(s.Overdue) != 0 || len(s.Orange) != 1 || s.Orange[0].Code != apptest.MeasureB || s.Orange[0].Alert != model.AlertOrange ||
		len(s.Completed) != 1 || s.Completed[0].Code != apptest.MeasureA || s.Completed[0].Completed != model.Ymd(2024, 9, 15) ||
		issued.Summary.Orange != 1 || issued.Summary.Completed != 1 {
		t.Errorf("sections: %s", b)
	}

	// Read back by anyone: the same document.
	status, got := e.do("GET", fmt.Sprintf("/api/v1/bulletins/%d", *issued.ID), e.tokens["other"], "")
	var again bulletinJSON
	mustUnmarshal(t, got, &again)
	j1, _ := json.Marshal(issued)
	j2, _ := json.Marshal(again)
	if status != http.StatusOK || string(j1) != string(j2) {
		t.Errorf("read back: %d\n%s\n%s", status, j1, j2)
	}

	status, b = e.do("GET", "/api/v1/bulletins", leader, "")
	var l struct {
		Items []map[string]any `json:"items"`
	}
	mustUnmarshal(t, b, &l)
	if status != http.StatusOK || len(l.Items) != 1 || l.Items[0]["sections"] != nil || l.Items[0]["title"] != "督办通报 2024年第1期" {
		t.Errorf("list: %d %s", status, b)
	}

	status, b = e.do("GET", "/api/v1/bulletins/preview?from=2024-10-01&to=2024-10-15", leader, "")
	var pv bulletinJSON
	mustUnmarshal(t, b, &pv)
	if status != http.StatusOK || pv.ID != nil || pv.Number != nil || pv.IssuedAt != nil || pv.Sections == nil ||
		len(pv.Sections.Overdue) != 1 || pv.Sections.Overdue[0].Code != apptest.MeasureB || pv.Sections.Overdue[0].DaysOverdue != 15 {
		t.Errorf("preview: %d %s", status, b)
	}

	for _, c := range []struct {
		method, path, body string
		want               int
		code, field        string
	}{
		{"POST", "/api/v1/bulletins", `{"from":"2024-09-30","to":"2024-09-01"}`, 422, model.EINVALID, "to"},
		{"POST", "/api/v1/bulletins", `{"from":"2024-09-31","to":"2024-10-01"}`, 422, model.EINVALID, "from"},
		{"POST", "/api/v1/bulletins", `{"from":"2024-09-01","to":"2024-10-16"}`, 422, model.EINVALID, "to"},
		{"POST", "/api/v1/bulletins", `{"from":"2024-09-01"}`, 422, model.EINVALID, "to"},
		{"POST", "/api/v1/bulletins", `{"from":"2024-09-01","to":"2024-09-30","number":9}`, 422, model.EINVALID, "number"},
		{"GET", "/api/v1/bulletins/preview?from=2024-09-01", "", 422, model.EINVALID, "to"},
		{"GET", "/api/v1/bulletins/preview?from=x&to=2024-09-30", "", 422, model.EINVALID, "from"},
		{"GET", "/api/v1/bulletins/preview?from=2024-09-01&to=2024-09-30&unit=KJC", "", 422, model.EINVALID, "unit"},
		{"GET", "/api/v1/bulletins/abc", "", 404, model.ENOTFOUND, ""},
		{"GET", "/api/v1/bulletins/9999", "", 404, model.ENOTFOUND, ""},
	} {
		status, b := e.do(c.method, c.path, office, c.body)
		if er := apiError(t, b); status != c.want || er.Code != c.code || er.Field != c.field {
			t.Errorf("%s %s %s: %d %s", c.method, c.path, c.body, status, b)
		}
	}
	if _, b := e.do("GET", "/api/v1/bulletins", office, ""); json.Valid(b) {
		mustUnmarshal(t, b, &l)
		if len(l.Items) != 1 {
			t.Errorf("refused requests issued bulletins: %d", len(l.Items))
		}
	}
}
