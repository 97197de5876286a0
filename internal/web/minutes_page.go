package web

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/report"
)

// minutesData is the minutes page: the standing minutes (frozen), or the
// preview the office words and issues; the voided sets below.
type minutesData struct {
	Meeting  model.Meeting
	M        model.Minutes // standing, else the preview
	Mark     string
	Number   string
	Voided   []model.Minutes
	CanIssue bool
	// Errs are the issue form's messages by field (decisions[i].text).
	Errs map[string]string
	// Void form of standing minutes.
	CanVoid             bool
	VoidReason, VoidErr string
	lang                string
}

// Num numbers decision i (from 0) as the page's language does: 一、 or 1.
func (d *minutesData) Num(i int) string { return report.Numbered(d.lang, i, "") }

// Opening is the minutes' first sentence in the page's language.
func (d *minutesData) Opening() string { return report.MinutesOpening(d.lang, d.M) }

// DecisionErr is the message beside decision i's text.
func (d *minutesData) DecisionErr(i int) string {
	return d.Errs[fmt.Sprintf("decisions[%d].text", i)]
}

// VoidedNumber is a voided set's number, for the list under the page.
func (d *minutesData) VoidedNumber(lang string, m model.Minutes) string {
	return report.MinutesMark(lang, m.Kind) + report.MinutesNumber(lang, m)
}

// minutesTexts are the decisions' texts the issue form posts, by agenda
// item (decision.ITEM).
func minutesTexts(r *http.Request) app.MinutesRequest {
	req := app.MinutesRequest{Texts: map[string]string{}}
	for k, v := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "decision."); ok && len(v) > 0 {
			req.Texts[key] = v[0]
		}
	}
	return req
}

// minutesPage shows a meeting's minutes: the standing set as issued, or
// the preview with each decision's wording in a field for the office.
func (h *handler) minutesPage(w http.ResponseWriter, r *http.Request) {
	h.showMinutes(w, r, http.StatusOK, &minutesData{}, app.MinutesRequest{})
}

func (h *handler) showMinutes(w http.ResponseWriter, r *http.Request, status int, d *minutesData, req app.MinutesRequest) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	acct := signedInOf(r).Account
	m, all, err := h.a.MinutesOf(ctx, acct, id, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Meeting, err = h.a.Meeting(ctx, acct, id); err != nil {
		h.fail(w, r, err)
		return
	}
	d.M = m
	d.CanVoid = m.Issued() && app.CanIssueMinutes(acct)
	d.CanIssue = !m.Issued() && app.CanIssueMinutes(acct)
	for _, m := range all {
		if m.Voided != nil {
			d.Voided = append(d.Voided, m)
		}
	}
	p := h.newPage(r, "meetings", "minutes.title", d)
	d.lang, d.Mark, d.Number = p.Lang, report.MinutesMark(p.Lang, d.M.Kind), report.MinutesNumber(p.Lang, d.M)
	p.Title = d.Mark
	h.render(w, r, status, "minutes", p)
}

// minutesIssue issues the minutes as the office worded them; bad wording
// comes back beside its decision.
func (h *handler) minutesIssue(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	req := minutesTexts(r)
	_, err = h.a.IssueMinutes(r.Context(), signedInOf(r).Account, id, req)
	if errs := fieldErrors(r, err); errs != nil {
		h.showMinutes(w, r, http.StatusUnprocessableEntity, &minutesData{Errs: errs}, req)
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/meetings/%d/minutes", id))
}

// minutesVoid voids the standing minutes with the office's reason.
func (h *handler) minutesVoid(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	mid, err := strconv.ParseInt(r.PathValue("minutes"), 10, 64)
	if err != nil || mid <= 0 {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no minutes %q", r.PathValue("minutes")))
		return
	}
	if m, err := h.a.Minutes(r.Context(), signedInOf(r).Account, mid); err != nil {
		h.fail(w, r, err)
		return
	} else if m.Meeting != id {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no minutes %d of meeting %d", mid, id))
		return
	}
	reason := r.PostForm.Get("reason")
	_, err = h.a.VoidMinutes(r.Context(), signedInOf(r).Account, mid, reason)
	if field, _ := fieldError(r, err); field == "reason" {
		lang := i18n.Lang(signedInOf(r).Account.Lang)
		h.showMinutes(w, r, http.StatusUnprocessableEntity, &minutesData{VoidReason: reason, VoidErr: i18n.T(lang, "void.reason_required")}, app.MinutesRequest{})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/meetings/%d/minutes", id))
}

// minutesDocx downloads the standing minutes, or the preview, as a Word
// document in the official layout.
func (h *handler) minutesDocx(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	m, _, err := h.a.MinutesOf(ctx, signedInOf(r).Account, id, app.MinutesRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteMinutesDocx(&buf, report.MinutesDoc{Minutes: m, OfficeName: cmp.Or(m.Office, h.a.OfficeName(ctx))}); err != nil {
		h.fail(w, r, err)
		return
	}
	ascii := fmt.Sprintf("minutes-%s-%d-%d.docx", m.Kind, m.Year, m.Number)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", app.ContentDispositionAs(ascii, report.MinutesFileName(m)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
