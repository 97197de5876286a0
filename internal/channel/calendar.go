package channel

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Event is one all-day entry of a calendar feed, usually a measure's due day.
type Event struct {
	UID         string     // stable, e.g. "measure-2024H2-001@luoshi"
	Day         model.Date // all-day event on this day
	Summary     string
	Description string
	URL         string
	Updated     time.Time // zero: no LAST-MODIFIED
}

// calendarProdID names the program that made the feed (RFC 5545 §3.7.3).
const calendarProdID = "-//luoshi-edu//luoshi//ZH"

// maxLineOctets is the longest content line RFC 5545 §3.1 allows, not
// counting the CRLF.
const maxLineOctets = 75

// WriteCalendar writes an iCalendar feed that calendar programs subscribe
// to, so that due days show up next to everything else in a leader's week.
// now is the DTSTAMP of every event. Nothing is written when an event is
// invalid.
func WriteCalendar(w io.Writer, name string, events []Event, now time.Time) error {
	for i, e := range events {
		if strings.TrimSpace(e.UID) == "" {
			return fmt.Errorf("channel: calendar: event %d: empty UID", i)
		}
		if e.Day.IsZero() {
			return fmt.Errorf("channel: calendar: event %d (%s): no day", i, e.UID)
		}
		if y := e.Day.Time().Year(); y < 1 || y > 9998 {
			return fmt.Errorf("channel: calendar: event %d (%s): day out of range", i, e.UID)
		}
	}
	cw := &contentWriter{w: bufio.NewWriter(w)}
	cw.line("BEGIN", "VCALENDAR")
	cw.line("VERSION", "2.0")
	cw.line("PRODID", calendarProdID)
	cw.line("CALSCALE", "GREGORIAN")
	cw.line("METHOD", "PUBLISH")
	cw.line("X-WR-CALNAME", escapeText(name))
	stamp := now.UTC().Format("20060102T150405Z")
	for _, e := range events {
		cw.line("BEGIN", "VEVENT")
		cw.line("UID", escapeText(e.UID))
		cw.line("DTSTAMP", stamp)
		cw.line("DTSTART;VALUE=DATE", e.Day.Time().Format("20060102"))
		cw.line("DTEND;VALUE=DATE", e.Day.AddDays(1).Time().Format("20060102"))
		cw.line("SUMMARY", escapeText(e.Summary))
		if e.Description != "" {
			cw.line("DESCRIPTION", escapeText(e.Description))
		}
		if u := uriValue(e.URL); u != "" {
			cw.line("URL", u)
		}
		if !e.Updated.IsZero() {
			cw.line("LAST-MODIFIED", e.Updated.UTC().Format("20060102T150405Z"))
		}
		cw.line("END", "VEVENT")
	}
	cw.line("END", "VCALENDAR")
	if cw.err == nil {
		cw.err = cw.w.Flush()
	}
	if cw.err != nil {
		return fmt.Errorf("channel: calendar: %w", cw.err)
	}
	return nil
}

// contentWriter writes folded content lines and keeps the first error.
type contentWriter struct {
	w   *bufio.Writer
	err error
}

func (cw *contentWriter) line(name, value string) {
	if cw.err != nil {
		return
	}
	_, cw.err = cw.w.WriteString(foldLine(name + ":" + value))
}

// textEscaper escapes a TEXT value (RFC 5545 §3.3.11).
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// escapeText escapes a TEXT value and drops the control characters a
// content line may not hold.
func escapeText(s string) string {
	s = textEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD"))
	return dropControls(s)
}

// uriValue is a URI value: not escaped, but it may not break the line.
func uriValue(s string) string {
	return strings.TrimSpace(dropControls(strings.ToValidUTF8(s, "\uFFFD")))
}

func dropControls(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < ' ' && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// foldLine ends a content line with CRLF, folding it so that no physical
// line is longer than 75 octets and no UTF-8 sequence is split; each
// continuation starts with a space, which counts toward its 75.
func foldLine(s string) string {
	var b strings.Builder
	limit := maxLineOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 { // cannot happen with valid UTF-8 and limit ≥ 4
			cut = limit
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLineOctets - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
