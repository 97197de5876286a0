package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestEvidence adds files to a report through the API: every accepted kind
// in batches, each downloadable byte for byte as an attachment; bad files,
// a sixth file, the wrong measure and an accepted report are refused with
// nothing written.
func TestEvidence(t *testing.T) {
	e := newEnv(t)
	own, other := e.tokens["own"], e.tokens["other"]
	m1 := "/api/v1/measures/" + apptest.MeasureA
	status, b := e.do("POST", m1+"/progress", own, `{"percent":30,"note":"完成论证"}`)
	if status != http.StatusCreated {
		t.Fatalf("report: %d %s", status, b)
	}
	var rep progressJSON
	mustUnmarshal(t, b, &rep)
	if rep.Evidence == nil || len(rep.Evidence) != 0 {
		t.Errorf("a new report's evidence: %v, want []", rep.Evidence)
	}
	path := fmt.Sprintf("%s/progress/%d/evidence", m1, rep.ID)

	refuse := func(name, token, body string, wantStatus int, field, says string) {
		t.Helper()
		before := snapshot(t, e.a)
		status, b := e.do("POST", path, token, body)
		got := apiError(t, b)
		if status != wantStatus || got.Field != field || !strings.Contains(got.Message, says) {
			t.Errorf("%s: %d %+v, want %d naming %q and %q", name, status, got, wantStatus, field, says)
		}
		if after := snapshot(t, e.a); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("%s: the database changed", name)
		}
	}
	for what, bad := range apptest.BadEvidence() {
		refuse(what, own, multipartBody(apptest.EvidenceFile{Name: "好.pdf", Data: apptest.PDF("好")}, bad.File), 422, "evidence", bad.Says)
	}
	pdf := apptest.EvidenceFile{Name: "方案.pdf", Data: apptest.PDF("方案")}
	refuse("six files", own, multipartBody(slices.Repeat([]apptest.EvidenceFile{pdf}, 6)...), 422, "evidence", "最多附 5 个")
	refuse("no files", own, multipartBody(), 422, "evidence", "至少上传一个文件")
	refuse("JSON body", own, `{"evidence":[]}`, 422, "", "multipart/form-data")
	refuse("not involved", other, multipartBody(pdf), 403, "", "无权")
	otherMeasure := strings.Replace(path, apptest.MeasureA, apptest.MeasureB, 1)
	if status, b := e.do("POST", otherMeasure, e.tokens["office"], multipartBody(pdf)); status != 404 {
		t.Errorf("report of another measure: %d %s", status, b)
	}

	good := apptest.GoodEvidence()
	stored := map[int64]apptest.EvidenceFile{}
	for i := 0; i < len(good); i += 4 {
		batch := good[i:min(i+4, len(good))]
		if i > 0 {
			// A second report: five files at most per report.
			status, b := e.do("POST", m1+"/progress", own, fmt.Sprintf(`{"percent":%d,"note":"续报"}`, 30+i))
			if status != http.StatusCreated {
				t.Fatal(status, string(b))
			}
			mustUnmarshal(t, b, &rep)
			path = fmt.Sprintf("%s/progress/%d/evidence", m1, rep.ID)
		}
		audited := apptest.AuditCount(t, e.a)
		status, b := e.do("POST", path, own, multipartBody(batch...))
		var out list[evidenceJSON]
		mustUnmarshal(t, b, &out)
		if status != http.StatusCreated || len(out.Items) != len(batch) {
			t.Fatalf("add %d files: %d %s", len(batch), status, b)
		}
		if n := apptest.AuditCount(t, e.a); n != audited+1 {
			t.Errorf("add %d files: %d audit events, want 1", len(batch), n-audited)
		}
		for j, it := range out.Items {
			if it.Name != batch[j].Name || it.Type != batch[j].Type || it.Size != int64(len(batch[j].Data)) || it.Author != apptest.UnitKJC ||
				it.URL != fmt.Sprintf("/api/v1/evidence/%d", it.ID) {
				t.Errorf("stored %+v for %s", it, batch[j].Name)
			}
			stored[it.ID] = batch[j]
		}
	}
	for id, f := range stored {
		status, h, b := e.doFull("GET", fmt.Sprintf("/api/v1/evidence/%d", id), e.tokens["leader"], "")
		if status != 200 || !bytes.Equal(b, f.Data) || h.Get("Content-Type") != f.Type || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("download %s: %d, %d bytes, %v", f.Name, status, len(b), h)
		}
		if status, _ := e.do("GET", fmt.Sprintf("/api/v1/evidence/%d", id), other, ""); status != 403 {
			t.Errorf("rsc1 downloads %s: %d", f.Name, status)
		}
	}
	if status, b := e.do("GET", "/api/v1/evidence/9999", own, ""); status != 404 || apiError(t, b).Code != model.ENOTFOUND {
		t.Errorf("unknown file: %d %s", status, b)
	}

	// The report lists its files for those who may open them, and not for others.
	var reports list[progressJSON]
	_, b = e.do("GET", m1+"/progress", own, "")
	mustUnmarshal(t, b, &reports)
	n := 0
	for _, r := range reports.Items {
		n += len(r.Evidence)
	}
	if n != len(good) {
		t.Errorf("kjc1 sees %d files in the reports, want %d", n, len(good))
	}
	_, b = e.do("GET", m1+"/progress", other, "")
	if strings.Contains(string(b), ".pdf") {
		t.Errorf("rsc1 sees the files' names: %s", b)
	}

	// The last report holds 3 files: 3 more would make 6.
	refuse("three more on three", own, multipartBody(pdf, pdf, pdf), 422, "evidence", "已有 3 个文件")
	if status, b := e.do("POST", path, own, multipartBody(pdf, pdf)); status != http.StatusCreated {
		t.Errorf("two more on three: %d %s", status, b)
	}

	// Once the office accepts a report, its evidence is settled.
	if err := e.a.ReviewProgress(context.Background(), apptest.Account(t, e.a, apptest.Office), rep.ID, model.ReviewAccepted, ""); err != nil {
		t.Fatal(err)
	}
	refuse("accepted report", own, multipartBody(pdf), 409, "", "已审核通过")
}
