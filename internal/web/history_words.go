package web

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// historyWords turns the values an audit event recorded into what a reader
// reads: people by name, units by name in the page's language, states and
// kinds as catalog words, yes and no for booleans, dates as the language
// writes them. The JSON itself stays in the audit export.
type historyWords struct {
	lang   string
	entity string
	person func(username string) string
	unit   func(code string) string
}

// personFields hold usernames; unitCodeFields unit codes.
var (
	personFields = map[string]bool{"author": true, "leader": true, "owner": true, "closed_by": true, "locked_by": true,
		"updated_by": true, "by": true, "mentions": true, "actor": true, "reviewer": true, "created_by": true, "username": true}
	unitCodeFields = map[string]bool{"lead_unit": true, "cooperating_units": true, "owner_unit": true, "source_unit": true,
		"unit": true, "parent": true, "units": true, "into": true, "from_unit": true}
)

// enumField is the catalog group of a field's values, by entity where the
// same name means different things (a measure's status, a problem's).
func (w historyWords) enumField(field string) string {
	switch field {
	case "status":
		switch w.entity {
		case "problem":
			return "problem_status."
		case "report":
			return "ureport_state."
		}
		return "status."
	case "state":
		if w.entity == "draft" {
			return "draft_state."
		}
		return "ureport_state."
	case "kind":
		switch w.entity {
		case "meeting":
			return "meeting_kind."
		case "indicator":
			return "indicator_kind."
		case "unit":
			return "unit_kind."
		case "allocation":
			return "allocation_kind."
		case "notice":
			return "notice.kind."
		}
		return "agenda_kind."
	case "review":
		return "review."
	case "alert":
		return "alert."
	case "theme", "themes":
		return "theme."
	case "direction":
		return "direction."
	case "severity":
		return "severity."
	case "role":
		return "role."
	case "judgement":
		return "judgement."
	case "term":
		return "term."
	case "recur":
		return "measure.recur_"
	case "lang":
		return "lang."
	}
	return ""
}

// label names a field in the page's language: field.* from the catalog,
// else the field's name with its underscores as spaces (never a raw key).
func (w historyWords) label(field string) string {
	if field == "name" && w.entity != "account" && w.entity != "person" {
		return i18n.T(w.lang, "history.name") // an indicator's, a unit's name, not a person's
	}
	if i18n.Has(w.lang, "field."+field) {
		return i18n.T(w.lang, "field."+field)
	}
	return strings.ReplaceAll(field, "_", " ")
}

// sep joins the items of a list as the language does.
func (w historyWords) sep() string {
	if w.lang == "en" {
		return ", "
	}
	return "、"
}

// value renders one recorded value of field.
func (w historyWords) value(field string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return i18n.T(w.lang, "history.yes")
		}
		return i18n.T(w.lang, "history.no")
	case float64:
		if x == float64(int64(x)) && x < 1e15 && x > -1e15 {
			if field == "id" || field == "seq" || field == "year" || field == "number" || field == "agenda_item" {
				return strconv.FormatInt(int64(x), 10)
			}
			return i18n.Number(w.lang, int(x))
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return w.text(field, x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, it := range x {
			if s := w.value(field, it); s != "" {
				parts = append(parts, s)
			}
		}
		if _, obj := firstOf(x).(map[string]any); obj {
			return strings.Join(parts, "；")
		}
		return strings.Join(parts, w.sep())
	case map[string]any:
		return w.object(field, x)
	}
	return fmt.Sprint(v)
}

func firstOf(x []any) any {
	if len(x) == 0 {
		return nil
	}
	return x[0]
}

// text renders a recorded string: a person, a unit, a catalog word, a
// period, a date or an instant, else the text as written.
func (w historyWords) text(field, s string) string {
	if s == "" {
		return ""
	}
	switch {
	case personFields[field]:
		return w.person(s)
	case unitCodeFields[field]:
		return w.unit(s)
	case w.entity == "setting" && i18n.Has(w.lang, "theme."+field):
		return w.unit(s) // the theme → unit map
	case field == "period":
		return periodName(w.lang, s)
	case field == "source" && w.entity == "problem" && i18n.Has(w.lang, "problem.source_"+s):
		return i18n.T(w.lang, "problem.source_"+s)
	}
	if g := w.enumField(field); g != "" && i18n.Has(w.lang, g+s) {
		return i18n.T(w.lang, g+s)
	}
	// Dates in a table's cell read as 2024-10-15 in every language.
	if d, err := model.ParseDate(s); err == nil && d != 0 && len(s) == 10 {
		return d.String()
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(loc).Format("2006-01-02 15:04")
	}
	return s
}

// object renders a recorded object: the known shapes in a sentence, any
// other as "label: value" pairs.
func (w historyWords) object(field string, m map[string]any) string {
	switch {
	case field == "source" && m["agenda_item"] != nil:
		return i18n.T(w.lang, "history.source_excerpt")
	case field == "figures":
		total := 0
		if ms, ok := m["measures"].(map[string]any); ok {
			if n, ok := ms["total"].(float64); ok {
				total = int(n)
			}
		}
		asOf, _ := m["as_of"].(string)
		return i18n.T(w.lang, "history.figures", w.text("as_of", asOf), total)
	case m["text"] != nil && m["speaker"] != nil: // an agenda item
		kind, _ := m["kind"].(string)
		speaker, _ := m["speaker"].(string)
		if i18n.Has(w.lang, "agenda_kind."+kind) {
			kind = i18n.T(w.lang, "agenda_kind."+kind)
		}
		return kind + " " + speaker
	case m["name"] != nil && len(m) <= 3: // a file, a milestone by name
		return w.value("name", m["name"])
	case m["title"] != nil: // a milestone
		s := w.value("title", m["title"])
		if d, ok := m["due"].(string); ok && d != "" {
			s += "（" + w.text("due", d) + "）"
		}
		if done, ok := m["done"].(bool); ok && done {
			s += " ✓"
		}
		return s
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		entity := w
		if w.entity == "notices" {
			entity.entity = "notice"
		}
		label := entity.label(k)
		if g := entity.enumField(field); g != "" && i18n.Has(w.lang, g+k) {
			label = i18n.T(w.lang, g+k) // {"bulletin":3,…}: counts by kind
		} else if i18n.Has(w.lang, "notice.kind."+k) && field == "notices" {
			label = i18n.T(w.lang, "notice.kind."+k)
		} else if i18n.Has(w.lang, "status."+k) && field == "by_status" {
			label = i18n.T(w.lang, "status."+k)
		}
		if s := entity.value(k, m[k]); s != "" {
			parts = append(parts, label+"："+s)
		}
	}
	return strings.Join(parts, "；")
}

// readable is v rendered for a reader; s is a value as the history rows
// keep it (a JSON value's text), read back as JSON where it parses.
func (w historyWords) readable(field, s string) string {
	if s == "" {
		return ""
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err == nil {
		switch v.(type) {
		case bool, []any, map[string]any, nil:
			return w.value(field, v)
		}
	}
	return w.text(field, s)
}

// wordsFor makes a page's history words: people from names (username →
// name), units in the page's language.
func wordsFor(p *page, entity string, names map[string]string) historyWords {
	return historyWords{lang: p.Lang, entity: entity, unit: p.UnitName, person: func(u string) string {
		if n := names[u]; n != "" {
			return n
		}
		return u
	}}
}

// readableRows rewrites history rows' values for a reader (the measure and
// problem pages' short history, whose rows are built from clipped JSON
// text): call it with the page once the rows are built.
func readableRows(p *page, entity string, names map[string]string, rows []historyRow) {
	w := wordsFor(p, entity, names)
	for i := range rows {
		for j, c := range rows[i].Changes {
			rows[i].Changes[j].Before = w.readable(c.Field, c.Before)
			rows[i].Changes[j].After = w.readable(c.Field, c.After)
		}
	}
}
