package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress tells how long work goes: on a terminal, one line on standard
// error rewritten in place (done of total, rate, time left), at most every
// progressEvery; and, terminal or not, one final line when the work ends.
// Every long command (imports, bench gen, migrate --from, backup, restore)
// uses it.
type progress struct {
	w           io.Writer
	tty         bool
	label, unit string // unit "rows", "people"… or "bytes" (printed as sizes)
	stage       string // the part of the work now counted ("" for one part)
	total, done int64
	began       time.Time // the work's start
	start, last time.Time // the stage's start, the last line's time
	shown       bool
}

// progressClock is the progress printer's clock; tests move it.
var progressClock = time.Now

// progressEvery is how often a terminal line is rewritten at most.
const progressEvery = 200 * time.Millisecond

// isTerminal reports whether w is a terminal. LUOSHI_PROGRESS=always or
// never overrides it (tests fake a terminal with it; a log collector that
// wants no rewritten lines says never).
func isTerminal(w io.Writer) bool {
	switch os.Getenv("LUOSHI_PROGRESS") {
	case "always":
		return true
	case "never":
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// newProgress starts the count of total units of work (0 when unknown).
func newProgress(w io.Writer, label, unit string, total int64) *progress {
	now := progressClock()
	return &progress{w: w, tty: isTerminal(w), label: label, unit: unit, total: total, began: now, start: now, last: now}
}

// Stage starts counting the next part of the work (reading a file, then
// checking its rows, then writing them) in its own unit and total; the
// count, rate and time left start again. Done's line covers the whole
// work's time and counts the last part.
func (p *progress) Stage(stage, unit string, total int64) {
	p.stage, p.unit, p.total, p.done = stage, unit, total, 0
	p.start = progressClock()
	p.last = p.start // no rate from a first instant
}

// Rows is Stage and Set for work told as (stage, done, total) rows, the
// way app's imports tell it.
func (p *progress) Rows(stage string, done, total int) {
	if stage != p.stage || p.unit != "rows" {
		p.Stage(stage, "rows", int64(total))
	}
	p.total = int64(total)
	p.Set(int64(done))
}

// Add counts n more units done.
func (p *progress) Add(n int64) { p.Set(p.done + n) }

// Set says how many units are done.
func (p *progress) Set(done int64) {
	p.done = done
	if !p.tty {
		return
	}
	now := progressClock()
	if now.Sub(p.last) < progressEvery && (p.total == 0 || done < p.total) {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "\r\033[K%s", p.line(now))
	p.shown = true
}

// line is the progress line: "label: 1,200 of 5,000 rows (24%), 300 rows/s, 13s left".
func (p *progress) line(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", p.label)
	if p.stage != "" {
		fmt.Fprintf(&b, "%s ", p.stage)
	}
	if p.total > 0 && p.unit != "bytes" {
		b.WriteString(thousands(p.done))
	} else {
		b.WriteString(p.amount(p.done))
	}
	if p.total > 0 {
		fmt.Fprintf(&b, " of %s (%d%%)", p.amount(p.total), p.done*100/p.total)
	}
	el := now.Sub(p.start).Seconds()
	if el > 0 && p.done > 0 {
		rate := float64(p.done) / el
		fmt.Fprintf(&b, ", %s/s", p.amount(int64(rate)))
		if p.total > p.done {
			fmt.Fprintf(&b, ", %s left", roundDuration(time.Duration(float64(p.total-p.done)/rate*float64(time.Second))))
		}
	}
	return b.String()
}

// Done ends the count with its final line, always printed: what was done
// and in how long, then the summary the command gives ("" for none).
func (p *progress) Done(summary string) {
	now := progressClock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
	el := now.Sub(p.began)
	line := fmt.Sprintf("%s: %s in %s", p.label, p.amount(p.done), roundDuration(el))
	if s := now.Sub(p.start).Seconds(); s > 0 && p.done > 0 {
		line += fmt.Sprintf(" (%s/s)", p.amount(int64(float64(p.done)/s)))
	}
	if summary != "" {
		line += "; " + summary
	}
	fmt.Fprintln(p.w, line)
}

// amount is n units for a reader: bytes as sizes, anything else counted
// with thousands separated.
func (p *progress) amount(n int64) string {
	if p.unit == "bytes" {
		const k = 1024
		switch {
		case n >= k*k*k:
			return fmt.Sprintf("%.1f GB", float64(n)/(k*k*k))
		case n >= k*k:
			return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
		case n >= k:
			return fmt.Sprintf("%.1f KB", float64(n)/k)
		}
		return fmt.Sprintf("%d B", n)
	}
	return thousands(n) + " " + p.unit
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// roundDuration shows a duration to a useful precision: 340ms, 4.2s, 3m10s.
func roundDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// progressReader counts the bytes read through it on p: the progress of
// reading a file that is parsed as it is read.
type progressReader struct {
	r io.Reader
	p *progress
}

func (r progressReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.p.Add(int64(n))
	return n, err
}

// readProgress starts counting the reading of the open file f.
func readProgress(stderr io.Writer, label string, f *os.File) (*progress, io.Reader) {
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	p := newProgress(stderr, label, "bytes", size)
	p.stage = "reading"
	return p, progressReader{f, p}
}
