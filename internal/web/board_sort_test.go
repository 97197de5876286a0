package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestSortBoard: every sort key orders the unit rows by that column,
// largest first, with ties and "unit" in name order.
func TestSortBoard(t *testing.T) {
	rows := []boardRow{
		{Unit: "B", Total: 5, Done: 1, Red: 0, Orange: 2, Yellow: 1, Progress: 40},
		{Unit: "A", Total: 2, Done: 2, Red: 3, Orange: 0, Yellow: 1, Progress: 90},
		{Unit: "C", Total: 9, Done: 0, Red: 1, Orange: 1, Yellow: 4, Progress: 10},
	}
	want := map[string]string{
		"unit": "ABC", "total": "CBA", "done": "ABC", "red": "ACB",
		"orange": "BCA", "yellow": "CAB", "progress": "ABC",
	}
	for _, key := range boardSorts {
		r := append([]boardRow(nil), rows...)
		for i := range r {
			r[i].Name = r[i].Unit
		}
		sortBoard(r, key)
		var got strings.Builder
		for _, x := range r {
			got.WriteString(x.Unit)
		}
		if got.String() != want[key] {
			t.Errorf("sort=%s: %s, want %s", key, got.String(), want[key])
		}
	}
}

// TestBoardPageFollowsChanges: the board's rendered content is kept between
// views, but never past a change of its measures, and never shows one
// reader's name or token to another.
func TestBoardPageFollowsChanges(t *testing.T) {
	a, srv := newServer(t)
	office, leader := newClient(t, srv.URL), newClient(t, srv.URL)
	office.signIn(apptest.Office)
	leader.signIn(apptest.Leader)
	_, body := office.get("/")
	if !strings.Contains(body, apptest.MeasureB) || strings.Contains(body, "没有逾期") {
		t.Fatalf("board does not list the overdue measure:\n%s", body)
	}
	_, lbody := leader.get("/")
	if !strings.Contains(lbody, "王校长") || strings.Contains(lbody, "林晓") || !strings.Contains(lbody, leader.csrf) || strings.Contains(lbody, office.csrf) {
		t.Errorf("the leader's board shows another reader's layout")
	}
	// The kept content goes out in its place in the layout, once, and
	// the marker that held its place does not.
	main := strings.Index(lbody, "<main")
	if n := strings.Count(lbody, `<td class="code">`+apptest.MeasureB+`</td>`); n != 1 || main < 0 || strings.Index(lbody, apptest.MeasureB) < main ||
		strings.Contains(lbody, string(contentMarker)) || strings.Count(lbody, "</html>") != 1 || !strings.HasSuffix(strings.TrimSpace(lbody), "</html>") {
		t.Errorf("the kept board is not in its place in the leader's page (%d times):\n%s", n, lbody)
	}
	// Asked again with its ETag, the unchanged board is 304; gzipped, it
	// is the same page.
	res, _ := office.getRaw("/", "Accept-Encoding", "identity")
	etag := res.Header.Get("ETag")
	if res, b := office.getRaw("/", "If-None-Match", etag); etag == "" || res.StatusCode != http.StatusNotModified || len(b) != 0 {
		t.Errorf("the unchanged board with its ETag %q: %d, %d bytes", etag, res.StatusCode, len(b))
	}
	res, raw := office.getRaw("/", "Accept-Encoding", "gzip")
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("the board is not gzipped: %v %v", err, res.Header)
	}
	if gz, err := io.ReadAll(zr); err != nil || string(gz) != body {
		t.Errorf("the gzipped board differs from the plain one (%d bytes, %d): %v", len(gz), len(body), err)
	}
	r := model.ProgressReport{Percent: 100, Note: "完成"}
	if _, err := a.ReportProgress(t.Context(), apptest.Account(t, a, apptest.Office), apptest.MeasureB, &r); err != nil {
		t.Fatal(err)
	}
	if res, _ := office.getRaw("/", "If-None-Match", etag); res.StatusCode != http.StatusOK {
		t.Errorf("the changed board with the old ETag: %d", res.StatusCode)
	}
	_, body = office.get("/")
	if strings.Contains(body, `<td class="code">`+apptest.MeasureB+`</td>`) || !strings.Contains(body, "没有逾期举措") {
		t.Errorf("board still lists %s as overdue after it was done", apptest.MeasureB)
	}
}

// TestBoardRenamedUnit: a unit renamed by the admin shows its new name on
// the board at once, though no measure changed (the rendered board is
// kept by a key that must include the units).
func TestBoardRenamedUnit(t *testing.T) {
	a, srv := newServer(t)
	office := newClient(t, srv.URL)
	office.signIn(apptest.Office)
	if _, body := office.get("/"); !strings.Contains(body, "科学技术处") {
		t.Fatal("the board lacks 科学技术处")
	}
	name := "科学技术研究院"
	if _, err := a.UpdateUnit(t.Context(), apptest.Account(t, a, apptest.Admin), "KJC", app.UnitPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, body := office.get("/"); !strings.Contains(body, name) {
		t.Error("the board still shows the old name")
	}
}
