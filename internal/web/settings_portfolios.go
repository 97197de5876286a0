package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// portfolioForm is one leader's assignment form: what is in force today,
// the earlier (and later) assignments, and the form as shown or typed.
type portfolioForm struct {
	Leader   model.Account
	Current  model.Portfolio
	History  []model.Portfolio
	Units    map[string]bool
	Themes   map[string]bool
	From     string
	MoveOpen bool
	Errs     map[string]string
}

// Err is the message for a field ("" when none).
func (f *portfolioForm) Err(field string) string { return f.Errs[field] }

type portfoliosData struct {
	Leaders []*portfolioForm
	// Units and Themes are what the checkboxes offer.
	Units  []unitOption
	Themes []string
	// Edit is false for leaders, who see the assignments read-only.
	Edit bool
	// Error is a message about no leader's form (an unknown leader).
	Error string
	// Saved names the leader just assigned; Moved counts the open measures
	// that moved to them.
	Saved string
	Moved int
}

// portfoliosPage lists each leader's assignment (分管): units and themes
// from a day, and the history of earlier ones. The admin and the office
// change them; leaders see them.
func (h *handler) portfoliosPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &portfoliosData{Saved: q.Get("saved")}
	d.Moved, _ = strconv.Atoi(q.Get("moved"))
	h.showPortfolios(w, r, http.StatusOK, d, nil)
}

// showPortfolios renders the page; typed, when set, replaces its leader's
// form with what was typed.
func (h *handler) showPortfolios(w http.ResponseWriter, r *http.Request, status int, d *portfoliosData, typed *portfolioForm) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	if !app.IsOffice(acct) && acct.Role != model.RoleLeader {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office, the admin and leaders see the leaders' portfolios"))
		return
	}
	d.Edit = app.IsOffice(acct)
	leaders, err := h.a.Leaders(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	today := ""
	if t, err := h.a.Today(ctx); err == nil {
		today = t.Day.String()
	}
	current, history, err := h.a.LeaderPortfolios(ctx, signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var keep []string
	for _, l := range leaders {
		cur, ok := current[l.Username]
		if !ok {
			cur = model.Portfolio{Leader: l.Username, Units: []string{}, Themes: []string{}}
		}
		hist := history[l.Username]
		f := &portfolioForm{Leader: l, Current: cur, From: today, Units: map[string]bool{}, Themes: map[string]bool{}}
		for _, p := range hist {
			if p.From != cur.From {
				f.History = append(f.History, p)
			}
		}
		for _, u := range cur.Units {
			f.Units[u] = true
		}
		for _, th := range cur.Themes {
			f.Themes[th] = true
		}
		if typed != nil && typed.Leader.Username == l.Username {
			typed.Leader, typed.Current, typed.History = l, cur, f.History
			f = typed
		}
		keep = append(keep, cur.Units...)
		d.Leaders = append(d.Leaders, f)
	}
	units, err := h.a.Units(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Themes = model.Themes
	p := h.newPage(r, "portfolios", "portfolios.title", d)
	d.Units = unitOptions(units, p.Lang, keep...)
	h.render(w, r, status, "portfolios", p)
}

// portfolioSave records one leader's assignment from a day (admin and
// office); with MoveOpen the open measures the units lead move to the
// leader too. Bad input comes back to that leader's form (422).
func (h *handler) portfolioSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsOffice(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office and the admin set the leaders' portfolios"))
		return
	}
	pf := r.PostForm
	f := &portfolioForm{Leader: model.Account{Username: strings.TrimSpace(pf.Get("leader"))}, From: strings.TrimSpace(pf.Get("from")),
		MoveOpen: pf.Get("move_open") != "", Units: map[string]bool{}, Themes: map[string]bool{}}
	pc := app.PortfolioChange{Portfolio: model.Portfolio{Leader: f.Leader.Username, Units: []string{}, Themes: []string{}}, MoveOpen: f.MoveOpen}
	for _, u := range pf["units"] {
		f.Units[u] = true
		pc.Units = append(pc.Units, u)
	}
	for _, th := range pf["themes"] {
		f.Themes[th] = true
		pc.Themes = append(pc.Themes, th)
	}
	var res app.PortfolioResult
	from, err := model.ParseDate(f.From)
	if err != nil {
		err = model.Invalid("from", "%v", err)
	} else {
		pc.From = from
		res, err = h.a.SetPortfolio(r.Context(), acct, pc)
	}
	if err == nil {
		redirect(w, r, link("/settings/portfolios", "saved", f.Leader.Username, "moved", strconv.Itoa(len(res.Moved)))+"#leader-"+f.Leader.Username)
		return
	}
	status, field, msg, ok := formError(r, err)
	if !ok {
		h.fail(w, r, err)
		return
	}
	d := &portfoliosData{}
	if field == "leader" || field == "_" {
		d.Error = msg
	}
	f.Errs = formErrs(field, msg, "units", "themes", "from", "move_open")
	h.showPortfolios(w, r, status, d, f)
}
