package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on the workbooks the importers open. An upload is at most 10 MB,
// but a zip can unpack to far more, and excelize's time and memory grow
// with what it unpacks and with the number of shared strings (a 7.8 MB file
// of 3 million took 9 s of CPU and 2.5 GB of allocations): both are
// refused before excelize parses anything.
const (
	// maxUnzipped bounds a workbook's unpacked size: a full table of
	// maxRows rows of long Chinese texts unpacks to about 30 MB.
	maxUnzipped = 64 << 20
	// maxUnzippedXML is the size above which excelize unpacks a sheet or
	// the shared strings to a temporary file rather than into memory.
	maxUnzippedXML = 16 << 20
	// maxSharedStrings bounds the distinct texts of a workbook: ten a row
	// over maxRows rows, more than any table an office makes.
	maxSharedStrings = 10 * maxRows
)

// openWorkbook is the one place the importers open a workbook: it refuses
// one that unpacks to more than maxUnzipped bytes or holds more than
// maxSharedStrings shared strings, saying so, then opens it with excelize
// under the same size limits. Cells are read raw (no number formats). A
// file it cannot open is one RowError with Row 0.
func openWorkbook(r io.Reader) (*excelize.File, []RowError) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, []RowError{reasonf(0, "", "the file cannot be read: %v", err)}
	}
	if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
		// A file that is no zip is left to excelize to refuse.
		if reason, refused := checkWorkbook(zr); refused {
			return nil, []RowError{reason}
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, []RowError{unreadable()}
	}
	return f, nil
}

// checkWorkbook applies openWorkbook's limits to the zip's entries and
// says why it refuses the workbook, if it does. The sizes are those the zip's
// headers declare; archive/zip fails the read of an entry that unpacks to
// more than its header says, and excelize checks them again.
func checkWorkbook(zr *zip.Reader) (RowError, bool) {
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnzipped {
			return reasonf(0, "", "the workbook unpacks to more than %d MB; import at most %d MB (%d rows) at a time", maxUnzipped>>20, maxUnzipped>>20, maxRows), true
		}
	}
	for _, f := range zr.File {
		if !strings.EqualFold(f.Name, "xl/sharedStrings.xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return unreadable(), true
		}
		n, err := countElements(rc, "si", maxSharedStrings)
		rc.Close()
		if err != nil {
			return unreadable(), true
		}
		if n > maxSharedStrings {
			return reasonf(0, "", "the workbook holds more than %d different texts (shared strings); import at most %d rows at a time", maxSharedStrings, maxRows), true
		}
	}
	return RowError{}, false
}

// unreadable is the reason for a file excelize cannot read. What excelize
// says ("zip: not a valid zip file") helps no clerk, so it is left out:
// the remedy is the same whatever broke.
func unreadable() RowError {
	return reasonf(0, "", "the file is not a readable .xlsx workbook; open it in Excel or WPS and save it again as an .xlsx workbook")
}

// countElements counts the start tags named name, with or without a
// namespace prefix, in the XML r holds, stopping once the count passes
// limit. It reads tag names only: a '<' in XML text is always escaped.
func countElements(r io.Reader, name string, limit int) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	n := 0
	var tag []byte
	for {
		if _, err := br.ReadSlice('<'); err == io.EOF {
			return n, nil
		} else if err != nil && err != bufio.ErrBufferFull {
			return n, err
		} else if err == bufio.ErrBufferFull {
			continue
		}
		tag = tag[:0]
		for len(tag) <= len(name)+64 {
			c, err := br.ReadByte()
			if err == io.EOF {
				return n, nil
			} else if err != nil {
				return n, err
			}
			if c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				br.UnreadByte()
				break
			}
			tag = append(tag, c)
		}
		if local := tag[bytes.LastIndexByte(tag, ':')+1:]; string(local) == name {
			if n++; n > limit {
				return n, nil
			}
		}
	}
}
