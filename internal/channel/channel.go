// Package channel holds the ways a notice leaves luoshi: mail over SMTP, a
// chat group's robot (WeCom, DingTalk, Feishu, Slack, or a generic signed JSON
// hook) and an iCalendar feed of due days. It knows nothing of the database:
// callers compose a Message, and the channel only formats and delivers it, so
// each way out can be tested against a real receiver on loopback.
package channel

import (
	"strings"
	"unicode/utf8"
)

// Message is one thing sent: a daily digest for an account, or a day's
// notices for a chat group.
type Message struct {
	Subject string // one line, e.g. "luoshi 督办提醒 2024-10-15：3 份通知"
	Text    string // plain text body, lines separated by \n (chat channels may render it as markdown-lite)
	Link    string // absolute URL to read it in luoshi (may be "")
	Items   []Item // the notices it lists (generic JSON carries them as data)
}

// Item is one notice listed in a Message. Only the generic JSON hook carries
// items as data; the other channels show the Message's Text.
type Item struct {
	Number  string `json:"number"` // e.g. "督办单〔2024〕第3号"
	Kind    string `json:"kind"`   // reminder | supervision | bulletin | due_soon | report_missing
	Title   string `json:"title"`
	Measure string `json:"measure"` // measure code, may be ""
	Unit    string `json:"unit"`    // unit code
	Due     string `json:"due"`     // YYYY-MM-DD or ""
	URL     string `json:"url"`
}

// FieldError is returned by the Validate methods so that the admin form can
// put the message next to the field the admin has to fix.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// oneLine turns a subject into a single line: header and chat titles must not
// carry line breaks or other control characters.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r < ' ' || r == 0x7f
	}), " ")
}

// cleanText makes a body safe to hand on: valid UTF-8, \n line ends, and no
// control characters other than tab and newline.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if (r < ' ' && r != '\n' && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// truncate cuts s to at most max bytes on a rune boundary, ending in "…"
// when anything was cut.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	const ellipsis = "…"
	cut := max - len(ellipsis)
	if cut < 0 {
		cut = 0
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
