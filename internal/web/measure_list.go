package web

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// measurePageSize is how many measures a list page shows.
const measurePageSize = 50

type statusTab struct {
	Status  string
	N       int
	Href    string
	Current bool
}

type measureListData struct {
	Unit, Leader, Theme, Status, Alert, Period, Q string
	// Unreported: only measures with no progress report this cycle.
	Unreported bool
	filterChoices
	Tabs      []statusTab
	Total     int
	Measures  []model.Measure
	Next      string
	CanCreate bool
	// CanRemind offers the office boxes to send reminders by hand.
	CanRemind bool
}

// Link is the list with the current filters and kv overriding them.
func (d *measureListData) Link(kv ...string) string {
	base := []string{"unit", d.Unit, "leader", d.Leader, "theme", d.Theme, "status", d.Status, "alert", d.Alert, "period", d.Period, "q", d.Q}
	if d.Unreported {
		base = append(base, "unreported", "1")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		found := false
		for j := 0; j+1 < len(base); j += 2 {
			if base[j] == kv[i] {
				base[j+1], found = kv[i+1], true
			}
		}
		if !found {
			base = append(base, kv[i], kv[i+1])
		}
	}
	return link("/measures", base...)
}

// measureList lists measures with filters, status tabs with counts and
// cursor paging, so a list of thousands stays one index scan per page.
func (h *handler) measureList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &measureListData{Unit: q.Get("unit"), Leader: q.Get("leader"), Theme: q.Get("theme"), Status: q.Get("status"),
		Alert: q.Get("alert"), Period: q.Get("period"), Q: q.Get("q"), Unreported: q.Get("unreported") == "1"}
	f := model.MeasureFilter{Unit: d.Unit, Leader: d.Leader, Theme: d.Theme, Alert: model.Alert(d.Alert), Period: d.Period,
		Text: d.Q, Limit: measurePageSize, Unreported: d.Unreported}
	if c := q.Get("cursor"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n < 0 {
			h.fail(w, r, model.Invalid("cursor", "not a cursor"))
			return
		}
		f.After = n
	}
	ctx := r.Context()
	counts, err := h.a.StatusCounts(ctx, signedInOf(r).Account, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f.Status = model.Status(d.Status)
	ms, next, err := h.a.Measures(ctx, signedInOf(r).Account, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Measures, d.Next = ms, next
	all := 0
	for _, s := range model.Statuses {
		all += counts[s]
	}
	d.Tabs = append(d.Tabs, statusTab{N: all, Href: d.Link("status", "", "cursor", ""), Current: d.Status == ""})
	for _, s := range model.Statuses {
		d.Tabs = append(d.Tabs, statusTab{Status: string(s), N: counts[s], Href: d.Link("status", string(s)), Current: d.Status == string(s)})
	}
	if d.filterChoices, err = h.filterChoices(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanCreate = canManage(r)
	d.CanRemind = canManage(r)
	h.render(w, r, http.StatusOK, "measure_list", h.newPage(r, "measures", "measures.title", d))
}
