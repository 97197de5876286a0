package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// historyData is the history page of one entity: every audit event of it,
// newest first, each with all the fields it changed.
type historyData struct {
	app.EntityHistory
	Lang   string
	Back   string // the entity's own page, "" when it has none
	Rows   []historyRow
	People map[string]string
}

// Person is an account's display name, or the username when unknown.
func (d *historyData) Person(username string) string {
	if n, ok := d.People[username]; ok && n != "" {
		return n
	}
	return username
}

// Label names a JSON field in the page's language when the catalog knows
// it (field.*), else as the field is called.
func (d *historyData) Label(field string) string {
	if d.Entity == "setting" && i18n.Has(d.Lang, "theme."+field) {
		return i18n.T(d.Lang, "theme."+field) // the theme → unit map
	}
	return historyWords{lang: d.Lang, entity: d.Entity}.label(field)
}

// Action names an action in the page's language when the catalog knows it.
func (d *historyData) Action(action string) string {
	if d.Entity == "report" && i18n.Has(d.Lang, "ureport_action."+action) {
		return i18n.T(d.Lang, "ureport_action."+action)
	}
	if i18n.Has(d.Lang, "action."+action) {
		return i18n.T(d.Lang, "action."+action)
	}
	return strings.ReplaceAll(action, "_", " ")
}

// Kind names the entity's kind in the page's language.
func (d *historyData) Kind() string {
	if i18n.Has(d.Lang, "entity."+d.Entity) {
		return i18n.T(d.Lang, "entity."+d.Entity)
	}
	return d.Entity
}

// entityPages are the pages the history page links back to.
var entityPages = map[string]string{
	"measure": "/measures/", "meeting": "/meetings/", "problem": "/problems/", "indicator": "/indicators/", "report": "/reports/",
}

// historyPath is the history page of an entity. Ids keep their slashes
// (a report's is UNIT/PERIOD); everything else in them is escaped.
func historyPath(entity, id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/history/" + url.PathEscape(entity) + "/" + strings.Join(parts, "/")
}

// HistoryLink is the history page of an entity when the reader may open
// it, else "": pages link to it with {{with $.HistoryLink "measure" $m.Code $m}}.
// subject tells the units the entity belongs to: a model.Measure, a
// model.Problem, a unit code (a report), or nil.
func (p *page) HistoryLink(entity, id string, subject any) string {
	if p.User == nil {
		return ""
	}
	var units []string
	switch s := subject.(type) {
	case model.Measure:
		units = append([]string{s.LeadUnit}, s.CooperatingUnits...)
	case model.Problem:
		units = []string{s.OwnerUnit}
	case string:
		units = []string{s}
	}
	if !app.CanSeeHistory(*p.User, entity, units...) {
		return ""
	}
	return historyPath(entity, id)
}

// historyPage shows every recorded change of one measure, meeting, problem,
// indicator or unit report (or, for the office, of anything), newest first,
// with all the fields each change touched. It prints on A4 like the rest.
func (h *handler) historyPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	entity, id := r.PathValue("entity"), r.PathValue("id")
	hist, err := h.a.History(ctx, acct, entity, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &historyData{EntityHistory: hist, Lang: i18n.Lang(acct.Lang)}
	if p, ok := entityPages[entity]; ok {
		d.Back = p + id
	}
	var names []string
	for _, ev := range hist.Events {
		names = append(names, ev.Actor)
		names = append(names, usernamesIn(ev.Before)...)
		names = append(names, usernamesIn(ev.After)...)
	}
	if d.People, err = h.a.AccountNames(ctx, signedInOf(r).Account, names); err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "", "history.title", d)
	words := wordsFor(p, entity, d.People)
	for _, ev := range hist.Events {
		words.entity = ev.Entity
		d.Rows = append(d.Rows, historyRow{Event: ev, Changes: allChanges(ev, words)})
	}
	p.Title = i18n.T(p.Lang, "history.title_of", d.Kind(), d.Subject(p, id))
	h.render(w, r, http.StatusOK, "history", p)
}

// Subject names the entity the page is about: a report by its unit's name
// and period, anything else by its id.
func (d *historyData) Subject(p *page, id string) string {
	if d.Entity == "report" {
		if unit, period, ok := strings.Cut(id, "/"); ok {
			return p.UnitName(unit) + " " + periodName(p.Lang, period)
		}
	}
	if d.Entity == "unit" {
		return p.UnitName(id)
	}
	return id
}

// usernamesIn finds the usernames an audit record's JSON holds in its
// person fields, so the page can name them.
func usernamesIn(s string) []string {
	var m map[string]any
	if json.Unmarshal([]byte(s), &m) != nil {
		return nil
	}
	var out []string
	for k, v := range m {
		if !personFields[k] {
			continue
		}
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, it := range x {
				if s, ok := it.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// allChanges is every field an event changed, for the history page: the
// fields of after that differ from before (a change), or, when after is
// empty, every field of before (a removal). Text that is not a JSON object
// is shown whole. Values are cut at 300 characters; the export has them in
// full.
func allChanges(ev model.AuditEvent, w historyWords) []change {
	var before, after map[string]any
	json.Unmarshal([]byte(ev.Before), &before)
	json.Unmarshal([]byte(ev.After), &after)
	show := func(field string, v any) string { return cut(w.value(field, v), 300) }
	switch {
	case after != nil:
		return changedFieldsAs(before, after, show)
	case before != nil && ev.After == "":
		var out []change
		for _, k := range sortedKeys(before) {
			if s := show(k, before[k]); s != "" {
				out = append(out, change{k, s, ""})
			}
		}
		return out
	case ev.Before != "" || ev.After != "":
		// A bare value (a setting's, a language): the entity's id names it.
		field := ev.EntityID
		if ev.Action == "set_language" {
			field = "lang"
		}
		return []change{{"", cut(w.readable(field, ev.Before), 300), cut(w.readable(field, ev.After), 300)}}
	}
	return nil
}

// changedFields lists the fields of after whose value differs from
// before's, in name order, leaving out the derived ones (updated, status,
// alert), each value cut at width characters.
func changedFields(before, after map[string]any, width int) []change {
	return changedFieldsAs(before, after, func(_ string, v any) string { return clip(v, width) })
}

// changedFieldsAs is changedFields with each value rendered by show.
func changedFieldsAs(before, after map[string]any, show func(field string, v any) string) []change {
	skip := map[string]bool{"updated": true, "status": true, "alert": true, "id": true, "created_at": true, "created": true}
	var out []change
	for _, k := range sortedKeys(after) {
		if skip[k] {
			continue
		}
		b, _ := json.Marshal(before[k])
		a, _ := json.Marshal(after[k])
		was, is := show(k, before[k]), show(k, after[k])
		if string(a) != string(b) && (was != "" || is != "") { // null → "" is no change to a reader
			out = append(out, change{k, was, is})
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// cut shortens s to at most width characters, on one line.
func cut(s string, width int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > width {
		s = string(r[:width-1]) + "…"
	}
	return s
}

// clip renders a JSON value on one line in at most width characters.
func clip(v any, width int) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		s = x
	case float64:
		s = fmt.Sprint(x)
	default:
		b, _ := json.Marshal(x)
		s = string(b)
	}
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > width {
		s = string(r[:width-1]) + "…"
	}
	return s
}
