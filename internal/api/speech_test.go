package api

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestSpeechUpload sends an agenda item's speech as a Word document: the
// item's text becomes the document's, the file is described on the
// meeting; a legacy .doc, a missing file and a JSON body are refused,
// naming the field, and change nothing.
func TestSpeechUpload(t *testing.T) {
	e := newEnv(t)
	office := e.tokens["office"]
	ms, err := e.a.Meetings(t.Context(), app.System)
	if err != nil || len(ms) == 0 {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/meetings/%d/items/1/speech", ms[0].ID)
	before, _ := e.a.Meeting(t.Context(), app.System, ms[0].ID)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	for name, c := range map[string]struct{ body, field, want string }{
		"legacy .doc": {multipartFiles("file", apptest.EvidenceFile{Name: "讲话.doc", Data: ole}), "file", "旧版 Word"},
		"no file":     {multipartFiles("other", apptest.EvidenceFile{Name: "讲话.txt", Data: []byte("要")}), "file", "必填"},
		"JSON":        {`{"text":"要加强"}`, "", "multipart/form-data"},
	} {
		status, b := e.do("POST", path, office, c.body)
		got := apiError(t, b)
		if status != http.StatusUnprocessableEntity || got.Code != model.EINVALID || got.Field != c.field || !strings.Contains(got.Message, c.want) {
			t.Errorf("%s: %d %+v, want 422 on %q saying %q", name, status, got, c.field, c.want)
		}
	}
	if after, _ := e.a.Meeting(t.Context(), app.System, ms[0].ID); after.Items[0].Text != before.Items[0].Text || after.Items[0].File != nil {
		t.Fatalf("a refused upload changed the item")
	}

	docx, err := os.ReadFile("../speechfile/testdata/libreoffice-speech.docx")
	if err != nil {
		t.Fatal(err)
	}
	status, b := e.do("POST", path, office, multipartFiles("file", apptest.EvidenceFile{Name: "讲话.docx", Data: docx}))
	if status != http.StatusOK {
		t.Fatalf("upload: %d %s", status, b)
	}
	var it agendaJSON
	mustUnmarshal(t, b, &it)
	if it.Seq != 1 || !strings.Contains(it.Text, "各单位要在9月底前完成专题学习") || it.File == nil || it.File.Name != "讲话.docx" || it.File.Format != "docx" ||
		it.File.Size != int64(len(docx)) || len(it.File.SHA256) != 64 || it.File.Author != apptest.Office {
		t.Errorf("the item after the upload: %+v %+v", it, it.File)
	}
	status, b = e.do("GET", fmt.Sprintf("/api/v1/meetings/%d", ms[0].ID), office, "")
	if status != http.StatusOK || !strings.Contains(string(b), `"file":{"name":"讲话.docx"`) {
		t.Errorf("the meeting does not describe the file: %d %.500s", status, b)
	}
	if status, _ := e.do("POST", fmt.Sprintf("/api/v1/meetings/%d/items/1/speech", ms[0].ID), e.tokens["leader"],
		multipartFiles("file", apptest.EvidenceFile{Name: "讲话.docx", Data: docx})); status != http.StatusForbidden {
		t.Errorf("a leader uploads a speech: %d", status)
	}
}
