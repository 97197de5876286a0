package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecomposeWord decomposes a Word document from the command line:
// the drafts' offsets refer to the text read from it, printed beside them
// as "source"; a legacy .doc is bad input (exit 2) with the remedy; a text
// file is still read byte for byte (its offsets are the file's).
func TestDecomposeWord(t *testing.T) {
	docx := filepath.Join("..", "..", "internal", "speechfile", "testdata", "libreoffice-speech.docx")
	code, out, stderr := runCLI("decompose", "--json", docx)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Drafts []struct {
			Text       string
			Start, End int
		}
		Source string
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Drafts) < 2 || !strings.Contains(res.Source, "各单位要在9月底前完成专题学习") {
		t.Fatalf("drafts %+v from %q", res.Drafts, res.Source)
	}
	for _, d := range res.Drafts {
		if res.Source[d.Start:d.End] != d.Text {
			t.Errorf("draft %q does not sit at %d-%d of the source", d.Text, d.Start, d.End)
		}
	}

	doc := filepath.Join(t.TempDir(), "讲话.doc")
	os.WriteFile(doc, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), 0o644)
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	if code, _, stderr := runCLI("decompose", doc); code != 2 || !strings.Contains(stderr, "save it as a Word document (.docx)") {
		t.Errorf("a .doc: exit %d, %q", code, stderr)
	}

	txt := filepath.Join(t.TempDir(), "speech.txt")
	os.WriteFile(txt, []byte("\ufeff要加强学科建设。\r\n各学院要在年底前完成评估。\r\n"), 0o644)
	code, out, _ = runCLI("decompose", "--json", txt)
	if code != 0 || strings.Contains(out, `"source"`) || !strings.Contains(out, `"start":3`) {
		t.Errorf("a text file: exit %d, %s", code, out)
	}
}
