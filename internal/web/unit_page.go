package web

import (
	"net/http"
	"sort"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// unitNode is a unit in the tree with its children.
type unitNode struct {
	Unit     model.Unit
	Children []*unitNode
}

type unitListData struct {
	Roots []*unitNode
}

// unitList shows the institution's units as a tree.
func (h *handler) unitList(w http.ResponseWriter, r *http.Request) {
	units, err := h.a.Units(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	nodes := map[string]*unitNode{}
	for _, u := range units {
		nodes[u.Code] = &unitNode{Unit: u}
	}
	d := &unitListData{}
	for _, u := range units {
		if p, ok := nodes[u.Parent]; ok && u.Parent != u.Code {
			p.Children = append(p.Children, nodes[u.Code])
		} else {
			d.Roots = append(d.Roots, nodes[u.Code])
		}
	}
	kind := map[string]int{}
	for i, k := range model.UnitKinds {
		kind[k] = i
	}
	sort.SliceStable(d.Roots, func(i, j int) bool { return kind[d.Roots[i].Unit.Kind] < kind[d.Roots[j].Unit.Kind] })
	h.render(w, r, http.StatusOK, "unit_list", h.newPage(r, "units", "units.title", d))
}

type unitData struct {
	Unit       model.Unit
	Lead, Coop []model.Measure
	Counts     []statusTab
	Accounts   []model.Account
	// Shown and Total count the measures listed and the unit's all;
	// NextURL continues the list on the measures page ("" when all are
	// shown).
	Shown, Total int
	NextURL      string
}

// unitPage shows one unit: its measures as lead and as cooperating unit,
// its counts by status and who acts for it.
func (h *handler) unitPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := h.a.Unit(ctx, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The first page of the measures list: a unit leading hundreds of
	// measures over the years would otherwise render them all each time.
	f := model.MeasureFilter{Unit: u.Code, Limit: measurePageSize}
	ms, next, err := h.a.Measures(ctx, signedInOf(r).Account, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	counts, err := h.a.StatusCounts(ctx, signedInOf(r).Account, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &unitData{Unit: u, Shown: len(ms)}
	if next != "" {
		d.NextURL = link("/measures", "unit", u.Code, "cursor", next)
	}
	for _, m := range ms {
		if m.LeadUnit == u.Code {
			d.Lead = append(d.Lead, m)
		} else {
			d.Coop = append(d.Coop, m)
		}
	}
	for _, s := range model.Statuses {
		d.Counts = append(d.Counts, statusTab{Status: string(s), N: counts[s], Href: link("/measures", "unit", u.Code, "status", string(s))})
		d.Total += counts[s]
	}
	if d.Accounts, err = h.a.UnitAccounts(ctx, signedInOf(r).Account, u.Code); err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "units", "units.title", d)
	p.Title = p.UnitName(u.Code)
	h.render(w, r, http.StatusOK, "unit_page", p)
}
