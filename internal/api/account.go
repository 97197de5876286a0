package api

import (
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// accountJSON is an account on the wire: never its hash, email or id.
// LockedUntil is set, for the admin only, while failed sign-ins lock it.
type accountJSON struct {
	Username    string     `json:"username"`
	Role        string     `json:"role"`
	Unit        string     `json:"unit"`
	Name        string     `json:"name"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
}

// listAccounts lists accounts for the office and admin (app decides).
func (h *handler) listAccounts(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	accts, err := h.app.Accounts(r.Context(), s.Account)
	if err != nil {
		return err
	}
	locks, err := h.app.SigninLocks(r.Context(), s.Account)
	if err != nil && model.ErrorCode(err) != model.EFORBIDDEN {
		return err
	}
	out := list[accountJSON]{Items: make([]accountJSON, 0, len(accts))}
	for _, a := range accts {
		j := accountJSON{Username: a.Username, Role: a.Role, Unit: a.Unit, Name: a.Name}
		if until, ok := locks[a.Username]; ok {
			j.LockedUntil = &until
		}
		out.Items = append(out.Items, j)
	}
	return writeJSON(w, http.StatusOK, out)
}
