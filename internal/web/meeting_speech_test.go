package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestSpeechFromWord records a meeting as an office does when the speech
// arrives as a Word document: the meeting form takes the file, the item
// holds its text (and, untitled, the file's name), the meeting page links
// the original for download, and the drafts come from the text read. A
// legacy .doc is refused beside its field, in Chinese, and nothing is
// recorded.
func TestSpeechFromWord(t *testing.T) {
	a, srv := newServer(t)
	c := newClient(t, srv.URL)
	c.signIn(apptest.Office)
	docx, err := os.ReadFile("../speechfile/testdata/libreoffice-speech.docx")
	if err != nil {
		t.Fatal(err)
	}
	form := func() url.Values {
		return url.Values{"kind": {"president_office"}, "title": {"校长办公会"}, "date": {"2024-10-08"}, "items": {"1"},
			"item.0.kind": {"speech"}, "item.0.title": {""}, "item.0.speaker": {"张校长"}, "item.0.text": {""}, "save": {"1"}}
	}
	before, _ := a.Meetings(t.Context(), app.System)

	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	code, body, _ := c.postFilesAs("/meetings/new", form(), "item.0.file", []apptest.EvidenceFile{{Name: "讲话.doc", Data: ole}})
	if code != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="i0-file"[^>]*aria-invalid="true"`).MatchString(body) ||
		!strings.Contains(body, "是旧版 Word（.doc）、WPS（.wps）或加了密码的文件") {
		t.Fatalf("a .doc: %d, want 422 with the reason beside the file field: %.2000s", code, body)
	}
	if after, _ := a.Meetings(t.Context(), app.System); len(after) != len(before) {
		t.Fatalf("a refused form recorded a meeting: %d → %d", len(before), len(after))
	}

	code, _, h := c.postFilesAs("/meetings/new", form(), "item.0.file", []apptest.EvidenceFile{{Name: "在暑期工作研讨会上的讲话.docx", Data: docx}})
	if code != http.StatusSeeOther {
		t.Fatalf("the meeting with a .docx: %d", code)
	}
	var id int64
	fmt.Sscanf(h.Get("Location"), "/meetings/%d", &id)
	m, err := a.Meeting(t.Context(), app.System, id)
	if err != nil || len(m.Items) != 1 {
		t.Fatalf("meeting %d: %v %+v", id, err, m)
	}
	it := m.Items[0]
	if it.Title != "在暑期工作研讨会上的讲话" || !strings.Contains(it.Text, "教务处要会同研究生院于10月底前修订培养方案") ||
		it.File == nil || it.File.Format != "docx" || it.File.Size != int64(len(docx)) {
		t.Errorf("the item read from the file: %q, %q, %+v", it.Title, it.Text, it.File)
	}
	_, page := c.get(fmt.Sprintf("/meetings/%d", id))
	link := fmt.Sprintf("/meetings/%d/items/%d/file", id, it.ID)
	if !strings.Contains(page, `href="`+link+`"`) || !strings.Contains(page, "原文件：") {
		t.Errorf("the meeting page does not link the original file %s", link)
	}
	code, got, hd := c.download(link)
	if code != http.StatusOK || !bytes.Equal(got, docx) || !strings.Contains(hd.Get("Content-Disposition"), "attachment") ||
		hd.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("download: %d, %d bytes (want %d), %v", code, len(got), len(docx), hd)
	}

	// Editing the meeting without a new file keeps the file; the drafts
	// are found in the text read from it.
	edit := form()
	edit.Set("item.0.id", fmt.Sprint(it.ID))
	edit.Set("item.0.title", it.Title)
	edit.Set("item.0.text", it.Text)
	if code, _, _ := c.postFilesAs(fmt.Sprintf("/meetings/%d/edit", id), edit, "item.0.file", nil); code != http.StatusSeeOther {
		t.Fatalf("edit: %d", code)
	}
	if m, _ := a.Meeting(t.Context(), app.System, id); m.Items[0].File == nil {
		t.Errorf("an edit without a file dropped the file")
	}
	res, err := a.Decompose(t.Context(), it.Text)
	if err != nil || len(res.Drafts) < 2 {
		t.Fatalf("drafts from the Word text: %v %+v", err, res)
	}
	for _, d := range res.Drafts {
		if it.Text[d.Start:d.End] != d.Text {
			t.Errorf("draft %d's offsets do not refer to the text read: %q", d.Seq, d.Text)
		}
	}
}
