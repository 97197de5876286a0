package model

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on evidence, in one place: the web form, the API and app all read
// them from here.
const (
	// MaxEvidenceSize is the largest file a progress report may carry: a
	// scanned certificate or a signed contract as PDF fits many times over.
	MaxEvidenceSize = 10 << 20
	// MaxEvidenceFiles is how many files one progress report may carry.
	MaxEvidenceFiles = 5
	// MaxEvidenceRequest bounds the body of one upload request before it is
	// parsed: every file at its largest plus room for the form's fields and
	// the multipart framing.
	MaxEvidenceRequest = MaxEvidenceFiles*MaxEvidenceSize + 1<<20
	// MaxEvidenceName is how many characters of a file name are kept.
	MaxEvidenceName = 100
)

// Evidence is a file attached to a progress report (佐证材料): a scan, a
// photo, a document. Its type is decided from its content, never from what
// the uploader's browser claimed, and it is kept in the database so every
// server sharing that database can serve it.
type Evidence struct {
	ID        int64     `json:"id"`
	Report    int64     `json:"report"`
	Measure   string    `json:"measure"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
	// Data is the file's content; it is never part of an audit event.
	Data []byte `json:"-"`
}

// evidenceKind is one allowed kind of file: the extensions it may carry and
// the media type it is stored and served with.
type evidenceKind struct {
	label string // what the file must be, in messages
	exts  []string
	typ   string
}

// evidenceKinds are the allowed kinds, by the name Validate gives them.
var evidenceKinds = map[string]evidenceKind{
	"pdf":  {"a PDF document", []string{".pdf"}, "application/pdf"},
	"jpeg": {"a JPEG image", []string{".jpg", ".jpeg"}, "image/jpeg"},
	"png":  {"a PNG image", []string{".png"}, "image/png"},
	"gif":  {"a GIF image", []string{".gif"}, "image/gif"},
	"docx": {"a Word document (.docx)", []string{".docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	"xlsx": {"an Excel workbook (.xlsx)", []string{".xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	"pptx": {"a PowerPoint presentation (.pptx)", []string{".pptx"}, "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	"doc":  {"a Word 97–2003 document (.doc)", []string{".doc"}, "application/msword"},
	"xls":  {"an Excel 97–2003 workbook (.xls)", []string{".xls"}, "application/vnd.ms-excel"},
	"txt":  {"a plain text file", []string{".txt"}, "text/plain"},
}

// EvidenceExtensions lists the allowed extensions, for the form's accept
// attribute and for messages.
func EvidenceExtensions() []string {
	return []string{".pdf", ".jpg", ".jpeg", ".png", ".gif", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".txt"}
}

// kindOfExt returns the kind an extension names, or "".
func kindOfExt(ext string) string {
	for name, k := range evidenceKinds {
		for _, e := range k.exts {
			if e == ext {
				return name
			}
		}
	}
	return ""
}

// CleanFileName makes an uploaded file's name safe to store and to offer
// back in a download: a bare name (a path is refused, not trimmed, since a
// client that sends one is not a browser), no control or bidirectional
// formatting characters (which can make "exe.pdf" read as "fdp.exe"), none
// of the characters Windows forbids, at most MaxEvidenceName characters
// with the extension kept.
func CleanFileName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", Reasonf("the file name is not valid UTF-8")
	}
	if strings.TrimSpace(name) == "" {
		return "", Reasonf("a file has no name")
	}
	if strings.ContainsAny(name, `/\`) {
		return "", Reasonf("the file name %q contains a path; send the file's own name only", name)
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r), r == '\uFEFF':
			// dropped
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	clean := strings.TrimSpace(b.String())
	clean = strings.TrimRight(clean, ". ") // Windows drops trailing dots and spaces
	ext := strings.ToLower(path.Ext(clean))
	stem := strings.TrimSpace(strings.TrimSuffix(clean, path.Ext(clean)))
	if stem == "" || strings.HasPrefix(clean, ".") {
		return "", Reasonf("the file name %q has no name before its extension", name)
	}
	if r := []rune(stem); len(r)+utf8.RuneCountInString(ext) > MaxEvidenceName {
		keep := max(1, MaxEvidenceName-utf8.RuneCountInString(ext))
		stem = strings.TrimSpace(string(r[:min(len(r), keep)]))
	}
	return stem + path.Ext(clean), nil
}

// Validate checks an uploaded file before it is stored: a clean name (see
// CleanFileName), content of at most MaxEvidenceSize bytes, and content
// that is one of the allowed kinds — decided from its magic bytes, and
// agreeing with the name's extension. It fills in Name, Type, Size and
// SHA256. Errors name the field and the file.
func (e *Evidence) Validate(field string) error {
	name, err := CleanFileName(e.Name)
	if err != nil {
		return Invalid(field, "%v", err)
	}
	if len(e.Data) == 0 {
		return Invalid(field, "%s is empty", name)
	}
	if len(e.Data) > MaxEvidenceSize {
		return Invalid(field, "%s is larger than %d MB", name, MaxEvidenceSize>>20)
	}
	ext := strings.ToLower(path.Ext(name))
	want := kindOfExt(ext)
	if want == "" && ext == "" {
		return Invalid(field, "%s: files without an extension are not accepted; send %s", name, strings.Join(EvidenceExtensions(), " "))
	}
	if want == "" {
		return Invalid(field, "%s: files of type %s are not accepted; send %s", name, ext, strings.Join(EvidenceExtensions(), " "))
	}
	got, detail := sniffEvidence(e.Data)
	if got != want {
		return Invalid(field, "%s: the name says %s, but the content is %s", name, evidenceKinds[want].label, detail)
	}
	e.Name, e.Size = name, int64(len(e.Data))
	e.Type = evidenceKinds[got].typ
	if got == "txt" {
		e.Type = textType(e.Data)
	}
	sum := sha256.Sum256(e.Data)
	e.SHA256 = hex.EncodeToString(sum[:])
	return nil
}

// oleMagic starts every OLE compound file (.doc, .xls, .ppt, .msi…).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniffEvidence decides what b is from its content: the name of an allowed
// kind, or "" and what it seems to be instead, for the message.
func sniffEvidence(b []byte) (kind, detail string) {
	sniffed := http.DetectContentType(b)
	mediaType, _, _ := strings.Cut(sniffed, ";")
	switch mediaType {
	case "application/pdf":
		return "pdf", "a PDF document"
	case "image/jpeg":
		return "jpeg", "a JPEG image"
	case "image/png":
		return "png", "a PNG image"
	case "image/gif":
		return "gif", "a GIF image"
	case "application/zip":
		return sniffOOXML(b)
	case "text/plain":
		if strings.Contains(sniffed, "utf-16") {
			return "txt", "plain text" // a byte-order mark says so
		}
		if !plainText(b) {
			return "", "binary data"
		}
		return "txt", "plain text"
	}
	if bytes.HasPrefix(b, oleMagic) {
		return sniffOLE(b)
	}
	if mediaType == "application/octet-stream" {
		if bytes.HasPrefix(b, []byte("MZ")) {
			return "", "a Windows program"
		}
		return "", "binary data of no accepted type"
	}
	return "", mediaType
}

// sniffOOXML tells a Word, Excel or PowerPoint file (a ZIP holding
// [Content_Types].xml and the part its kind starts from) from any other
// ZIP. Macro-enabled documents, which carry a vbaProject.bin, are refused:
// their extensions (.docm…) are not accepted, and a renamed one is no
// better.
func sniffOOXML(b []byte) (kind, detail string) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", "a damaged ZIP archive"
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		if strings.HasSuffix(strings.ToLower(f.Name), "vbaproject.bin") {
			return "", "an Office document with macros"
		}
	}
	if !names["[Content_Types].xml"] {
		return "", "a ZIP archive"
	}
	switch {
	case names["word/document.xml"]:
		return "docx", "a Word document (.docx)"
	case names["xl/workbook.xml"]:
		return "xlsx", "an Excel workbook (.xlsx)"
	case names["ppt/presentation.xml"]:
		return "pptx", "a PowerPoint presentation (.pptx)"
	}
	return "", "an Office Open XML package of another kind"
}

// sniffOLE tells a Word 97–2003 document from an Excel 97–2003 workbook by
// the name of the stream that holds it, which the compound file's directory
// keeps in UTF-16LE.
func sniffOLE(b []byte) (kind, detail string) {
	utf16 := func(s string) []byte {
		out := make([]byte, 0, 2*len(s))
		for i := 0; i < len(s); i++ {
			out = append(out, s[i], 0)
		}
		return out
	}
	switch {
	case bytes.Contains(b, utf16("WordDocument")):
		return "doc", "a Word 97–2003 document (.doc)"
	case bytes.Contains(b, utf16("Workbook")), bytes.Contains(b, utf16("Book\x00")):
		return "xls", "an Excel 97–2003 workbook (.xls)"
	}
	return "", "an OLE compound file of another kind"
}

// textType is a text file's media type with its charset when the content
// says which: a byte-order mark, or valid UTF-8. Text in GBK, which many
// offices still save, gets none, and the reader's program guesses.
func textType(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "text/plain; charset=utf-16be"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "text/plain; charset=utf-16le"
	case utf8.Valid(b):
		return "text/plain; charset=utf-8"
	}
	return "text/plain"
}

// plainText reports whether b reads as text throughout (DetectContentType
// looks at the first 512 bytes only): no bytes that only binary files hold.
func plainText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b {
			return false
		}
	}
	return true
}
