package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// postFiles sends a multipart form, as the report form does, with the
// session's CSRF token and files in the evidence field. File names go into
// the part headers exactly as given (a browser sends the bare name).
func (c *client) postFiles(path string, form url.Values, files []apptest.EvidenceFile) (int, string, http.Header) {
	c.t.Helper()
	return c.postFilesAs(path, form, "evidence", files)
}

// postFilesAs is postFiles with the files in the named field.
func (c *client) postFilesAs(path string, form url.Values, field string, files []apptest.EvidenceFile) (int, string, http.Header) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, field, strings.ReplaceAll(f.Name, `"`, `\"`)))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		w.Write(f.Data)
	}
	mw.Close()
	req, err := http.NewRequest("POST", c.base+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// download fetches a file, returning its bytes and headers.
func (c *client) download(path string) (int, []byte, http.Header) {
	c.t.Helper()
	res, err := c.hc.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

// rowCounts counts the rows of the tables an upload writes to.
func rowCounts(t *testing.T, a *app.App) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range []string{"progress_reports", "evidence", "audit_events", "measures"} {
		rows, err := apptest.Store(a).Dump(context.Background(), tb)
		if err != nil {
			t.Fatal(err)
		}
		out[tb] = len(rows)
	}
	return out
}

var reEvidenceLink = regexp.MustCompile(`<a href="/evidence/(\d+)" download>([^<]+)</a>`)

// TestEvidenceUpload files reports with a good file of every accepted kind
// through the report form, five at a time, and downloads each byte for
// byte, as an attachment that is never rendered inline.
func TestEvidenceUpload(t *testing.T) {
	a, srv := newServer(t)
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	good := apptest.GoodEvidence()
	byName := map[string]apptest.EvidenceFile{}
	for _, f := range good {
		byName[f.Name] = f
	}
	for i := 0; i < len(good); i += model.MaxEvidenceFiles {
		batch := good[i:min(i+model.MaxEvidenceFiles, len(good))]
		before := rowCounts(t, a)
		code, body, h := kjc.postFiles("/measures/"+apptest.MeasureA+"/progress",
			url.Values{"date": {"2024-10-14"}, "percent": {fmt.Sprint(10 + i)}, "note": {"附佐证材料"}}, batch)
		if code != see || h.Get("Location") != "/measures/"+apptest.MeasureA+"#progress" {
			t.Fatalf("report with %d files: %d\n%.2000s", len(batch), code, body)
		}
		after := rowCounts(t, a)
		if after["progress_reports"] != before["progress_reports"]+1 || after["evidence"] != before["evidence"]+len(batch) ||
			after["audit_events"] != before["audit_events"]+1 {
			t.Errorf("report with %d files wrote %v → %v; want one report, its files, one audit event", len(batch), before, after)
		}
	}

	_, page := kjc.get("/measures/" + apptest.MeasureA)
	links := reEvidenceLink.FindAllStringSubmatch(page, -1)
	if len(links) != len(good) {
		t.Fatalf("measure page links %d files, want %d", len(links), len(good))
	}
	for _, l := range links {
		want := byName[l[2]]
		code, b, h := kjc.download("/evidence/" + l[1])
		if code != ok || !bytes.Equal(b, want.Data) {
			t.Errorf("%s: %d, %d bytes, want the %d uploaded", l[2], code, len(b), len(want.Data))
			continue
		}
		cd := h.Get("Content-Disposition")
		if h.Get("Content-Type") != want.Type || !strings.HasPrefix(cd, "attachment;") ||
			!strings.Contains(cd, "filename*=UTF-8''"+strings.ReplaceAll(url.PathEscape(l[2]), "%28", "(")) ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("%s: headers %v", l[2], h)
		}
	}
	// The name as a browser reads it: filename* decodes back to the Chinese name.
	i := slices.IndexFunc(links, func(l []string) bool { return strings.HasPrefix(l[2], "平台") })
	_, _, h := kjc.download("/evidence/" + links[i][1])
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, `filename*=UTF-8''%E5%B9%B3%E5%8F%B0`) || !strings.Contains(cd, `filename="`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	// The history names the files in the report's one event.
	if !strings.Contains(page, "经费统计.xlsx") {
		t.Error("history does not name the files")
	}
}

// TestEvidenceRefused sends bad files with an otherwise good report: each
// is refused with 422, the form names the evidence field and the reason,
// and nothing at all is written (not the report either).
func TestEvidenceRefused(t *testing.T) {
	a, srv := newServer(t)
	kjc := newClient(t, srv.URL)
	kjc.signIn(apptest.UnitKJC)
	pdf := apptest.EvidenceFile{Name: "方案.pdf", Data: apptest.PDF("方案")}
	bad := apptest.BadEvidence()
	cases := map[string]struct {
		files []apptest.EvidenceFile
		says  string
	}{
		"sixth file": {slices.Repeat([]apptest.EvidenceFile{pdf}, model.MaxEvidenceFiles+1), "最多附 5 个"},
	}
	for what, b := range bad {
		// A good file beside the bad one: neither is kept.
		cases[what] = struct {
			files []apptest.EvidenceFile
			says  string
		}{[]apptest.EvidenceFile{pdf, b.File}, b.Says}
	}
	for what, c := range cases {
		before := rowCounts(t, a)
		code, body, _ := kjc.postFiles("/measures/"+apptest.MeasureA+"/progress",
			url.Values{"date": {"2024-10-14"}, "percent": {"30"}, "note": {"保留这段话"}}, c.files)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", what, code)
			continue
		}
		if !strings.Contains(body, `id="p-evidence" name="evidence"`) || !strings.Contains(body, `aria-invalid="true"`) ||
			!strings.Contains(body, c.says) || !strings.Contains(body, "保留这段话") {
			t.Errorf("%s: the form does not name the evidence field and %q, or lost the note", what, c.says)
		}
		if after := rowCounts(t, a); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("%s: rows %v → %v", what, before, after)
		}
	}
}

// TestEvidenceSeenByWhom: the office, leaders and the units involved open
// a measure's files; a unit that is not involved sees that there are files
// but neither their names nor their content (403), and an unknown file is
// 404.
func TestEvidenceSeenByWhom(t *testing.T) {
	a, srv := newServer(t)
	id := fileEvidence(t, a)
	path := fmt.Sprintf("/evidence/%d", id)
	for user, want := range map[string]int{apptest.Admin: ok, apptest.Office: ok, apptest.Leader: ok,
		apptest.UnitKJC: ok, apptest.UnitJWC: denied, apptest.UnitRSC: denied} {
		c := newClient(t, srv.URL)
		c.signIn(user)
		if code, b, _ := c.download(path); code != want {
			t.Errorf("%s downloads: %d, want %d: %.200s", user, code, want, b)
		}
		_, page := c.get("/measures/" + apptest.MeasureA)
		if shown := strings.Contains(page, "佐证.pdf"); shown != (want == ok) {
			t.Errorf("%s: file name shown on the measure page: %v", user, shown)
		}
		if code, _, _ := c.download("/evidence/9999"); code != notFound {
			t.Errorf("%s: unknown file: %d", user, code)
		}
	}
}

// fileEvidence files a report on measure A as kjc1 with one PDF and
// returns the file's id.
func fileEvidence(t *testing.T, a *app.App) int64 {
	t.Helper()
	r := model.ProgressReport{Percent: 15, Note: "附方案", Evidence: []model.Evidence{{Name: "佐证.pdf", Data: apptest.PDF("佐证")}}}
	if _, err := a.ReportProgress(context.Background(), apptest.Account(t, a, apptest.UnitKJC), apptest.MeasureA, &r); err != nil {
		t.Fatal(err)
	}
	return r.Evidence[0].ID
}
