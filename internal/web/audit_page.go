package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// auditData is the audit page: the chain's status as verified now, the
// retention setting (a form for the admin), and the export's date range.
type auditData struct {
	Check           model.AuditCheck
	RetentionDays   int
	CanSetRetention bool
	Retention       string // the form's value, kept on a 422
	RetentionErr    string
	Saved           bool
	From, To        string
	MaxExport       int
	PurgeHistory    string
}

// auditPage shows the office and the admin whether the audit trail is
// intact. It verifies the whole chain on every view: a remembered result
// would not show tampering since. (About a second per million events.)
func (h *handler) auditPage(w http.ResponseWriter, r *http.Request) {
	h.showAudit(w, r, http.StatusOK, &auditData{Saved: r.URL.Query().Get("saved") != ""})
}

func (h *handler) showAudit(w http.ResponseWriter, r *http.Request, status int, d *auditData) {
	acct := signedInOf(r).Account
	st, err := h.a.AuditStatus(r.Context(), acct)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Check, d.RetentionDays = st.Check, st.RetentionDays
	d.CanSetRetention = app.CanSetAuditRetention(acct)
	if d.Retention == "" && d.RetentionErr == "" {
		d.Retention = strconv.Itoa(st.RetentionDays)
	}
	d.MaxExport = app.MaxAuditExport
	d.PurgeHistory = historyPath(model.AuditPurgeEntity, model.AuditPurgeEntityID)
	// Events are stamped with the real clock, not the institution's
	// pinned "today" (the demo's), so the default range is by the clock.
	today := model.DateOf(h.a.Now().In(h.a.Location))
	if d.To == "" {
		d.To = today.String()
	}
	if d.From == "" {
		d.From = today.AddDays(-30).String()
	}
	p := h.newPage(r, "audit", "audit.title", d)
	h.render(w, r, status, "audit", p)
}

// auditRetentionSave sets how many days audit events are kept (admin); a
// bad number comes back to the form (422) naming the field.
func (h *handler) auditRetentionSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	days := strings.TrimSpace(r.PostForm.Get("retention_days"))
	if err := h.a.SetAuditRetention(r.Context(), acct, days); err != nil {
		if f, msg := fieldError(r, err); f != "" {
			h.showAudit(w, r, http.StatusUnprocessableEntity, &auditData{Retention: days, RetentionErr: msg})
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/audit?saved=1")
}

// BreakKey is the catalog key saying what kind of link broke.
func (d *auditData) BreakKey() string {
	if d.Check.Broken == nil {
		return ""
	}
	return "audit.break_" + d.Check.Broken.Kind
}
