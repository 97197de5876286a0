package api

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The measures list writes its pages by hand rather than through
// encoding/json's reflection: a page is 100 measures of 21 fields by
// default (up to 1,000), and encoding it was a fifth of the overdue list's
// CPU under load (pprof, `luoshi bench run --only deep --cpuprofile`). The bytes are exactly
// encoding/json's (with SetEscapeHTML(false), as writeJSON sets it):
// TestMeasurePageJSON compares them on every field, filled by reflection,
// so a field added to measureJSON and not here fails it.

// jsonAppender is a response that writes its own JSON.
type jsonAppender interface {
	appendJSON(b []byte) []byte
}

func (p measurePage) appendJSON(b []byte) []byte {
	b = append(b, `{"items":`...)
	b = appendJSONList(b, p.Items, func(b []byte, m *measureJSON) []byte { return m.appendJSON(b) })
	b = append(b, `,"next_cursor":`...)
	b = appendJSONString(b, p.NextCursor)
	return append(b, '}')
}

func (m *measureJSON) appendJSON(b []byte) []byte {
	b = append(b, `{"code":`...)
	b = appendJSONString(b, m.Code)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, m.Title)
	b = append(b, `,"detail":`...)
	b = appendJSONString(b, m.Detail)
	b = append(b, `,"theme":`...)
	b = appendJSONString(b, m.Theme)
	b = append(b, `,"period":`...)
	b = appendJSONString(b, m.Period)
	b = append(b, `,"lead_unit":`...)
	b = appendJSONString(b, m.LeadUnit)
	b = append(b, `,"cooperating_units":`...)
	b = appendJSONList(b, m.CooperatingUnits, func(b []byte, u *string) []byte { return appendJSONString(b, *u) })
	b = append(b, `,"leader":`...)
	b = appendJSONString(b, m.Leader)
	b = append(b, `,"owner":`...)
	b = appendJSONString(b, m.Owner)
	b = append(b, `,"start":`...)
	b = m.Start.AppendJSON(b)
	b = append(b, `,"due":`...)
	b = m.Due.AppendJSON(b)
	b = append(b, `,"deadline":`...)
	b = appendJSONString(b, m.Deadline)
	b = append(b, `,"priority":`...)
	b = strconv.AppendInt(b, int64(m.Priority), 10)
	b = append(b, `,"recur":`...)
	b = appendJSONString(b, m.Recur)
	b = append(b, `,"milestones":`...)
	b = appendJSONList(b, m.Milestones, func(b []byte, s *milestoneJSON) []byte {
		b = append(b, `{"title":`...)
		b = appendJSONString(b, s.Title)
		b = append(b, `,"due":`...)
		b = s.Due.AppendJSON(b)
		b = append(b, `,"done":`...)
		b = strconv.AppendBool(b, s.Done)
		return append(b, '}')
	})
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(m.Status))
	b = append(b, `,"alert":`...)
	b = appendJSONString(b, string(m.Alert))
	b = append(b, `,"progress":`...)
	b = strconv.AppendInt(b, int64(m.Progress), 10)
	b = append(b, `,"cancelled":`...)
	b = strconv.AppendBool(b, m.Cancelled)
	b = append(b, `,"source":`...)
	if m.Source == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"agenda_item":`...)
		b = strconv.AppendInt(b, m.Source.AgendaItem, 10)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(m.Source.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(m.Source.End), 10)
		b = append(b, '}')
	}
	b = append(b, `,"updated":`...)
	b = appendJSONTime(b, m.Updated)
	return append(b, '}')
}

// appendJSONList appends a slice as a JSON array of each's items, or null
// for a nil slice, as encoding/json does.
func appendJSONList[T any](b []byte, items []T, each func([]byte, *T) []byte) []byte {
	if items == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, &items[i])
	}
	return append(b, ']')
}

// appendJSONTime appends t as time.Time's MarshalJSON does (RFC 3339 with
// nanoseconds), for the years it accepts (0–9999, which every stored time
// is in).
func appendJSONTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json does without HTML
// escaping: ", \ and control characters escaped (\b \f \n \r \t by name),
// invalid UTF-8 as \ufffd, and U+2028 and U+2029 as \u2028 and \u2029.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
