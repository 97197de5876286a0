package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// noticeRulesForm is the reminder rules' form as typed, kept on a 422.
type noticeRulesForm struct {
	RemindDays, ReportEvery, DigestHour string
	SignWithin                          string
	Ladder                              bool
	Saved                               bool
	Errs                                map[string]string
}

// Err is the message for a field ("" when none).
func (f *noticeRulesForm) Err(field string) string { return f.Errs[field] }

// formErrs puts an error's message by its field when the form has that
// field, else at the top of the form ("_").
func formErrs(field, msg string, fields ...string) map[string]string {
	for _, f := range fields {
		if f == field {
			return map[string]string{field: msg}
		}
	}
	return map[string]string{"_": msg}
}

// noticeSettingsPage is the office's reminder rules: when due dates are
// reminded, how often a progress report is due, whether the escalation
// ladder runs, and at which hour the day's notices go out.
func (h *handler) noticeSettingsPage(w http.ResponseWriter, r *http.Request) {
	if !app.IsOffice(signedInOf(r).Account) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office sets the reminder rules"))
		return
	}
	rules, err := h.a.NoticeRules(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	days := make([]string, len(rules.RemindDays))
	for i, d := range rules.RemindDays {
		days[i] = strconv.Itoa(d)
	}
	f := &noticeRulesForm{RemindDays: strings.Join(days, ", "), ReportEvery: strconv.Itoa(rules.ReportEvery),
		DigestHour: strconv.Itoa(rules.DigestHour), SignWithin: strconv.Itoa(rules.SignWithin), Ladder: rules.Ladder, Saved: r.URL.Query().Get("saved") != ""}
	h.showNoticeSettings(w, r, http.StatusOK, f)
}

func (h *handler) showNoticeSettings(w http.ResponseWriter, r *http.Request, status int, f *noticeRulesForm) {
	h.render(w, r, status, "notice_settings", h.newPage(r, "notice_settings", "notice_settings.title", f))
}

// noticeSettingsSave stores the rules; anything that is not a number, or
// rules the model refuses, come back to the form (422) with nothing saved.
func (h *handler) noticeSettingsSave(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	if !app.IsOffice(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office sets the reminder rules"))
		return
	}
	pf := r.PostForm
	f := &noticeRulesForm{RemindDays: strings.TrimSpace(pf.Get("remind_days")), ReportEvery: strings.TrimSpace(pf.Get("report_every")),
		DigestHour: strings.TrimSpace(pf.Get("digest_hour")), SignWithin: strings.TrimSpace(pf.Get("sign_within")), Ladder: pf.Get("ladder") != ""}
	rules := model.NoticeRules{Ladder: f.Ladder, RemindDays: []int{}}
	bad := func(field, msg string) {
		f.Errs = formErrs(field, msg, "remind_days", "report_every", "ladder", "digest_hour", "sign_within")
		h.showNoticeSettings(w, r, http.StatusUnprocessableEntity, f)
	}
	for _, s := range strings.FieldsFunc(f.RemindDays, func(c rune) bool {
		return c == ',' || c == '，' || c == '、' || c == ';' || c == ' ' || c == '\t'
	}) {
		n, err := strconv.Atoi(s)
		if err != nil {
			bad(fieldError(r, model.Invalid("remind_days", "days before must be whole numbers separated by commas, e.g. 7, 1")))
			return
		}
		rules.RemindDays = append(rules.RemindDays, n)
	}
	var err error
	if rules.ReportEvery, err = strconv.Atoi(f.ReportEvery); err != nil {
		bad(fieldError(r, model.Invalid("report_every", "must be a whole number of days (0 turns the reporting cycle off)")))
		return
	}
	if rules.DigestHour, err = strconv.Atoi(f.DigestHour); err != nil {
		bad(fieldError(r, model.Invalid("digest_hour", "must be an hour between 0 and 23")))
		return
	}
	if f.SignWithin == "" {
		// A form from before the field existed keeps the rule as it is.
		cur, err := h.a.NoticeRules(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		rules.SignWithin = cur.SignWithin
	} else if rules.SignWithin, err = strconv.Atoi(f.SignWithin); err != nil {
		bad(fieldError(r, model.Invalid("sign_within", "must be 0 (off) or between 1 and 30 working days")))
		return
	}
	if err := h.a.SetNoticeRules(r.Context(), acct, rules); err != nil {
		if field, msg := fieldError(r, err); field != "" {
			bad(field, msg)
			return
		}
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/settings/notices?saved=1")
}
