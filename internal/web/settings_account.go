package web

import (
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// accountForm is an account's settings form as typed, kept on a 422. Stored
// is the account as it is; Person the person behind it, when it has one.
type accountForm struct {
	Stored                  model.Account
	Person                  *model.Person
	Name, Unit, Role, Email string
	Disabled                bool
	Units                   []unitOption
	Roles                   []string
	Saved                   bool
	Errs                    map[string]string
}

// Err is the message for a field ("" when none).
func (f *accountForm) Err(field string) string { return f.Errs[field] }

var accountFields = []string{"name", "unit", "role", "email", "disabled"}

func (h *handler) showAccountForm(w http.ResponseWriter, r *http.Request, status int, f *accountForm) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	units, err := h.a.Units(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if f.Stored.PersonID != 0 && f.Stored.Unit != "" {
		people, err := h.a.People(ctx, acct, f.Stored.Unit)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for i := range people {
			if people[i].ID == f.Stored.PersonID {
				f.Person = &people[i]
			}
		}
	}
	p := h.newPage(r, "people", "account_settings.title", f)
	p.Title = p.T("account_settings.title_of", f.Stored.Name)
	f.Units, f.Roles = unitOptions(units, p.Lang, f.Unit, f.Stored.Unit), model.Roles
	h.render(w, r, status, "account_form", p)
}

// storedAccount reads the path's account for the admin; 403 for everyone
// else, 404 for an unknown username.
func (h *handler) storedAccount(w http.ResponseWriter, r *http.Request) (model.Account, bool) {
	acct := signedInOf(r).Account
	if !app.CanManageInstitution(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin changes accounts"))
		return model.Account{}, false
	}
	stored, err := h.a.AccountOf(r.Context(), acct, r.PathValue("username"))
	if err != nil {
		h.fail(w, r, err)
		return model.Account{}, false
	}
	return stored, true
}

// accountEdit shows an account's settings (admin): name, unit, role,
// e-mail, disabled, and the button that resets its password.
func (h *handler) accountEdit(w http.ResponseWriter, r *http.Request) {
	stored, ok := h.storedAccount(w, r)
	if !ok {
		return
	}
	h.showAccountForm(w, r, http.StatusOK, &accountForm{Stored: stored, Name: stored.Name, Unit: stored.Unit, Role: stored.Role,
		Email: stored.Email, Disabled: stored.Disabled, Saved: r.URL.Query().Get("saved") != ""})
}

// accountSave changes an account (admin). Disabling it ends its sessions at
// once; the last admin can be neither disabled nor demoted (422 by the
// field).
func (h *handler) accountSave(w http.ResponseWriter, r *http.Request) {
	stored, ok := h.storedAccount(w, r)
	if !ok {
		return
	}
	pf := r.PostForm
	v := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	f := &accountForm{Stored: stored, Name: v("name"), Unit: v("unit"), Role: v("role"), Email: v("email"), Disabled: pf.Get("disabled") != ""}
	_, err := h.a.UpdateAccount(r.Context(), signedInOf(r).Account, stored.Username,
		app.AccountPatch{Name: &f.Name, Unit: &f.Unit, Role: &f.Role, Email: &f.Email, Disabled: &f.Disabled})
	if err == nil {
		redirect(w, r, "/settings/accounts/"+stored.Username+"?saved=1")
		return
	}
	status, field, msg, ok := formError(r, err)
	if !ok {
		h.fail(w, r, err)
		return
	}
	f.Errs = formErrs(field, msg, accountFields...)
	h.showAccountForm(w, r, status, f)
}

type passwordResetData struct {
	Account  model.Account
	Password string
}

// accountResetPassword gives the account a one-time password (admin) and
// shows it on this response only: never in a redirect's address, a cookie
// or a log, and never again. Whoever signs in with it must choose a new
// password before anything else; the account's sessions have ended.
func (h *handler) accountResetPassword(w http.ResponseWriter, r *http.Request) {
	stored, ok := h.storedAccount(w, r)
	if !ok {
		return
	}
	pw, err := h.a.ResetPassword(r.Context(), signedInOf(r).Account, stored.Username)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "people", "account_reset.title", &passwordResetData{Account: stored, Password: pw})
	w.Header().Set("Cache-Control", "no-store") // the one-time password
	h.render(w, r, http.StatusOK, "account_reset", p)
}
