package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// WriteDocx writes the compendium as a minimal WordprocessingML package
// (Word and WPS open it): a title, a contents list of the units, then each
// unit's report on a new page with its figures as a table and its sections
// as headings and paragraphs, one per line the unit wrote.
func WriteDocx(w io.Writer, c Compendium) error {
	d := newDocx()
	d.para("Title", c.Title, false)
	d.para("Heading1", c.t("ureport.contents"), false)
	for i, e := range c.Entries {
		d.para("", fmt.Sprintf("%d. %s", i+1, c.unitName(e.Unit)), false)
	}
	if len(c.Entries) == 0 {
		d.para("", c.t("ureport.compendium_empty"), false)
	}
	period := PeriodName(c.lang(), c.Period)
	for _, e := range c.Entries {
		r := e.Report
		d.para("Heading1", c.t("ureport.of", c.unitName(e.Unit), period), true)
		d.para("", c.t("ureport.doc_status", Word(c.lang(), "ureport_state", r.State), c.submittedText(r), c.date(r.Figures.AsOf)), false)
		d.para("Heading2", c.t("ureport.figures"), false)
		rows := [][]string{{c.t("ureport.figure_item"), c.t("ureport.figure_count")}}
		for _, f := range figureRows {
			rows = append(rows, []string{c.t(f.Key), strconv.Itoa(f.N(r.Figures.Measures))})
		}
		d.table(rows)
		if len(r.Figures.Measures.Overdue) > 0 {
			d.para("", c.t("history.field_is", c.t("ureport.overdue_list")), false)
			for _, o := range r.Figures.Measures.Overdue {
				d.para("", c.t("ureport.overdue_item", o.Code, o.Title, c.date(o.Due), o.Progress), false)
			}
		}
		if len(r.Figures.Indicators) > 0 {
			rows := [][]string{{c.t("ureport.indicator_name"), c.t("ureport.target"), c.t("ureport.actual"), c.t("ureport.judgement")}}
			for _, in := range r.Figures.Indicators {
				rows = append(rows, []string{in.Name, withUnit(in.Target, in.Unit), withUnit(in.Actual, in.Unit), Word(c.lang(), "judgement", in.Judgement)})
			}
			d.para("Heading2", c.t("ureport.indicators"), false)
			d.table(rows)
		}
		for _, s := range c.sectionTitles() {
			d.para("Heading2", s.Title, false)
			for _, l := range lines(r.Section(s.Field)) {
				d.para("", l, false)
			}
		}
	}
	return d.finish(w)
}

// withUnit is a value with its measurement unit ("" when there is none).
func withUnit(v *float64, unit string) string {
	if v == nil {
		return ""
	}
	return num(v) + unit
}

// newDocx starts a document: the XML declaration and the body.
func newDocx() *docxWriter {
	d := &docxWriter{b: &bytes.Buffer{}}
	d.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	return d
}

// finish ends the body with an A4 page setup and writes the package: the
// document with its styles, content types and relationships, zipped.
func (d *docxWriter) finish(w io.Writer) error {
	d.raw(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`)
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

func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// docxWriter appends WordprocessingML to a buffer, escaping text with
// encoding/xml.
type docxWriter struct {
	b   *bytes.Buffer
	err error
}

func (d *docxWriter) raw(s string) { d.b.WriteString(s) }

func (d *docxWriter) text(s string) {
	d.raw(`<w:t xml:space="preserve">`)
	if err := xml.EscapeText(d.b, []byte(s)); err != nil && d.err == nil {
		d.err = err
	}
	d.raw(`</w:t>`)
}

// para writes a paragraph in a style ("" for body text), starting a new
// page when newPage.
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

// table writes a bordered table; the first row is the header.
func (d *docxWriter) table(rows [][]string) { d.tableW(rows, nil) }

// tableW writes a bordered table with column widths in twentieths of a
// point (nil: 2400 each); the first row is the header.
func (d *docxWriter) tableW(rows [][]string, widths []int) {
	d.raw(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		d.raw(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	d.raw(`</w:tblBorders></w:tblPr>`)
	for i, row := range rows {
		d.raw(`<w:tr>`)
		for j, cell := range row {
			wd := 2400
			if j < len(widths) {
				wd = widths[j]
			}
			d.raw(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(wd) + `" w:type="dxa"/></w:tcPr><w:p><w:r>`)
			if i == 0 {
				d.raw(`<w:rPr><w:b/></w:rPr>`)
			}
			d.text(cell)
			d.raw(`</w:r></w:p></w:tc>`)
		}
		d.raw(`</w:tr>`)
	}
	d.raw(`</w:tbl>`)
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`

// styles are the few the document uses, in the fonts Chinese offices
// have: 宋体 for text, 黑体 for headings.
const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="360"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:jc w:val="center"/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="28"/></w:rPr></w:style>
</w:styles>`
