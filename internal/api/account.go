package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// accountJSON is an account on the wire: never its hash, email or id.
type accountJSON struct {
	Username string `json:"username"`
	Role     string `json:"role"`
	Unit     string `json:"unit"`
	Name     string `json:"name"`
}

// listAccounts lists accounts for the office and admin (app decides).
func (h *handler) listAccounts(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	accts, err := h.app.Accounts(r.Context(), s.Account)
	if err != nil {
		return err
	}
	out := list[accountJSON]{Items: make([]accountJSON, 0, len(accts))}
	for _, a := range accts {
		out.Items = append(out.Items, accountJSON{Username: a.Username, Role: a.Role, Unit: a.Unit, Name: a.Name})
	}
	return writeJSON(w, http.StatusOK, out)
}
