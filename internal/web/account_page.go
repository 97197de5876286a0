package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/origin"
)

type accountData struct {
	Email    string
	EmailErr string
	// FeedURL is the account's calendar feed address, "" until one is made.
	FeedURL string
	Saved   string // "email", "calendar" or "password" after a redirect
	// PasswordErrs are the password form's errors by field.
	PasswordErrs map[string]string
	// MinPassword and Passphrase are the password rules' lengths.
	MinPassword, Passphrase int
	// MustChange is set after an admin's reset: nothing else opens until
	// the one-time password is changed.
	MustChange bool
}

// siteURL is the scheme and host the browser used (through a trusted proxy,
// the ones it reports), for addresses the reader copies elsewhere (a
// calendar program). Every absolute address luoshi writes is built on it.
func siteURL(r *http.Request) string { return origin.Of(r).SiteURL() }

// accountPage is every account's own settings: the e-mail address the
// daily digest goes to, and the secret address of its calendar feed.
func (h *handler) accountPage(w http.ResponseWriter, r *http.Request) {
	d := &accountData{Email: signedInOf(r).Account.Email, Saved: r.URL.Query().Get("saved")}
	if d.Saved != "email" && d.Saved != "calendar" && d.Saved != "password" {
		d.Saved = ""
	}
	h.showAccount(w, r, http.StatusOK, d)
}

func (h *handler) showAccount(w http.ResponseWriter, r *http.Request, status int, d *accountData) {
	token, err := h.a.CalendarToken(r.Context(), signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if token != "" {
		d.FeedURL = siteURL(r) + "/calendar/" + token + ".ics"
	}
	d.MinPassword, d.Passphrase = app.MinPasswordLen, app.PassphraseLen
	d.MustChange = signedInOf(r).Account.MustChangePassword
	w.Header().Set("Cache-Control", "no-store") // the calendar feed's secret address
	h.render(w, r, status, "account", h.newPage(r, "account", "account.title", d))
}

// accountEmail changes the account's own e-mail address ("" for none); a
// bad one comes back to the form (422), nothing saved.
func (h *handler) accountEmail(w http.ResponseWriter, r *http.Request) {
	email := r.PostForm.Get("email")
	if err := h.a.SetEmail(r.Context(), signedInOf(r).Account, email); err != nil {
		if _, msg := fieldError(r, err); msg != "" {
			h.showAccount(w, r, http.StatusUnprocessableEntity, &accountData{Email: email, EmailErr: msg})
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/account?saved=email")
}

// accountCalendar makes the account a new calendar feed address; the old
// one stops working at once.
func (h *handler) accountCalendar(w http.ResponseWriter, r *http.Request) {
	if _, err := h.a.ResetCalendarToken(r.Context(), signedInOf(r).Account); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/account?saved=calendar#calendar")
}
