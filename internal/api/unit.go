package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// unitJSON is a unit on the wire; Parent is null at the root of the tree.
type unitJSON struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	NameEn string  `json:"name_en"`
	Kind   string  `json:"kind"`
	Parent *string `json:"parent"`
}

// listUnits lists every unit; everyone signed in needs them to read codes.
func (h *handler) listUnits(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	units, err := h.app.Units(r.Context())
	if err != nil {
		return err
	}
	out := list[unitJSON]{Items: make([]unitJSON, 0, len(units))}
	for _, u := range units {
		j := unitJSON{Code: u.Code, Name: u.Name, NameEn: u.NameEn, Kind: u.Kind}
		if u.Parent != "" {
			p := u.Parent
			j.Parent = &p
		}
		out.Items = append(out.Items, j)
	}
	return writeJSON(w, http.StatusOK, out)
}
