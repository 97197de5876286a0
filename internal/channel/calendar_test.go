package channel

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// unfold joins folded lines back (RFC 5545 §3.1), refusing anything that is
// not a CRLF-terminated feed.
func unfold(t *testing.T, s string) []string {
	t.Helper()
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("feed does not end in CRLF: %q", s[max(0, len(s)-20):])
	}
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Fatal("feed has a bare CR or LF")
	}
	var lines []string
	for _, phys := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(phys) > 75 {
			t.Errorf("physical line is %d octets: %q", len(phys), phys)
		}
		if !utf8.ValidString(phys) {
			t.Errorf("physical line splits a UTF-8 sequence: %q", phys)
		}
		if strings.HasPrefix(phys, " ") {
			if len(lines) == 0 {
				t.Fatal("feed starts with a continuation line")
			}
			lines[len(lines)-1] += phys[1:]
			continue
		}
		lines = append(lines, phys)
	}
	return lines
}

func TestFoldLine(t *testing.T) {
	tests := []string{
		"",
		"SUMMARY:short",
		"SUMMARY:" + strings.Repeat("a", 67), // exactly 75
		"SUMMARY:" + strings.Repeat("a", 68), // 76
		"SUMMARY:" + strings.Repeat("推进“双一流”建设，", 20),
		"DESCRIPTION:x" + strings.Repeat("督", 40), // a rune straddles octet 75
		"DESCRIPTION:" + strings.Repeat("😀é", 50),
	}
	for _, in := range tests {
		out := foldLine(in)
		if !strings.HasSuffix(out, "\r\n") {
			t.Errorf("foldLine(%q) does not end in CRLF", in)
			continue
		}
		got := unfold(t, out)
		if len(got) != 1 || got[0] != in {
			t.Errorf("foldLine(%q) unfolds to %q", in, got)
		}
		if len(in) <= 75 && strings.Contains(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			t.Errorf("foldLine(%q) folded a short line", in)
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct {
		in, want   string
		roundTrips bool // a parser gives in back
	}{
		{"plain 督办", "plain 督办", true},
		{`a\b`, `a\\b`, true},
		{"a;b,c", `a\;b\,c`, true},
		{"line1\nline2", `line1\nline2`, true},
		{"line1\r\nline2\rline3", `line1\nline2\nline3`, false},
		{"tab\there", "tab\there", true},
		{"bell\x07 del\x7f", "bell del", false},
		{"bad \xff utf8", "bad \uFFFD utf8", false},
		{`\n is not a newline`, `\\n is not a newline`, true},
	}
	for _, tt := range tests {
		got := escapeText(tt.in)
		if got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := ics.FromText(got); tt.roundTrips && back != tt.in {
			t.Errorf("golang-ical unescapes %q to %q, want %q", got, back, tt.in)
		}
	}
}

var calendarEvents = []Event{
	{
		UID:         "measure-2024H2-001@luoshi",
		Day:         model.Ymd(2024, 10, 20),
		Summary:     "督办单〔2024〕第3号：推进“双一流”建设，完成学科评估自评报告；牵头单位：发展规划处、研究生院、人事处、财务处、国际合作与交流处",
		Description: "牵头单位：发展规划处\n配合单位：研究生院, 人事处; 财务处\n路径 C:\\docs",
		URL:         "https://luoshi.example.edu.cn/measures/2024H2-001?tab=progress&x=1,2",
		Updated:     time.Date(2024, 10, 14, 9, 5, 0, 0, time.FixedZone("CST", 8*3600)),
	},
	{
		UID:     "measure-2024H2-002@luoshi",
		Day:     model.Ymd(2024, 12, 31),
		Summary: "年末汇总",
	},
}

func TestWriteCalendar(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCalendar(&buf, "督办事项, 2024 下半年", calendarEvents, testNow); err != nil {
		t.Fatal(err)
	}
	feed := buf.String()
	lines := unfold(t, feed)

	want := []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//luoshi-edu//luoshi//ZH",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		`X-WR-CALNAME:督办事项\, 2024 下半年`,
		"BEGIN:VEVENT",
		"UID:measure-2024H2-001@luoshi",
		"DTSTAMP:20241015T003000Z",
		"DTSTART;VALUE=DATE:20241020",
		"DTEND;VALUE=DATE:20241021",
		`SUMMARY:督办单〔2024〕第3号：推进“双一流”建设，完成学科评估自评报告；牵头单位：发展规划处、研究生院、人事处、财务处、国际合作与交流处`,
		`DESCRIPTION:牵头单位：发展规划处\n配合单位：研究生院\, 人事处\; 财务处\n路径 C:\\docs`,
		"URL:https://luoshi.example.edu.cn/measures/2024H2-001?tab=progress&x=1,2",
		"LAST-MODIFIED:20241014T010500Z",
		"END:VEVENT",
		"BEGIN:VEVENT",
		"UID:measure-2024H2-002@luoshi",
		"DTSTAMP:20241015T003000Z",
		"DTSTART;VALUE=DATE:20241231",
		"DTEND;VALUE=DATE:20250101",
		"SUMMARY:年末汇总",
		"END:VEVENT",
		"END:VCALENDAR",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("unfolded lines (-want +got):\n%s", diff)
	}
	// Every unfolded line is NAME[;PARAM=VALUE]:VALUE.
	contentLine := regexp.MustCompile(`^[A-Z][A-Z0-9-]*(;[A-Z0-9-]+=[^;:,"]+)*:`)
	for _, l := range lines {
		if !contentLine.MatchString(l) {
			t.Errorf("not a content line: %q", l)
		}
	}
	if !strings.Contains(feed, "\r\n ") {
		t.Error("the long SUMMARY was not folded")
	}
}

func TestWriteCalendarParses(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCalendar(&buf, "督办事项, 2024 下半年", calendarEvents, testNow); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(&buf)
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	var name string
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == "X-WR-CALNAME" {
			name = ics.FromText(p.Value)
		}
	}
	if name != "督办事项, 2024 下半年" {
		t.Errorf("X-WR-CALNAME = %q", name)
	}
	events := cal.Events()
	if len(events) != len(calendarEvents) {
		t.Fatalf("%d events parsed, want %d", len(events), len(calendarEvents))
	}
	for i, e := range events {
		in := calendarEvents[i]
		value := func(p ics.ComponentProperty) string {
			if prop := e.GetProperty(p); prop != nil {
				return prop.Value
			}
			return ""
		}
		got := Event{
			UID:         value(ics.ComponentPropertyUniqueId),
			Summary:     value(ics.ComponentPropertySummary),
			Description: value(ics.ComponentPropertyDescription),
			URL:         value(ics.ComponentPropertyUrl),
		}
		start, err := e.GetAllDayStartAt()
		if err != nil {
			t.Fatalf("event %d DTSTART: %v", i, err)
		}
		got.Day = model.DateOf(start)
		end, err := e.GetAllDayEndAt()
		if err != nil || model.DateOf(end) != in.Day.AddDays(1) {
			t.Errorf("event %d DTEND = %v (%v), want the next day", i, end, err)
		}
		if stamp, err := e.GetDtStampTime(); err != nil || !stamp.Equal(testNow) {
			t.Errorf("event %d DTSTAMP = %v (%v)", i, stamp, err)
		}
		if !in.Updated.IsZero() {
			got.Updated, err = e.GetLastModifiedAt()
			if err != nil {
				t.Errorf("event %d LAST-MODIFIED: %v", i, err)
			}
		} else if e.GetProperty(ics.ComponentPropertyLastModified) != nil {
			t.Errorf("event %d has LAST-MODIFIED without Updated", i)
		}
		if diff := cmp.Diff(in, got); diff != "" {
			t.Errorf("event %d round trip (-want +got):\n%s", i, diff)
		}
	}
}

func TestWriteCalendarRefusesBadEvents(t *testing.T) {
	tests := []struct {
		name  string
		event Event
		want  string
	}{
		{"no UID", Event{Day: model.Ymd(2024, 10, 1)}, "empty UID"},
		{"no day", Event{UID: "x@luoshi"}, "no day"},
		{"day out of range", Event{UID: "x@luoshi", Day: model.Date(1 << 30)}, "out of range"},
		{"negative day", Event{UID: "x@luoshi", Day: model.Date(-1 << 30)}, "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			events := []Event{calendarEvents[1], tt.event}
			err := WriteCalendar(&buf, "x", events, testNow)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "event 1") {
				t.Fatalf("err = %v, want %q naming event 1", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written for a refused feed", buf.Len())
			}
		})
	}
}

func TestWriteCalendarEmptyAndHostile(t *testing.T) {
	var buf bytes.Buffer
	hostile := Event{
		UID:     "a,b;c\\d\n@luoshi",
		Day:     model.Ymd(2024, 2, 29),
		Summary: "END:VEVENT\r\nBEGIN:VEVENT",
		URL:     "https://x.example/\r\nX-EVIL:1",
	}
	if err := WriteCalendar(&buf, "", []Event{hostile}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	begins := 0
	for _, l := range unfold(t, buf.String()) {
		if strings.HasPrefix(l, "X-EVIL") {
			t.Errorf("injected line %q", l)
		}
		if l == "BEGIN:VEVENT" {
			begins++
		}
	}
	if begins != 1 {
		t.Errorf("%d BEGIN:VEVENT lines, want 1", begins)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != 1 {
		t.Fatalf("%d events, want 1", n)
	}
	if got := cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value; got != "END:VEVENT\nBEGIN:VEVENT" {
		t.Errorf("SUMMARY = %q", got)
	}

	buf.Reset()
	if err := WriteCalendar(&buf, "空", nil, testNow); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "X-WR-CALNAME:空\r\nEND:VCALENDAR\r\n") {
		t.Errorf("empty feed = %q", buf.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteCalendarWriteError(t *testing.T) {
	err := WriteCalendar(failingWriter{}, "x", calendarEvents, testNow)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the writer's error", err)
	}
}
