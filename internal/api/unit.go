package api

import (
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// unitJSON is a unit on the wire; Parent is null at the root of the tree,
// MergedInto null unless the unit was merged into another.
type unitJSON struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	NameEn     string   `json:"name_en"`
	Kind       string   `json:"kind"`
	Parent     *string  `json:"parent"`
	Seq        int      `json:"seq"`
	Aliases    []string `json:"aliases"`
	Inactive   bool     `json:"inactive"`
	MergedInto *string  `json:"merged_into"`
}

func unitOut(u model.Unit) unitJSON {
	j := unitJSON{Code: u.Code, Name: u.Name, NameEn: u.NameEn, Kind: u.Kind, Seq: u.Seq,
		Aliases: nonNilStrings(append([]string(nil), u.Aliases...)), Inactive: u.Inactive}
	if u.Parent != "" {
		p := u.Parent
		j.Parent = &p
	}
	if u.MergedInto != "" {
		m := u.MergedInto
		j.MergedInto = &m
	}
	return j
}

// listUnits lists every unit, deactivated ones included (old measures
// still name them); everyone signed in needs them to read codes.
func (h *handler) listUnits(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	units, err := h.app.Units(r.Context())
	if err != nil {
		return err
	}
	out := list[unitJSON]{Items: make([]unitJSON, 0, len(units))}
	for _, u := range units {
		out.Items = append(out.Items, unitOut(u))
	}
	return writeJSON(w, http.StatusOK, out)
}

// getUnit returns one unit.
func (h *handler) getUnit(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	u, err := h.app.Unit(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, unitOut(u))
}

// unitCreate is the body of POST /api/v1/units; parent null or "" puts the
// unit at the root.
type unitCreate struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	NameEn  string   `json:"name_en"`
	Kind    string   `json:"kind"`
	Parent  *string  `json:"parent"`
	Seq     int      `json:"seq"`
	Aliases []string `json:"aliases"`
}

// createUnit adds a unit (admin) and answers with it as stored.
func (h *handler) createUnit(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req unitCreate
	if err := decode(w, r, &req); err != nil {
		return err
	}
	u := model.Unit{Code: req.Code, Name: req.Name, NameEn: req.NameEn, Kind: req.Kind, Seq: req.Seq,
		Aliases: nonNilStrings(req.Aliases)}
	if req.Parent != nil {
		u.Parent = strings.TrimSpace(*req.Parent)
	}
	if err := h.app.CreateUnit(r.Context(), s.Account, u); err != nil {
		return err
	}
	// The app tidies what it stores (trimmed code and names, cleaned
	// aliases): answer with the stored unit, not the request.
	stored, err := h.app.Unit(r.Context(), strings.TrimSpace(u.Code))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, unitOut(stored))
}

// unitPatch is the body of PATCH /api/v1/units/{code}: a merge patch.
// parent and name_en may be null (root, no English name); aliases null is
// no aliases; the rest need a value. The code never changes.
type unitPatch struct {
	Name     optional[string]   `json:"name"`
	NameEn   optional[string]   `json:"name_en"`
	Kind     optional[string]   `json:"kind"`
	Parent   optional[string]   `json:"parent"`
	Seq      optional[int]      `json:"seq"`
	Aliases  optional[[]string] `json:"aliases"`
	Inactive optional[bool]     `json:"inactive"`
}

func (p unitPatch) patch() (out app.UnitPatch, err error) {
	if out.Name, err = required("name", p.Name); err != nil {
		return out, err
	}
	if out.Kind, err = required("kind", p.Kind); err != nil {
		return out, err
	}
	if out.Seq, err = required("seq", p.Seq); err != nil {
		return out, err
	}
	if out.Inactive, err = required("inactive", p.Inactive); err != nil {
		return out, err
	}
	out.NameEn = nullable(p.NameEn)
	if out.Parent = nullable(p.Parent); out.Parent != nil {
		*out.Parent = strings.TrimSpace(*out.Parent)
	}
	if as := nullable(p.Aliases); as != nil {
		*as = nonNilStrings(*as)
		out.Aliases = as
	}
	return out, nil
}

// patchUnit renames, moves, reorders, re-aliases, deactivates or
// reactivates a unit (admin).
func (h *handler) patchUnit(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req unitPatch
	if err := decode(w, r, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	u, err := h.app.UpdateUnit(r.Context(), s.Account, r.PathValue("code"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, unitOut(u))
}

// unitMerge is the body of POST /api/v1/units/{code}/merge.
type unitMerge struct {
	Into string `json:"into"`
}

// mergeJSON says what a merge moved from one unit to the other.
type mergeJSON struct {
	From  string        `json:"from"`
	Into  string        `json:"into"`
	Moved unitMovedJSON `json:"moved"`
}

// unitMovedJSON counts what a merge moved, by kind of record; reports_kept
// counts the half-year reports that stayed with the merged unit as history.
type unitMovedJSON struct {
	Measures     int `json:"measures"`
	Cooperations int `json:"cooperations"`
	Indicators   int `json:"indicators"`
	Problems     int `json:"problems"`
	Reports      int `json:"reports"`
	ReportsKept  int `json:"reports_kept"`
	Accounts     int `json:"accounts"`
	People       int `json:"people"`
	Drafts       int `json:"drafts"`
	Portfolios   int `json:"portfolios"`
	ChildUnits   int `json:"child_units"`
}

// mergeUnit merges the unit in the path into another (机构调整, admin).
func (h *handler) mergeUnit(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req unitMerge
	if err := decode(w, r, &req); err != nil {
		return err
	}
	res, err := h.app.MergeUnit(r.Context(), s.Account, r.PathValue("code"), strings.TrimSpace(req.Into))
	if err != nil {
		return err
	}
	m := res.Moved
	return writeJSON(w, http.StatusOK, mergeJSON{From: res.From, Into: res.Into, Moved: unitMovedJSON{
		Measures: m.Measures, Cooperations: m.Cooperations, Indicators: m.Indicators, Problems: m.Problems,
		Reports: m.Reports, ReportsKept: m.ReportsKept, Accounts: m.Accounts, People: m.People, Drafts: m.Drafts,
		Portfolios: m.Portfolios, ChildUnits: m.ChildUnits}})
}
