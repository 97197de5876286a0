package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// institutionJSON is the institution's profile on the wire, both as read
// and as the body of PUT (which replaces the whole profile; a blank
// time_zone is the default, Asia/Shanghai).
type institutionJSON struct {
	Name        string `json:"name"`
	NameEn      string `json:"name_en"`
	ShortName   string `json:"short_name"`
	ShortNameEn string `json:"short_name_en"`
	OfficeName  string `json:"office_name"`
	TimeZone    string `json:"time_zone"`
}

func institutionOut(in model.Institution) institutionJSON {
	return institutionJSON{Name: in.Name, NameEn: in.NameEn, ShortName: in.ShortName, ShortNameEn: in.ShortNameEn,
		OfficeName: in.OfficeName, TimeZone: in.TimeZone}
}

// getInstitution returns the profile; everyone signed in sees its names.
func (h *handler) getInstitution(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	in, err := h.app.Institution(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, institutionOut(in))
}

// putInstitution replaces the profile (admin).
func (h *handler) putInstitution(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req institutionJSON
	if err := decode(w, r, &req); err != nil {
		return err
	}
	in, err := h.app.SetInstitution(r.Context(), s.Account, model.Institution{Name: req.Name, NameEn: req.NameEn,
		ShortName: req.ShortName, ShortNameEn: req.ShortNameEn, OfficeName: req.OfficeName, TimeZone: req.TimeZone})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, institutionOut(in))
}

// setupJSON is the first-run checklist: each step's key, whether it is
// done and the page where it is done; ready is when it leaves the admin's
// landing page.
type setupJSON struct {
	Steps []setupStepJSON `json:"steps"`
	Ready bool            `json:"ready"`
}

type setupStepJSON struct {
	Key      string `json:"key"`
	Done     bool   `json:"done"`
	Link     string `json:"link"`
	Optional bool   `json:"optional"`
}

// setup returns the set-up checklist (admin and office, as the app rules).
func (h *handler) setup(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	st, err := h.app.Setup(r.Context(), s.Account)
	if err != nil {
		return err
	}
	out := setupJSON{Steps: make([]setupStepJSON, 0, len(st.Steps)), Ready: st.Ready}
	for _, step := range st.Steps {
		out.Steps = append(out.Steps, setupStepJSON{Key: step.Key, Done: step.Done, Link: step.Link, Optional: step.Optional})
	}
	return writeJSON(w, http.StatusOK, out)
}
