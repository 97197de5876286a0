package speechfile

import (
	"archive/zip"
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// docx zips parts into a Word package.
func docx(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml", "word/numbering.xml", "EncryptedPackage"} {
		body, ok := parts[name]
		if !ok {
			continue
		}
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	z.Close()
	return buf.Bytes()
}

const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// numberingXML is a list as Chinese offices number it: 一、 at the first
// level, （一） at the second, 1. at the third.
const numberingXML = `<w:numbering ` + w + `>
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>`

func item(lvl, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

// TestWordDocument reads a document as Word writes one: numbered lists
// with their numbers (restarting under a new parent), runs joined, tabs
// and breaks kept, a table as rows of tab-separated cells, and footnote
// marks, deleted text, field codes and the markup-compatibility fallback
// left out.
func TestWordDocument(t *testing.T) {
	body := `<w:document ` + w + `><w:body>
<w:p><w:r><w:t>同志们：</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">下面，我讲</w:t></w:r><w:r><w:t>三点意见。</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>` +
		item("0", "统一思想。") + item("1", "提高站位。") + item("1", "压实责任。") + item("2", "教务处要在10月底前完成。") +
		item("0", "狠抓落实。") + item("1", "各单位要") +
		`<w:p><w:r><w:t>删去</w:t></w:r><w:del><w:r><w:delText>旧的</w:delText></w:r></w:del><w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:r><w:tab/><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>页码</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>文本框</w:t></mc:Choice><mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>修订方案</w:t></w:r></w:p><w:p><w:r><w:t>分两步</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>完。</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>`
	got, format, err := Read("讲话.docx", docx(t, map[string]string{"word/document.xml": body, "word/numbering.xml": numberingXML}))
	if err != nil || format != Docx {
		t.Fatalf("Read: %q, %v", format, err)
	}
	want := "同志们：\n下面，我讲三点意见。\n一、统一思想。\n（一）提高站位。\n（二）压实责任。\n1.教务处要在10月底前完成。\n" +
		"二、狠抓落实。\n（一）各单位要\n删去新增\t甲\n乙\n页码\n文本框\n序号\t任务\n1\t修订方案\n分两步\n完。\n"
	if got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

// TestLibreOfficeDocument reads a .docx LibreOffice wrote from a web
// page: a heading, a numbered list, a table and a footnote mark.
func TestLibreOfficeDocument(t *testing.T) {
	b, err := os.ReadFile("testdata/libreoffice-speech.docx")
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Read("speech.docx", b)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"在2024年暑期工作研讨会上的讲话\n", "同志们：\n", "\n1.\t\t要统一思想，提高站位。各单位要在9月底前完成专题学习。",
		"\n2.\t\t要突出重点，狠抓落实。教务处要会同研究生院于10月底前修订培养方案。", "序号\t任务\t牵头单位\n1\t修订培养方案\t教务处\n", "最后，希望大家真抓实干。"} {
		if !strings.Contains(got, want) {
			t.Errorf("text lacks %q:\n%s", want, got)
		}
	}
}

// TestTextFiles reads text as Chinese machines save it: UTF-8 with and
// without its mark, UTF-16 either way round, and GBK; line ends become \n.
func TestTextFiles(t *testing.T) {
	const speech = "要加强学科建设。\r\n各学院要在年底前完成评估。\r\n"
	const want = "要加强学科建设。\n各学院要在年底前完成评估。\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(speech)
	if err != nil {
		t.Fatal(err)
	}
	le := []byte{0xFF, 0xFE}
	be := []byte{0xFE, 0xFF}
	for _, r := range speech {
		le = append(le, byte(r), byte(r>>8))
		be = append(be, byte(r>>8), byte(r))
	}
	for name, b := range map[string][]byte{
		"utf8": []byte(speech), "utf8 with its mark": append([]byte{0xEF, 0xBB, 0xBF}, speech...),
		"gbk": []byte(gbk), "utf16le": le, "utf16be": be,
	} {
		got, format, err := Read("讲话.txt", b)
		if err != nil || format != Text || got != want {
			t.Errorf("%s: %q, %q, %v", name, got, format, err)
		}
	}
}

// TestRefused: legacy Word, WPS and encrypted files, a zip that is no
// Word document, a .docx that is no zip, a file too large, an empty one,
// and one that unpacks too far are refused with the reason, naming the
// field "file".
func TestRefused(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	bomb := docx(t, map[string]string{"word/document.xml": `<w:document ` + w + `><w:body><w:p><w:r><w:t>` + strings.Repeat("要", maxXML/3+10) + `</w:t></w:r></w:p></w:body></w:document>`})
	for name, c := range map[string]struct {
		file string
		b    []byte
		want string
	}{
		"doc":            {"讲话.doc", ole, "legacy Word"},
		"wps":            {"讲话.wps", ole, "legacy Word"},
		"encrypted docx": {"讲话.docx", ole, "password-protected"},
		"encrypted zip":  {"讲话.docx", docx(t, map[string]string{"[Content_Types].xml": "<Types/>", "EncryptedPackage": "x"}), "password-protected"},
		"zip, no word":   {"讲话.docx", docx(t, map[string]string{"[Content_Types].xml": "<Types/>"}), "not a readable Word document"},
		"docx, no zip":   {"讲话.docx", []byte("plain text named .docx"), "not a readable Word document"},
		"pdf":            {"讲话.pdf", []byte("%PDF-1.7"), "not a readable Word document"},
		"broken xml":     {"讲话.docx", docx(t, map[string]string{"word/document.xml": "<w:document " + w + "><w:body><w:p>"}), "not a readable Word document"},
		"too large":      {"讲话.txt", make([]byte, MaxFile+1), "larger than 10 MB"},
		"empty":          {"讲话.txt", []byte(" \n\t"), "holds no text"},
		"nul":            {"讲话.txt", []byte("要\x00"), "NUL"},
		"unpacks far":    {"讲话.docx", bomb, "unpacks to more than"},
	} {
		_, _, err := Read(c.file, c.b)
		e := model.ErrorOf(err)
		if e == nil || e.Code != model.EINVALID || e.Field != "file" || !strings.Contains(e.Message, c.want) {
			t.Errorf("%s: %v, want an invalid file saying %q", name, err, c.want)
		}
	}
}

func TestChineseNumbers(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 101: "一百零一", 110: "一百一十", 1005: "一千零五"} {
		if got := model.ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
	if got := legalChinese(12); got != "拾贰" {
		t.Errorf("legalChinese(12) = %q", got)
	}
	if got := numeral("lowerLetter", 28); got != "bb" {
		t.Errorf("lowerLetter 28 = %q", got)
	}
	if got := numeral("upperRoman", 14); got != "XIV" {
		t.Errorf("upperRoman 14 = %q", got)
	}
}

// FuzzRead feeds arbitrary bytes, and arbitrary document bodies in a
// well-formed package: Read never panics, and what it returns is valid
// UTF-8 text without NUL, within the limit.
func FuzzRead(f *testing.F) {
	lo, _ := os.ReadFile("testdata/libreoffice-speech.docx")
	f.Add(lo, "")
	f.Add([]byte("要加强学科建设。"), "")
	f.Add([]byte{0xFF, 0xFE, 0x01}, "")
	f.Add([]byte(nil), `<w:document `+w+`><w:body>`+item("0", "统一思想")+`</w:body></w:document>`)
	f.Fuzz(func(t *testing.T, b []byte, body string) {
		name := "speech.txt"
		if body != "" {
			b, name = docx(t, map[string]string{"word/document.xml": body, "word/numbering.xml": numberingXML}), "speech.docx"
		}
		text, _, err := Read(name, b)
		if err != nil {
			return
		}
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 || len(text) > MaxText {
			t.Errorf("Read returned unfit text %q", text)
		}
	})
}
