package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Every .docx luoshi writes is laid out as GB/T 9704-2012 (党政机关公文格式)
// lays out official documents, so that an office prints it as it comes
// instead of retyping it into its own template. The figures below are the
// standard's, in twentieths of a point (twips; 1 mm ≈ 56.69 twips).
const (
	pageW = 11906 // A4, 210 mm
	pageH = 16838 // 297 mm
	// The type area (版心) is 156 × 225 mm, 37 mm from the top and 28 mm
	// from the left edge (天头 37 mm, 订口 28 mm).
	marginTop    = 2098
	marginLeft   = 1587
	marginRight  = pageW - marginLeft - typeW
	marginBottom = pageH - marginTop - typeH
	typeW        = 8845 // 156 mm
	typeH        = 12756
	// 22 lines of 28 characters of 3号 (16 pt) type: the line pitch is the
	// type area's height over 22, and the characters are set a quarter of
	// a point closer than their size (28 × 15.75 pt fit the 442 pt line).
	// A character grid would say the same to Word, but LibreOffice spreads
	// the characters over it: the spacing is set on the text instead.
	linePitch = 579
	charTight = "-5"
	// The page number's line sits 7 mm under the type area.
	footerDist = 1304
	// Red, as the standard prints the office's mark and the rule under it.
	red = "FF0000"
)

// The fonts the standard names, as Chinese offices have them installed.
// A machine without one substitutes: fontTable.xml names the common
// alternative (仿宋 for 仿宋_GB2312 …) and the generic family, so Word and
// WPS pick 仿宋/FangSong/STFangsong and LibreOffice a serif CJK face
// (Noto Serif CJK SC on Linux).
const (
	fontBody    = "仿宋_GB2312" // body text, 3号
	fontTitle   = "方正小标宋简体"   // the title and the office's mark
	fontHeading = "黑体"        // 一、 headings
	fontSub     = "楷体_GB2312" // （一） headings
	fontPageNo  = "宋体"        // page numbers, 4号
	fontLatin   = "Times New Roman"
)

// Head is what opens a document: the office's mark in red (发文机关标志),
// the document number under it with the red rule (发文字号), the title and
// the addressees (主送机关). Any may be empty: a compendium has a title
// only.
type Head struct {
	Mark   string // 北原大学党政办公室
	Number string // 北大办督〔2024〕3号
	Title  string
	Sub    []string // lines under the title: （2024年第3期）
	To     string   // 各学院、各部门：
}

// Closing is the record block at the document's end (版记): who gets
// copies (抄送), the office that prints it and the day it was printed,
// between rules.
type Closing struct {
	CopyTo []string
	Office string
	On     model.Date
}

// docxWriter appends WordprocessingML to a buffer, escaping text with
// encoding/xml.
type docxWriter struct {
	b   *bytes.Buffer
	err error
	// updateFields asks Word to update the fields on opening (a table of
	// contents' page numbers).
	updateFields bool
	bookmarks    int
}

// newDocx starts a document with its head.
func newDocx(h Head) *docxWriter {
	d := &docxWriter{b: &bytes.Buffer{}}
	d.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if h.Mark != "" {
		// The mark is centred 35 mm under the type area's top edge, as
		// large as fits one line, at most 2 cm type.
		size := min(80, 2*typeW/20/max(1, utf8.RuneCountInString(h.Mark)))
		d.raw(`<w:p><w:pPr><w:pStyle w:val="Mark"/></w:pPr><w:r><w:rPr><w:sz w:val="` + strconv.Itoa(size) + `"/></w:rPr>`)
		d.text(h.Mark)
		d.raw(`</w:r></w:p>`)
	}
	if h.Number != "" || h.Mark != "" {
		d.para("DocNo", h.Number, false)
	}
	if h.Title != "" {
		d.para("Title", h.Title, false)
	}
	for _, l := range h.Sub {
		d.para("Subtitle", l, false)
	}
	if h.To != "" {
		d.para("To", h.To, false)
	}
	return d
}

func (d *docxWriter) raw(s string) { d.b.WriteString(s) }

// text writes a run's text; a line break in it is a line break (w:br) on
// the page, where Word would show a space.
func (d *docxWriter) text(s string) {
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			d.raw(`<w:br/>`)
		}
		d.raw(`<w:t xml:space="preserve">`)
		if err := xml.EscapeText(d.b, []byte(line)); err != nil && d.err == nil {
			d.err = err
		}
		d.raw(`</w:t>`)
	}
}

// para writes a paragraph in a style ("" for body text, indented two
// characters), starting a new page when newPage.
func (d *docxWriter) para(style, s string, newPage bool) {
	d.raw(`<w:p>`)
	if style != "" || newPage {
		d.raw(`<w:pPr>`)
		if style != "" {
			d.raw(`<w:pStyle w:val="` + style + `"/>`)
		}
		if newPage {
			d.raw(`<w:pageBreakBefore/>`)
		}
		d.raw(`</w:pPr>`)
	}
	d.raw(`<w:r>`)
	d.text(s)
	d.raw(`</w:r></w:p>`)
}

// paraMarked is para with the paragraph's text inside a bookmark named
// name ("" for none), for a contents entry's PAGEREF to point at.
func (d *docxWriter) paraMarked(style, s string, newPage bool, name string) {
	if name == "" {
		d.para(style, s, newPage)
		return
	}
	d.bookmarks++
	id := strconv.Itoa(d.bookmarks)
	d.raw(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/>`)
	if newPage {
		d.raw(`<w:pageBreakBefore/>`)
	}
	d.raw(`</w:pPr><w:bookmarkStart w:id="` + id + `" w:name="` + name + `"/><w:r>`)
	d.text(s)
	d.raw(`</w:r><w:bookmarkEnd w:id="` + id + `"/></w:p>`)
}

// signature writes the office's name and, under it, the day it signs
// (发文机关署名, 成文日期) a line under the body, right-aligned; one
// paragraph kept whole, so the two never part across pages.
func (d *docxWriter) signature(office string, on model.Date) {
	d.raw(`<w:p><w:pPr><w:pStyle w:val="Signature"/></w:pPr><w:r>`)
	d.text(office)
	d.raw(`<w:br/>`)
	d.text(cnDate(on))
	d.raw(`</w:r></w:p>`)
}

// col is a table column: its width in twips and whether its text is kept
// on one line (codes, dates, figures and percentages never break).
type col struct {
	w    int
	keep bool
}

// table writes a table in equal columns filling the type area; the first
// row is the header.
func (d *docxWriter) table(rows [][]string) {
	n := 1
	if len(rows) > 0 {
		n = max(1, len(rows[0]))
	}
	cols := make([]col, n)
	for i := range cols {
		cols[i] = col{w: typeW / n}
	}
	d.tableCols(rows, cols)
}

// tableCols writes a bordered table filling the type area's width: kept
// columns get the width they ask for, the others share what is left in
// proportion to theirs (all are scaled down when the kept ones alone do
// not fit). The first row is the header, repeated on every page, and no
// row splits across pages.
func (d *docxWriter) tableCols(rows [][]string, cols []col) {
	kept, free := 0, 0
	for _, c := range cols {
		if c.keep {
			kept += c.w
		} else {
			free += c.w
		}
	}
	ws := make([]int, len(cols))
	left := typeW
	for i, c := range cols {
		switch {
		case kept+free == 0:
			ws[i] = typeW / len(cols)
		case kept > typeW || free == 0:
			ws[i] = c.w * typeW / (kept + free)
		case c.keep:
			ws[i] = c.w
		default:
			ws[i] = c.w * (typeW - kept) / free
		}
		left -= ws[i]
	}
	if len(ws) > 0 {
		ws[len(ws)-1] += left // what rounding left over
	}
	d.raw(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(typeW) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		d.raw(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	d.raw(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range ws {
		d.raw(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	d.raw(`</w:tblGrid>`)
	for i, row := range rows {
		d.raw(`<w:tr><w:trPr><w:cantSplit/>`)
		if i == 0 {
			d.raw(`<w:tblHeader/>`)
		}
		d.raw(`</w:trPr>`)
		for j, cell := range row {
			w, keep := typeW/max(1, len(row)), false
			if j < len(ws) {
				w, keep = ws[j], cols[j].keep
			}
			d.raw(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(w) + `" w:type="dxa"/>`)
			if keep {
				d.raw(`<w:noWrap/>`)
			}
			d.raw(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>`)
			if i == 0 || keep {
				d.raw(`<w:jc w:val="center"/>`)
			}
			d.raw(`</w:pPr><w:r>`)
			if i == 0 {
				d.raw(`<w:rPr><w:rFonts w:eastAsia="` + fontHeading + `"/></w:rPr>`)
			}
			d.text(cell)
			d.raw(`</w:r></w:p></w:tc>`)
		}
		d.raw(`</w:tr>`)
	}
	d.raw(`</w:tbl>`)
}

// finish writes the closing block, if any, ends the body with the page
// setup and writes the package: the document with its styles, fonts,
// settings, the odd and even pages' footers, content types and
// relationships, zipped.
func (d *docxWriter) finish(w io.Writer, c *Closing) error {
	if c != nil {
		d.closing(*c)
	}
	d.raw(`<w:sectPr>` +
		`<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>` +
		`<w:pgSz w:w="` + strconv.Itoa(pageW) + `" w:h="` + strconv.Itoa(pageH) + `"/>` +
		fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`,
			marginTop, marginRight, marginBottom, marginLeft, footerDist) +
		fmt.Sprintf(`<w:docGrid w:type="lines" w:linePitch="%d"/>`, linePitch) +
		`</w:sectPr>`)
	d.raw(`</w:body></w:document>`)
	if d.err != nil {
		return d.err
	}
	z := zip.NewWriter(w)
	for _, f := range []struct {
		name string
		body []byte
	}{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(packageRels)},
		{"word/_rels/document.xml.rels", []byte(documentRels)},
		{"word/styles.xml", []byte(styles)},
		{"word/fontTable.xml", []byte(fontTable)},
		{"word/settings.xml", []byte(d.settings())},
		{"word/footer1.xml", []byte(pageNumberFooter("right"))},
		{"word/footer2.xml", []byte(pageNumberFooter("left"))},
		{"word/document.xml", d.b.Bytes()},
	} {
		fw, err := z.Create(f.name)
		if err != nil {
			return fmt.Errorf("report: docx: %w", err)
		}
		if _, err := fw.Write(f.body); err != nil {
			return fmt.Errorf("report: docx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("report: docx: %w", err)
	}
	return nil
}

// closing writes the record block at the foot of the last page's type
// area, as the standard places it: 抄送 over a thin rule, then the
// printing office left and the printing day right, a thick rule above the
// first line and under the last. The block is a frame anchored to the
// type area's bottom, so the body flows above it.
func (d *docxWriter) closing(c Closing) {
	thick := `w:val="single" w:sz="8" w:space="1" w:color="000000"`
	thin := `w:val="single" w:sz="4" w:space="1" w:color="000000"`
	frame := `<w:framePr w:w="` + strconv.Itoa(typeW) + `" w:wrap="around" w:vAnchor="margin" w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>`
	if len(c.CopyTo) > 0 {
		d.raw(`<w:p><w:pPr><w:pStyle w:val="Closing"/>` + frame + `<w:pBdr><w:top ` + thick + `/><w:bottom ` + thin + `/></w:pBdr></w:pPr><w:r>`)
		d.text("抄送：" + strings.Join(c.CopyTo, "，") + "。")
		d.raw(`</w:r></w:p>`)
	}
	top := ""
	if len(c.CopyTo) == 0 {
		top = `<w:top ` + thick + `/>`
	}
	d.raw(`<w:p><w:pPr><w:pStyle w:val="Closing"/>` + frame + `<w:pBdr>` + top + `<w:bottom ` + thick + `/></w:pBdr>` +
		`<w:tabs><w:tab w:val="right" w:pos="` + strconv.Itoa(typeW-280) + `"/></w:tabs></w:pPr><w:r>`)
	d.text(c.Office)
	d.raw(`</w:r><w:r><w:tab/>`)
	d.text(cnDate(c.On) + "印发")
	d.raw(`</w:r></w:p>`)
}

// pageNumberFooter is a footer with the page number as "— 1 —" in 4号
// 宋体, one character in from the side: right on odd pages, left on even
// ones.
func pageNumberFooter(side string) string {
	ind := `w:right="280"`
	if side == "left" {
		ind = `w:left="280"`
	}
	rpr := `<w:rPr><w:rFonts w:ascii="` + fontPageNo + `" w:hAnsi="` + fontPageNo + `" w:eastAsia="` + fontPageNo + `"/><w:sz w:val="28"/></w:rPr>`
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:ind ` + ind + `/><w:jc w:val="` + side + `"/></w:pPr>` +
		`<w:r>` + rpr + `<w:t xml:space="preserve">— </w:t></w:r>` +
		`<w:r>` + rpr + `<w:fldChar w:fldCharType="begin"/></w:r><w:r>` + rpr + `<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r>` + rpr + `<w:fldChar w:fldCharType="separate"/></w:r><w:r>` + rpr + `<w:t>1</w:t></w:r><w:r>` + rpr + `<w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r>` + rpr + `<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
</Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>
</Relationships>`

// settings turns on separate odd and even footers (page numbers right,
// then left).
const settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="640"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>`

// settings are the document's settings; with updateFields, Word updates
// the fields (the contents' page numbers) as it opens the document.
func (d *docxWriter) settings() string {
	if !d.updateFields {
		return settings
	}
	return strings.Replace(settings, `</w:settings>`, `<w:updateFields w:val="true"/></w:settings>`, 1)
}

// fontTable names, for each font the styles use, the font a machine
// without it should take and the family it belongs to.
const fontTable = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="` + fontBody + `"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="` + fontTitle + `"><w:altName w:val="华文中宋"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="` + fontHeading + `"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="` + fontSub + `"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="` + fontPageNo + `"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="` + fontLatin + `"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
</w:fonts>`

// styles: body text in 3号 仿宋 on the 22-line grid, the title in 2号
// 小标宋, headings 一、 in 黑体 and （一） in 楷体, the red mark and the
// number with the red rule, tables in 五号 so that eight columns fit.
const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:eastAsia="` + fontBody + `" w:cs="` + fontLatin + `"/><w:spacing w:val="` + charTight + `"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/><w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:overflowPunct w:val="0"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Mark"><w:name w:val="发文机关标志"/><w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="1984" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="` + fontTitle + `" w:hAnsi="` + fontTitle + `" w:eastAsia="` + fontTitle + `"/><w:color w:val="` + red + `"/><w:w w:val="90"/><w:sz w:val="80"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="DocNo"><w:name w:val="发文字号"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="` + red + `"/></w:pBdr><w:spacing w:before="1158" w:after="0"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="1158" w:after="0" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="` + fontTitle + `" w:hAnsi="` + fontTitle + `" w:eastAsia="` + fontTitle + `"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="` + fontSub + `"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="To"><w:name w:val="主送机关"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="579"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="` + fontHeading + `" w:hAnsi="` + fontHeading + `" w:eastAsia="` + fontHeading + `"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:rFonts w:eastAsia="` + fontSub + `"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="表格文字"/><w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="300" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="发文机关署名"/><w:basedOn w:val="Normal"/><w:pPr><w:keepLines/><w:spacing w:before="579"/><w:ind w:firstLineChars="0" w:firstLine="0" w:right="320"/><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Closing"><w:name w:val="版记"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:keepLines/><w:snapToGrid w:val="0"/><w:spacing w:line="440" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0" w:left="280" w:right="280"/></w:pPr><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
</w:styles>`
