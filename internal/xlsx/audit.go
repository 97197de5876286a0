package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf16"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/xuri/excelize/v2"
)

// AuditLabels are the words of an audit export in the reader's language:
// the two sheets' names and the event sheet's column headers (one per
// AuditColumns entry).
type AuditLabels struct {
	Events, Check string
	Columns       []string
}

// AuditColumns are the event sheet's columns, in order. at_ms is the stored
// time, as the hash is made of it, beside the readable time.
var AuditColumns = []string{"seq", "time", "at_ms", "actor", "action", "entity", "entity_id", "before", "after", "prev_hash", "hash"}

// maxCellChars keeps a cell under Excel's 32,767-character limit with room
// for the note saying it was cut.
const maxCellChars = 32000

// AuditWriter writes an export of audit events for auditors: one row per
// event on the first sheet, written through excelize's stream writer (which
// keeps rows in a temporary file, not in memory, past a few megabytes), and
// the chain's verification on the second. Rows must come in the order they
// are to appear.
type AuditWriter struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	row int
	loc *time.Location
	lab AuditLabels
}

// NewAuditWriter starts an export; times are shown in loc.
func NewAuditWriter(lab AuditLabels, loc *time.Location) (*AuditWriter, error) {
	if len(lab.Columns) != len(AuditColumns) {
		return nil, fmt.Errorf("xlsx: audit export: %d column labels for %d columns", len(lab.Columns), len(AuditColumns))
	}
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", lab.Events); err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: audit export: %w", err)
	}
	sw, err := f.NewStreamWriter(lab.Events)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: audit export: %w", err)
	}
	w := &AuditWriter{f: f, sw: sw, row: 1, loc: loc, lab: lab}
	head, err := f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true, Family: headFont},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
	})
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("xlsx: audit export: %w", err)
	}
	for i, width := range []float64{8, 20, 15, 12, 16, 12, 16, 50, 50, 20, 20} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			w.Close()
			return nil, fmt.Errorf("xlsx: audit export: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		w.Close()
		return nil, fmt.Errorf("xlsx: audit export: %w", err)
	}
	cells := make([]any, len(lab.Columns))
	for i, c := range lab.Columns {
		cells[i] = excelize.Cell{StyleID: head, Value: c}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		w.Close()
		return nil, fmt.Errorf("xlsx: audit export: %w", err)
	}
	return w, nil
}

// Add writes one event's row.
func (w *AuditWriter) Add(ev model.AuditEvent) error {
	w.row++
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	err := w.sw.SetRow(cell, []any{ev.Seq, ev.At.In(w.loc).Format("2006-01-02 15:04:05.000"), strconv.FormatInt(ev.At.UnixMilli(), 10),
		ev.Actor, ev.Action, ev.Entity, ev.EntityID, fit(ev.Before), fit(ev.After), ev.PrevHash, ev.Hash})
	if err != nil {
		return fmt.Errorf("xlsx: audit export: %w", err)
	}
	return nil
}

// Rows is how many events have been added.
func (w *AuditWriter) Rows() int { return w.row - 1 }

// Finish writes the verification sheet (label, value rows) and the file.
func (w *AuditWriter) Finish(out io.Writer, check [][2]string) error {
	if err := w.sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: audit export: %w", err)
	}
	sh := w.lab.Check
	if _, err := w.f.NewSheet(sh); err != nil {
		return fmt.Errorf("xlsx: audit export: %w", err)
	}
	for i, kv := range check {
		for j, v := range kv {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := w.f.SetCellStr(sh, cell, v); err != nil {
				return fmt.Errorf("xlsx: audit export: %w", err)
			}
		}
	}
	if err := w.f.SetColWidth(sh, "A", "A", 24); err != nil {
		return fmt.Errorf("xlsx: audit export: %w", err)
	}
	if err := w.f.SetColWidth(sh, "B", "B", 100); err != nil {
		return fmt.Errorf("xlsx: audit export: %w", err)
	}
	if _, err := w.f.WriteTo(out); err != nil {
		return fmt.Errorf("xlsx: audit export: write: %w", err)
	}
	return nil
}

// Close releases the file's temporary storage.
func (w *AuditWriter) Close() error { return w.f.Close() }

// fit cuts text longer than a cell holds, saying so in the cell: the hash
// column still lets an auditor check the event against the database.
func fit(s string) string {
	if len(s) <= maxCellChars { // bytes ≥ UTF-16 units
		return s
	}
	total := 0
	for _, r := range s {
		total += utf16.RuneLen(r)
	}
	if total <= maxCellChars {
		return s
	}
	n := 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > maxCellChars {
			return s[:i] + fmt.Sprintf("…[truncated: %d of %d characters shown]", n, total)
		}
		n += utf16.RuneLen(r)
	}
	return s
}
