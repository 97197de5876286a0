package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// mergeKinds are what a merge moves, in the order the flash lists them;
// each is a catalog key unit_merge.moved_<kind>.
var mergeKinds = []string{"measures", "cooperations", "indicators", "problems", "reports", "reports_kept",
	"accounts", "people", "drafts", "portfolios", "child_units"}

func mergeCounts(m model.UnitMove) []int {
	return []int{m.Measures, m.Cooperations, m.Indicators, m.Problems, m.Reports, m.ReportsKept,
		m.Accounts, m.People, m.Drafts, m.Portfolios, m.ChildUnits}
}

// mergeCount is one line of a merge's flash.
type mergeCount struct {
	Kind string
	N    int
}

// mergeFlash is what the units page says after a merge: from, into, and
// the counts that are not zero.
type mergeFlash struct {
	From, Into string
	Counts     []mergeCount
}

// mergeFlashOf reads a merge's result back from the redirect's query
// (merged=FROM&into=INTO&<kind>=N…); nil when the query holds none.
func mergeFlashOf(q url.Values) *mergeFlash {
	if q.Get("merged") == "" || q.Get("into") == "" {
		return nil
	}
	f := &mergeFlash{From: q.Get("merged"), Into: q.Get("into")}
	for _, k := range mergeKinds {
		if n, err := strconv.Atoi(q.Get(k)); err == nil && n > 0 {
			f.Counts = append(f.Counts, mergeCount{Kind: k, N: n})
		}
	}
	return f
}

// mergeForm is the merge page: the unit, the units it may go into, and
// what is known now of what would move.
type mergeForm struct {
	Unit    model.Unit
	Into    string
	Targets []unitOption
	// OpenMeasures counts the measures not done or cancelled the unit leads
	// or cooperates on; Accounts and Children are who and what move with it.
	OpenMeasures int
	Accounts     []model.Account
	Children     []model.Unit
	Errs         map[string]string
}

// Err is the message for a field ("" when none).
func (f *mergeForm) Err(field string) string { return f.Errs[field] }

// unitMergePage is the confirmation step of a merge (机构调整): which unit
// this one goes into, and what will move there (admin).
func (h *handler) unitMergePage(w http.ResponseWriter, r *http.Request) {
	if !app.CanManageInstitution(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin merges units"))
		return
	}
	h.showMerge(w, r, http.StatusOK, &mergeForm{Into: r.URL.Query().Get("into")})
}

func (h *handler) showMerge(w http.ResponseWriter, r *http.Request, status int, f *mergeForm) {
	ctx := r.Context()
	u, err := h.a.Unit(ctx, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f.Unit = u
	units, err := h.a.Units(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	under := map[string]bool{u.Code: true}
	for _, row := range unitTree(units) {
		if under[row.Unit.Parent] {
			under[row.Unit.Code] = true
		}
		if row.Unit.Parent == u.Code && !row.Unit.Inactive {
			f.Children = append(f.Children, row.Unit)
		}
	}
	p := h.newPage(r, "unit_settings", "unit_merge.title", f)
	p.Title = p.T("unit_merge.title_of", u.Name)
	for _, o := range unitOptions(units, p.Lang) {
		if !under[o.Code] {
			f.Targets = append(f.Targets, o)
		}
	}
	counts, err := h.a.StatusCounts(ctx, signedInOf(r).Account, model.MeasureFilter{Unit: u.Code})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for s, n := range counts {
		if s != model.Done && s != model.Cancelled {
			f.OpenMeasures += n
		}
	}
	if f.Accounts, err = h.a.UnitAccounts(ctx, signedInOf(r).Account, u.Code); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, "unit_merge", p)
}

// unitMerge merges the unit into the one chosen (admin), once the admin
// has ticked the confirmation; the units page then says what moved.
func (h *handler) unitMerge(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.CanManageInstitution(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin merges units"))
		return
	}
	f := &mergeForm{Into: r.PostForm.Get("into")}
	if r.PostForm.Get("confirm") == "" {
		if _, err := h.a.Unit(r.Context(), r.PathValue("code")); err != nil {
			h.fail(w, r, err)
			return
		}
		f.Errs = map[string]string{"confirm": i18n.T(i18n.Lang(acct.Lang), "unit_merge.confirm_required")}
		h.showMerge(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	res, err := h.a.MergeUnit(r.Context(), acct, r.PathValue("code"), f.Into)
	if err != nil {
		status, field, msg, ok := formError(r, err)
		if !ok {
			h.fail(w, r, err)
			return
		}
		f.Errs = formErrs(field, msg, "into")
		h.showMerge(w, r, status, f)
		return
	}
	q := url.Values{"merged": {res.From}, "into": {res.Into}}
	for i, n := range mergeCounts(res.Moved) {
		q.Set(mergeKinds[i], strconv.Itoa(n))
	}
	redirect(w, r, "/settings/units?"+q.Encode())
}
