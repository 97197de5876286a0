package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// mailSecurities are the choices of the mail form's security select.
var mailSecurities = []string{"starttls", "tls", "none"}

// mailForm is the mail settings' form as typed, kept on a 422. The password
// is never shown back, not even as typed.
type mailForm struct {
	Host, Port, Security, Username, From, SiteURL string
	Securities                                    []string
	Saved                                         bool
	Errs                                          map[string]string
}

// Err is the message for a field ("" when none).
func (f *mailForm) Err(field string) string { return f.Errs[field] }

func (h *handler) showMailSettings(w http.ResponseWriter, r *http.Request, status int, f *mailForm) {
	f.Securities = mailSecurities
	h.render(w, r, status, "mail_settings", h.newPage(r, "mail_settings", "mail_settings.title", f))
}

// mailSettingsPage is the admin's mail server: where the daily digests go
// out from, and the address luoshi is reached at for links in them.
func (h *handler) mailSettingsPage(w http.ResponseWriter, r *http.Request) {
	m, err := h.a.MailSettings(r.Context(), signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := &mailForm{Host: m.Host, Security: m.Security, Username: m.Username, From: m.From, SiteURL: m.SiteURL,
		Saved: r.URL.Query().Get("saved") != ""}
	if m.Port != 0 {
		f.Port = strconv.Itoa(m.Port)
	}
	if f.Security == "" {
		f.Security = "starttls"
	}
	h.showMailSettings(w, r, http.StatusOK, f)
}

// mailSettingsSave stores the mail settings; a blank password keeps the
// stored one. Bad input comes back to the form (422), nothing saved.
func (h *handler) mailSettingsSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsAdmin(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin changes the mail settings"))
		return
	}
	pf := r.PostForm
	trim := func(k string) string { return strings.TrimSpace(pf.Get(k)) }
	f := &mailForm{Host: trim("host"), Port: trim("port"), Security: trim("security"), Username: trim("username"),
		From: trim("from"), SiteURL: trim("site_url")}
	m := app.MailSettings{Host: f.Host, Security: f.Security, Username: f.Username, Password: pf.Get("password"),
		From: f.From, SiteURL: f.SiteURL}
	if f.Port != "" {
		n, err := strconv.Atoi(f.Port)
		if err != nil {
			f.Errs = map[string]string{"port": "must be a port number, e.g. 587"}
			h.showMailSettings(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		m.Port = n
	}
	if err := h.a.SetMailSettings(r.Context(), acct, m); err != nil {
		if field, msg := fieldError(r, err); field != "" {
			f.Errs = formErrs(field, msg, "host", "port", "security", "username", "password", "from", "site_url")
			h.showMailSettings(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/mail?saved=1")
}
