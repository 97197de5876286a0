package web

import (
	"net/http"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// institutionForm is the institution profile's form as typed, kept on a
// 422. Edit is false for the office, who sees the profile read-only.
type institutionForm struct {
	In    model.Institution
	Edit  bool
	Saved bool
	Errs  map[string]string
	// Zones are the time zones the field suggests.
	Zones []string
}

// Err is the message for a field ("" when none).
func (f *institutionForm) Err(field string) string { return f.Errs[field] }

// timeZones are the zones the time-zone field suggests: mainland China
// first, then the zones Chinese universities' overseas campuses keep.
var timeZones = []string{"Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei",
	"Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Tokyo", "Asia/Seoul", "Europe/London", "Europe/Paris",
	"Europe/Moscow", "America/New_York", "America/Los_Angeles", "Australia/Sydney", "UTC"}

var institutionFields = []string{"name", "name_en", "short_name", "short_name_en", "office_name", "time_zone"}

// institutionPage is the institution's profile: its names in Chinese and
// English, the office that signs what luoshi issues, and its time zone.
// The admin edits it; the office sees it read-only.
func (h *handler) institutionPage(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsOffice(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin and the office see the institution's profile"))
		return
	}
	in, err := h.a.Institution(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.showInstitution(w, r, http.StatusOK, &institutionForm{In: in, Edit: app.CanManageInstitution(acct),
		Saved: r.URL.Query().Get("saved") != ""})
}

func (h *handler) showInstitution(w http.ResponseWriter, r *http.Request, status int, f *institutionForm) {
	f.Zones = timeZones
	h.render(w, r, status, "institution", h.newPage(r, "institution", "institution.title", f))
}

// institutionSave stores the profile (admin); bad input comes back to the
// form (422) with the message by its field and nothing saved.
func (h *handler) institutionSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.CanManageInstitution(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the admin changes the institution's profile"))
		return
	}
	v := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	in := model.Institution{Name: v("name"), NameEn: v("name_en"), ShortName: v("short_name"), ShortNameEn: v("short_name_en"),
		OfficeName: v("office_name"), TimeZone: v("time_zone")}
	if _, err := h.a.SetInstitution(r.Context(), acct, in); err != nil {
		status, field, msg, ok := formError(r, err)
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.showInstitution(w, r, status, &institutionForm{In: in, Edit: true, Errs: formErrs(field, msg, institutionFields...)})
		return
	}
	redirect(w, r, "/settings/institution?saved=1")
}
