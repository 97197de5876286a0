package api

import (
	"net/http"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// accountJSON is an account on the wire: never its password, hash or id.
// LockedUntil is set, for the admin only, while failed sign-ins lock it.
type accountJSON struct {
	Username    string     `json:"username"`
	Role        string     `json:"role"`
	Unit        string     `json:"unit"`
	Name        string     `json:"name"`
	Email       string     `json:"email"`
	Disabled    bool       `json:"disabled"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
}

func accountOut(a model.Account) accountJSON {
	return accountJSON{Username: a.Username, Role: a.Role, Unit: a.Unit, Name: a.Name, Email: a.Email, Disabled: a.Disabled}
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
		j := accountOut(a)
		if until, ok := locks[a.Username]; ok {
			j.LockedUntil = &until
		}
		out.Items = append(out.Items, j)
	}
	return writeJSON(w, http.StatusOK, out)
}

// accountCreate is the body of POST /api/v1/accounts. A blank password
// leaves the account without one (it cannot sign in with a luoshi password
// until one is set or reset); title, staff_no and phone describe the person
// created with an account that has a unit.
type accountCreate struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Role     string `json:"role"`
	Password string `json:"password"`
	Email    string `json:"email"`
	Disabled bool   `json:"disabled"`
	Title    string `json:"title"`
	StaffNo  string `json:"staff_no"`
	Phone    string `json:"phone"`
}

// createAccount adds an account (admin) and answers with it, without the
// password.
func (h *handler) createAccount(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req accountCreate
	if err := decode(w, r, &req); err != nil {
		return err
	}
	acct, err := h.app.SaveNewAccount(r.Context(), s.Account, app.NewAccount{
		Account:  model.Account{Username: req.Username, Name: req.Name, Unit: req.Unit, Role: req.Role, Email: req.Email, Disabled: req.Disabled},
		Password: req.Password, Title: req.Title, StaffNo: req.StaffNo, Phone: req.Phone,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, accountOut(acct))
}

// accountPatch is the body of PATCH /api/v1/accounts/{username}: a merge
// patch. unit and email may be null (none); password sets a new one, which
// must meet the rules. disabled=true ends the account's sessions at once.
type accountPatch struct {
	Name     optional[string] `json:"name"`
	Unit     optional[string] `json:"unit"`
	Role     optional[string] `json:"role"`
	Email    optional[string] `json:"email"`
	Disabled optional[bool]   `json:"disabled"`
	Password optional[string] `json:"password"`
}

func (p accountPatch) patch() (out app.AccountPatch, err error) {
	if out.Name, err = required("name", p.Name); err != nil {
		return out, err
	}
	if out.Role, err = required("role", p.Role); err != nil {
		return out, err
	}
	if out.Disabled, err = required("disabled", p.Disabled); err != nil {
		return out, err
	}
	if out.Password, err = required("password", p.Password); err != nil {
		return out, err
	}
	out.Unit = nullable(p.Unit)
	out.Email = nullable(p.Email)
	return out, nil
}

// patchAccount changes an account (admin).
func (h *handler) patchAccount(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req accountPatch
	if err := decode(w, r, &req); err != nil {
		return err
	}
	p, err := req.patch()
	if err != nil {
		return err
	}
	acct, err := h.app.UpdateAccount(r.Context(), s.Account, r.PathValue("username"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, accountOut(acct))
}

// passwordResetJSON carries a one-time password: this answer is the only
// place it is ever shown.
type passwordResetJSON struct {
	Password string `json:"password"`
}

// resetPassword gives an account a one-time password (admin); every
// session of the account ends.
func (h *handler) resetPassword(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	pw, err := h.app.ResetPassword(r.Context(), s.Account, r.PathValue("username"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, passwordResetJSON{Password: pw})
}
