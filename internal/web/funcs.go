package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// loc is the institution's zone for times shown on pages; newHandler sets
// it from the app before parsing templates.
var loc = time.UTC

// funcs are the template functions bound to one language, so templates
// write {{t "key"}} and {{date .Due}} and get that language's text.
func funcs(lang string) template.FuncMap {
	enum := func(prefix string) func(v any) string {
		return func(v any) string {
			s := ""
			switch x := v.(type) {
			case string:
				s = x
			case model.Status:
				s = string(x)
			case model.Alert:
				s = string(x)
			}
			if s == "" {
				return ""
			}
			return i18n.T(lang, prefix+"."+s)
		}
	}
	return template.FuncMap{
		"t": func(key string, args ...any) string { return i18n.T(lang, key, args...) },
		// reason is a sheet row's problem in the reader's language.
		"reason": func(e xlsx.RowError) string { return i18n.Message(lang, e.Err()) },
		"date": func(d model.Date) string {
			if d == 0 {
				return ""
			}
			return i18n.Date(lang, d.Time())
		},
		"sdate": func(d model.Date) string {
			if d == 0 {
				return ""
			}
			return i18n.ShortDate(lang, d.Time())
		},
		"dt": func(t time.Time) string { return i18n.DateTime(lang, t.In(loc)) },
		// tdate and tdt write a day (and a time) in a table's cell as
		// 2024-10-15 (14:30) in every language: columns of dates line up and
		// read at a glance; running text keeps date and dt (2024年10月15日).
		"filesize": fileSize,
		"tdate": func(d model.Date) string {
			if d == 0 {
				return ""
			}
			return d.Time().Format("2006-01-02")
		},
		"tdt": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2006-01-02 15:04")
		},
		"num":    func(n int) string { return i18n.Number(lang, n) },
		"status": enum("status"),
		"alert":  enum("alert"),
		"theme":  enum("theme"),
		"role":   enum("role"),
		"mkind":  enum("meeting_kind"),
		"akind":  enum("agenda_kind"),
		"ukind":  enum("unit_kind"),
		"review": enum("review"),
		"dstate": enum("draft_state"),
		"action": enum("action"),
		"field":  enum("field"),
		"add":    func(a, b int) int { return a + b },
		"sub":    func(a, b int) int { return a - b },
		"q":      link,
		"list":   func(v ...int) []int { return v },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"light":  lightOf,
		"period": func(code string) string { return periodName(lang, code) },
		// funcs_words.go
		"word":         wordFunc(lang),
		"nextMeasures": nextMeasuresFunc(lang),
	}
}

// link builds path?k=v&… skipping empty values, for filter links.
func link(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// lightOf is the one rule for the status light, used on every page and in
// the board's bar: the alert colour when there is one, then done (dark
// green), not started (grey), cancelled (light grey), else the green light
// of work on track. The colours are luoshi.css's --c-* properties.
func lightOf(s model.Status, a model.Alert) string {
	switch {
	case s == model.Cancelled:
		return "cancelled"
	case a == model.AlertYellow, a == model.AlertOrange, a == model.AlertRed:
		return string(a)
	case s == model.Done:
		return "done"
	case s == model.NotStarted:
		return "not-started"
	}
	return "green"
}

// periodName names a period in a language: 2024年下半年 or 2024 H2.
func periodName(lang, code string) string {
	p, err := model.PeriodFromCode(code)
	if err != nil {
		return code
	}
	if lang == "en" {
		return strings.Replace(p.Code, "-", " ", 1)
	}
	return p.Name
}

// fileSize writes a file's size as people read it: 23 KB, 1.4 MB.
func fileSize(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", max(1, (n+1023)>>10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
