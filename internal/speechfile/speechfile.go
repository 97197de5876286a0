// Package speechfile reads the text of a speech as it reaches the office:
// a Word document (.docx) or a plain text file, in whichever encoding a
// Chinese Windows machine saved it. The text comes out in reading order,
// so that the decomposer's offsets refer to it and an office reading the
// text beside the drafts reads what the speaker wrote.
package speechfile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Limits keep a hostile or broken file from taking the server's memory: a
// speech is a few dozen pages.
const (
	// MaxFile is the largest upload read.
	MaxFile = 10 << 20
	// maxXML is the most a .docx's text parts may unpack to.
	maxXML = 50 << 20
	// MaxText is the most text a speech may hold (the decomposer's limit).
	MaxText = 1 << 20
)

// The formats a speech may come in.
const (
	Docx = "docx"
	Text = "txt"
)

// Read returns the text of a speech file named name. The field named in
// its errors is "file".
func Read(name string, b []byte) (text, format string, err error) {
	if len(b) > MaxFile {
		return "", "", model.Invalid("file", "is larger than %d MB", MaxFile>>20)
	}
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case bytes.HasPrefix(b, oleMagic):
		// Word 97–2003, WPS's own format and every password-protected
		// Office file are OLE compound files.
		return "", "", model.Invalid("file", "is a legacy Word (.doc), WPS (.wps) or password-protected file; open it and save it as a Word document (.docx) without a password")
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		text, err = readDocx(b)
		format = Docx
	case ext == ".docx" || ext == ".doc" || ext == ".wps" || ext == ".pdf" || ext == ".rtf":
		return "", "", model.Invalid("file", "is not a readable Word document; save it as a Word document (.docx) and upload it again")
	default:
		text, err = decodeText(b)
		format = Text
	}
	if err != nil {
		return "", "", err
	}
	if len(text) > MaxText {
		return "", "", model.Invalid("file", "holds more than %d KB of text; upload the speech alone", MaxText>>10)
	}
	if strings.TrimSpace(text) == "" {
		return "", "", model.Invalid("file", "holds no text")
	}
	return text, format, nil
}

// IsWord reports whether b is a Word file of any kind (a .docx, or the
// compound file of a .doc, .wps or password-protected document) rather
// than text, by its first bytes.
func IsWord(b []byte) bool {
	return bytes.HasPrefix(b, oleMagic) || bytes.HasPrefix(b, []byte("PK\x03\x04"))
}

// oleMagic opens every OLE compound file.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// decodeText reads a text file: UTF-8 (with or without its mark), UTF-16
// with its mark (Notepad's "Unicode"), else GB18030 (which covers GBK and
// GB2312), as Chinese Windows saves text. Line ends become \n.
func decodeText(b []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		s = string(b[3:])
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		s = fromUTF16(b[2:], b[0] == 0xFE)
	case utf8.Valid(b):
		s = string(b)
	default:
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil || !utf8.Valid(d) {
			return "", model.Invalid("file", "is neither UTF-8 nor GB18030 text; save it as UTF-8 text or a Word document (.docx)")
		}
		s = string(d)
	}
	if p := model.TextProblem(s); p != "" {
		return "", model.Invalid("file", "%s", p)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), nil
}

// fromUTF16 decodes UTF-16 text, big-endian when be.
func fromUTF16(b []byte, be bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if be {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// notDocx is the error for a zip that is no Word document.
var notDocx = model.Invalid("file", "is not a readable Word document; save it as a Word document (.docx) and upload it again")

// readDocx reads a Word document's body: paragraphs in order, each on its
// own line, list items with the numbers Word shows for them, table rows as
// lines with their cells separated by a tab. Footnotes, endnotes,
// comments, headers and footers, deleted text and field codes are left
// out.
func readDocx(b []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", notDocx
	}
	var total uint64
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		total += f.UncompressedSize64
		parts[f.Name] = f
	}
	if total > maxXML*4 {
		return "", model.Invalid("file", "unpacks to more than %d MB; upload the speech alone", maxXML*4>>20)
	}
	if parts["[Content_Types].xml"] != nil && parts["EncryptedPackage"] != nil {
		return "", model.Invalid("file", "is a legacy Word (.doc), WPS (.wps) or password-protected file; open it and save it as a Word document (.docx) without a password")
	}
	doc := parts["word/document.xml"]
	if doc == nil {
		return "", notDocx
	}
	var num *numbering
	if f := parts["word/numbering.xml"]; f != nil {
		body, err := readPart(f)
		if err != nil {
			return "", err
		}
		num = readNumbering(body)
	}
	body, err := readPart(doc)
	if err != nil {
		return "", err
	}
	return bodyText(body, num)
}

// readPart unpacks a part, refusing one larger than maxXML.
func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, notDocx
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxXML+1))
	if err != nil {
		return nil, notDocx
	}
	if len(b) > maxXML {
		return nil, model.Invalid("file", "unpacks to more than %d MB; upload the speech alone", maxXML>>20)
	}
	return b, nil
}

// wordNS is WordprocessingML's namespace; elements of other namespaces
// (drawings, markup compatibility) are walked through for the text they
// hold, but only w: elements say what the text is.
const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// mcNS is markup compatibility: of an mc:AlternateContent, the fallback
// repeats the choice's text for older readers, and is skipped.
const mcNS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

// bodyText walks document.xml once, writing the text of the body in order.
func bodyText(body []byte, num *numbering) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var (
		out        strings.Builder
		para       strings.Builder
		inText     bool
		skip       int // depth inside an element whose text is left out
		numID, lvl string
		inNumPr    bool
		cells      []string
		tableDepth int
	)
	endPara := func() {
		line := para.String()
		if numID != "" && num != nil {
			line = num.next(numID, lvl) + line
		}
		para.Reset()
		numID, lvl = "", ""
		if tableDepth > 0 {
			if len(cells) > 0 && cells[len(cells)-1] != "" && line != "" {
				cells[len(cells)-1] += "\n"
			}
			if len(cells) > 0 {
				cells[len(cells)-1] += line
			}
			return
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", notDocx
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Space == mcNS && t.Name.Local == "Fallback" {
				skip = 1
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "del", "instrText", "delText", "footnoteReference", "endnoteReference", "commentReference":
				skip = 1
			case "t":
				inText = true
			case "tab":
				if !inNumPr {
					para.WriteByte('\t')
				}
			case "br", "cr":
				para.WriteByte('\n')
			case "numPr":
				inNumPr = true
			case "numId":
				if inNumPr {
					numID = attr(t, "val")
				}
			case "ilvl":
				if inNumPr {
					lvl = attr(t, "val")
				}
			case "tbl":
				tableDepth++
			case "tc":
				if tableDepth == 1 {
					cells = append(cells, "")
				}
			case "tr":
				if tableDepth == 1 {
					cells = cells[:0]
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "numPr":
				inNumPr = false
			case "p":
				endPara()
			case "tr":
				if tableDepth == 1 {
					out.WriteString(strings.Join(cells, "\t"))
					out.WriteByte('\n')
				}
			case "tbl":
				tableDepth--
			}
		case xml.CharData:
			if inText && skip == 0 {
				para.Write(t)
			}
		}
		if out.Len()+para.Len() > MaxText*4 {
			return "", model.Invalid("file", "holds more than %d KB of text; upload the speech alone", MaxText>>10)
		}
	}
	return strings.TrimRight(out.String(), "\n") + "\n", nil
}

// attr returns the value of a w: attribute.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// numbering is what numbering.xml says of lists: for each list (numId),
// its levels' formats, and the counters as the walk goes.
type numbering struct {
	abstract map[string]map[string]level // abstractNumId → ilvl → level
	nums     map[string]string           // numId → abstractNumId
	counters map[string][]int            // abstractNumId → counter per level
}

// level is one level of a list: how its numbers are written ("%1、",
// "（%1）") in which numerals, from which start.
type level struct {
	format, text string
	start        int
}

// readNumbering reads numbering.xml; a broken one numbers nothing.
func readNumbering(b []byte) *numbering {
	n := &numbering{abstract: map[string]map[string]level{}, nums: map[string]string{}, counters: map[string][]int{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var abs, num, ilvl string
	var cur level
	for {
		tok, err := dec.Token()
		if err != nil {
			return n
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				abs = attr(t, "abstractNumId")
				n.abstract[abs] = map[string]level{}
			case "lvl":
				ilvl, cur = attr(t, "ilvl"), level{start: 1}
			case "start":
				fmt.Sscan(attr(t, "val"), &cur.start)
			case "numFmt":
				cur.format = attr(t, "val")
			case "lvlText":
				cur.text = attr(t, "val")
			case "num":
				num = attr(t, "numId")
			case "abstractNumId":
				if num != "" {
					n.nums[num] = attr(t, "val")
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "lvl":
				if m := n.abstract[abs]; m != nil {
					m[ilvl] = cur
				}
			case "num":
				num = ""
			}
		}
	}
}

// next counts a list item at a level and returns its number as Word
// shows it ("一、", "（二）", "3."), followed by nothing: the numbers of
// Chinese documents carry their own punctuation. Deeper levels restart.
func (n *numbering) next(numID, ilvl string) string {
	abs, ok := n.nums[numID]
	if !ok || numID == "0" {
		return ""
	}
	levels := n.abstract[abs]
	depth := 0
	fmt.Sscan(ilvl, &depth)
	if depth < 0 || depth > 8 {
		return ""
	}
	c := n.counters[abs]
	for len(c) <= depth {
		c = append(c, 0)
	}
	if c[depth] == 0 {
		c[depth] = levels[ilvl].start
	} else {
		c[depth]++
	}
	for i := depth + 1; i < len(c); i++ {
		c[i] = 0
	}
	n.counters[abs] = c
	lv := levels[ilvl]
	if lv.format == "bullet" || lv.format == "none" {
		return ""
	}
	text := lv.text
	for i := 0; i <= depth; i++ {
		ph := fmt.Sprintf("%%%d", i+1)
		if !strings.Contains(text, ph) {
			continue
		}
		v := c[i]
		if v == 0 {
			v = levels[fmt.Sprint(i)].start
		}
		text = strings.ReplaceAll(text, ph, numeral(levels[fmt.Sprint(i)].format, v))
	}
	if text != "" && !strings.ContainsAny(text[len(text)-1:], " \t") && !endsInPunct(text) {
		text += " "
	}
	return text
}

// endsInPunct reports a number that ends in its own punctuation (一、 （一）
// 1.), after which the text follows directly.
func endsInPunct(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("、）).．:：", r)
}

// numeral writes n in one of Word's number formats.
func numeral(format string, n int) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional", "taiwaneseCounting":
		if format == "chineseLegalSimplified" {
			return legalChinese(n)
		}
		return model.ChineseNumber(n)
	case "lowerLetter":
		return letters(n, 'a')
	case "upperLetter":
		return letters(n, 'A')
	case "lowerRoman":
		return strings.ToLower(roman(n))
	case "upperRoman":
		return roman(n)
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	}
	return fmt.Sprint(n)
}

// legalChinese writes n in the capital numerals of contracts (壹贰叁).
func legalChinese(n int) string {
	lower := []rune("一二三四五六七八九十百千")
	upper := []rune("壹贰叁肆伍陆柒捌玖拾佰仟")
	s := []rune(model.ChineseNumber(n))
	for i, r := range s {
		for j, l := range lower {
			if r == l {
				s[i] = upper[j]
			}
		}
	}
	return string(s)
}

// letters writes 1 as a, 27 as aa, as Word does.
func letters(n int, base rune) string {
	if n <= 0 {
		return fmt.Sprint(n)
	}
	return strings.Repeat(string(base+rune((n-1)%26)), (n-1)/26+1)
}

// roman writes 1–3999 in Roman numerals.
func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return fmt.Sprint(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
