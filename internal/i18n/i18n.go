// Package i18n holds luoshi's message catalogs (zh-CN and en) and the
// locale rules for dates and numbers, so every string a user reads comes
// from one reviewed place and both languages stay equally complete.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Default is the language of a user who has not chosen one: the office
// works in Chinese.
const Default = "zh-CN"

// Languages lists the catalogs in the order the language switch offers them.
var Languages = []string{"zh-CN", "en"}

//go:embed catalogs/*.json catalogs/errors/*.json
var files embed.FS

var catalogs = map[string]map[string]string{}

func init() {
	for _, lang := range Languages {
		b, err := files.ReadFile("catalogs/" + lang + ".json")
		if err != nil {
			panic("i18n: " + err.Error())
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic("i18n: " + lang + ": " + err.Error())
		}
		catalogs[lang] = m
	}
}

// Lang returns a supported language for s, falling back to Default, so a
// stale or hand-edited preference never breaks a page.
func Lang(s string) string {
	for _, l := range Languages {
		if strings.EqualFold(l, s) {
			return l
		}
	}
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return "en"
	}
	return Default
}

// T returns the message for key in lang, formatted with args (fmt verbs).
// A missing key shows as the key itself so it is noticed, never as blank.
func T(lang, key string, args ...any) string {
	msg, ok := catalogs[Lang(lang)][key]
	if !ok {
		msg, ok = catalogs[Default][key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key is in lang's catalog.
func Has(lang, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// Keys lists lang's keys in order; the completeness test compares them.
func Keys(lang string) []string {
	var out []string
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var enMonths = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Date formats a calendar day the way each language writes it:
// 2024年10月15日 or 15 Oct 2024. The zero time is "".
func Date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if Lang(lang) == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), enMonths[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// ShortDate is Date without the year, for dense tables within one period.
func ShortDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if Lang(lang) == "en" {
		return fmt.Sprintf("%d %s", t.Day(), enMonths[t.Month()-1])
	}
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}

// DateTime formats an instant with minutes, for history and comments.
func DateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Date(lang, t) + " " + t.Format("15:04")
}

// Number formats an integer with thousands separators (both languages
// group by three digits with a comma).
func Number(lang string, n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
