package apptest

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/xuri/excelize/v2"
)

// EvidenceFile is a sample upload: a file name, its content, and for an
// accepted file the media type it must be stored with.
type EvidenceFile struct {
	Name string
	Data []byte
	Type string
}

// GoodEvidence returns one real, small file of each accepted kind (and
// both JPEG extensions), named the way offices name them.
func GoodEvidence() []EvidenceFile {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.RGBA{200, 30, 30, 255})
	}
	var jpg, pngb, gifb bytes.Buffer
	jpeg.Encode(&jpg, img, nil)
	png.Encode(&pngb, img)
	gif.Encode(&gifb, img, nil)
	xl := excelize.NewFile()
	xl.SetCellValue("Sheet1", "A1", "科研经费到账统计")
	var xlsx bytes.Buffer
	xl.WriteTo(&xlsx)
	return []EvidenceFile{
		{"平台建设方案（论证稿）.pdf", PDF("平台建设方案"), "application/pdf"},
		{"现场照片1.jpg", jpg.Bytes(), "image/jpeg"},
		{"现场照片2.JPEG", jpg.Bytes(), "image/jpeg"},
		{"签到表.png", pngb.Bytes(), "image/png"},
		{"流程图.gif", gifb.Bytes(), "image/gif"},
		{"会议纪要.docx", OOXML("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"经费统计.xlsx", xlsx.Bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"汇报.pptx", OOXML("ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"旧版通知.doc", OLE("WordDocument"), "application/msword"},
		{"旧版台账.xls", OLE("Workbook"), "application/vnd.ms-excel"},
		{"说明.txt", []byte("平台建设进展说明\r\n一是完成论证；二是启动采购。\r\n"), "text/plain; charset=utf-8"},
	}
}

// BadEvidence returns files that must be refused, by what is wrong with
// them, each with a word the refusal must contain.
func BadEvidence() map[string]struct {
	File EvidenceFile
	Says string
} {
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 200)...)
	return map[string]struct {
		File EvidenceFile
		Says string
	}{
		"exe renamed .pdf":        {EvidenceFile{Name: "进展报告.pdf", Data: exe}, "Windows 可执行程序"},
		"html renamed .png":       {EvidenceFile{Name: "照片.png", Data: []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")}, "text/html"},
		"path traversal":          {EvidenceFile{Name: "../../etc/passwd.pdf", Data: PDF("x")}, "路径"},
		"windows path":            {EvidenceFile{Name: `C:\Users\kjc\方案.pdf`, Data: PDF("x")}, "路径"},
		"docx renamed .xlsx":      {EvidenceFile{Name: "统计.xlsx", Data: OOXML("word/document.xml")}, "Word"},
		"plain zip renamed .docx": {EvidenceFile{Name: "材料.docx", Data: zipOf(map[string]string{"a.txt": "x"})}, "ZIP"},
		"macro document":          {EvidenceFile{Name: "宏.docx", Data: OOXML("word/document.xml", "word/vbaProject.bin")}, "含宏"},
		"svg":                     {EvidenceFile{Name: "图.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}, ".svg"},
		"html":                    {EvidenceFile{Name: "页面.html", Data: []byte("<html></html>")}, ".html"},
		"no extension":            {EvidenceFile{Name: "README", Data: []byte("text")}, "不接受"},
		"empty":                   {EvidenceFile{Name: "空.txt", Data: nil}, "为空"},
		"binary as .txt":          {EvidenceFile{Name: "日志.txt", Data: append([]byte("log\n"), 0, 1, 2, 3)}, "二进制"},
		"oversize":                {EvidenceFile{Name: "扫描件.pdf", Data: Oversize()}, "超过 10 MB"},
	}
}

// Oversize is a PDF one byte over the size limit.
func Oversize() []byte {
	b := PDF("大文件")
	return append(b, bytes.Repeat([]byte{' '}, 10<<20+1-len(b))...)
}

// PDF is a small but well-formed PDF document holding title.
func PDF(title string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [] /Count 0 /Title (" + title + ") >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// OOXML is an Office Open XML package holding [Content_Types].xml and the
// given parts.
func OOXML(parts ...string) []byte {
	files := map[string]string{"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`}
	for _, p := range parts {
		files[p] = "<x/>"
	}
	return zipOf(files)
}

func zipOf(files map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return b.Bytes()
}

// OLE is the start of a compound file (Word or Excel 97–2003) whose
// directory names the stream stream.
func OLE(stream string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	var name strings.Builder
	for _, c := range stream + "\x00" {
		name.WriteRune(c)
		name.WriteByte(0)
	}
	return append(b, []byte(name.String())...)
}
