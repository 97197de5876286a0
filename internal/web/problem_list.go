package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type problemListData struct {
	Problems                 []model.Problem
	Status, Unit, Severity   string
	Unlinked                 bool
	Statuses, Severities     []string
	Units                    []model.Unit
	CanRaise                 bool
	UnlinkedCount, OpenCount int
}

// problemList shows the problem register with its filters; problems no
// measure addresses are flagged.
func (h *handler) problemList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	d := &problemListData{Status: q.Get("status"), Unit: q.Get("unit"), Severity: q.Get("severity"), Unlinked: q.Get("unlinked") != "",
		Statuses: model.ProblemStatuses, Severities: model.Severities}
	f := model.ProblemFilter{Status: d.Status, Unit: d.Unit, Severity: d.Severity, Unlinked: d.Unlinked}
	var err error
	if d.Problems, err = h.a.Problems(ctx, signedInOf(r).Account, f); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range d.Problems {
		if p.Unlinked() {
			d.UnlinkedCount++
		}
		if p.Status != model.ProblemClosed {
			d.OpenCount++
		}
	}
	if d.Units, err = h.a.Units(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	d.CanRaise = app.IsOffice(acct) || acct.Role == model.RoleUnit
	h.render(w, r, http.StatusOK, "problem_list", h.newPage(r, "problems", "problems.title", d))
}
