package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// assignmentJSON is one of a leader's assignments (分管): units by code,
// themes by code, from the day it takes effect; by and at say who recorded
// it and when (at is null on an answer to the change itself).
type assignmentJSON struct {
	Leader string     `json:"leader"`
	From   model.Date `json:"from"`
	Units  []string   `json:"units"`
	Themes []string   `json:"themes"`
	By     string     `json:"by"`
	At     *time.Time `json:"at"`
}

func assignmentOut(p model.Portfolio) assignmentJSON {
	j := assignmentJSON{Leader: p.Leader, From: p.From, Units: nonNilStrings(slices.Clone(p.Units)),
		Themes: nonNilStrings(slices.Clone(p.Themes)), By: p.By}
	if p.At != 0 {
		at := time.Unix(p.At, 0).UTC()
		j.At = &at
	}
	return j
}

// leaderPortfolioJSON is a leader's assignment in force today (from is
// null when there is none) and every assignment, latest first.
type leaderPortfolioJSON struct {
	Leader  string           `json:"leader"`
	Units   []string         `json:"units"`
	Themes  []string         `json:"themes"`
	From    model.Date       `json:"from"`
	History []assignmentJSON `json:"history"`
}

// getLeaderPortfolio returns what a leader is in charge of; everyone
// signed in may read it. An account that is not a leader's is not found.
func (h *handler) getLeaderPortfolio(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	cur, hist, err := h.app.LeaderPortfolio(r.Context(), s.Account, r.PathValue("username"))
	if err != nil {
		return err
	}
	out := leaderPortfolioJSON{Leader: cur.Leader, Units: nonNilStrings(slices.Clone(cur.Units)),
		Themes: nonNilStrings(slices.Clone(cur.Themes)), From: cur.From, History: make([]assignmentJSON, 0, len(hist))}
	for _, p := range hist {
		out.History = append(out.History, assignmentOut(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

// portfolioPut is the body of PUT /api/v1/leaders/{username}/portfolio:
// the leader's assignment from a day. move_open also hands the open
// measures led by the units to this leader (分工调整).
type portfolioPut struct {
	Units    []string   `json:"units"`
	Themes   []string   `json:"themes"`
	From     model.Date `json:"from"`
	MoveOpen bool       `json:"move_open"`
}

// setPortfolioJSON is what a portfolio change did.
type setPortfolioJSON struct {
	Portfolio assignmentJSON `json:"portfolio"`
	Moved     []string       `json:"moved_measures"`
}

// putLeaderPortfolio records a leader's assignment (admin and office, as
// the app rules).
func (h *handler) putLeaderPortfolio(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req portfolioPut
	if err := decode(w, r, &req); err != nil {
		return err
	}
	leader := r.PathValue("username")
	res, err := h.app.SetPortfolio(r.Context(), s.Account, app.PortfolioChange{
		Portfolio: model.Portfolio{Leader: leader, From: req.From, Units: nonNilStrings(req.Units), Themes: nonNilStrings(req.Themes)},
		MoveOpen:  req.MoveOpen,
	})
	if err != nil {
		return h.leaderInPath(r, s, leader, err)
	}
	return writeJSON(w, http.StatusOK, setPortfolioJSON{Portfolio: assignmentOut(res.Portfolio), Moved: nonNilStrings(res.Moved)})
}

// leaderInPath turns the app's "leader" validation error into not found
// when the account named in the path does not exist: the leader is part of
// the address here, not of the body. A known account that is not a
// leader's stays invalid, naming the field "leader". Only an actor the app
// let this far (office, admin) gets here, and they may list accounts.
func (h *handler) leaderInPath(r *http.Request, s app.SignedIn, leader string, err error) error {
	if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != "leader" {
		return err
	}
	accts, lerr := h.app.Accounts(r.Context(), s.Account)
	if lerr != nil {
		return err
	}
	for _, a := range accts {
		if a.Username == leader {
			return err
		}
	}
	return model.Errorf(model.ENOTFOUND, "account %s not found", leader)
}
