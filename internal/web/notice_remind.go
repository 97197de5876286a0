package web

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// remindData is the confirmation of reminders by hand: what each chosen
// measure gets, the office's note, and why nothing can be issued.
type remindData struct {
	Lines []app.ReminderLine
	// Issuable counts the lines that get a reminder.
	Issuable int
	Note     string
	// Err is a message above the list; NoteErr is beside the note.
	Err, NoteErr string
	people
}

// remindMeasures is the office's reminders by hand, from the measures list:
// the chosen measures come first to a confirmation page that shows what
// will be issued and to whom; confirming there issues one numbered
// reminder (提醒单) per measure and opens the notices.
func (h *handler) remindMeasures(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	lang := i18n.Lang(acct.Lang)
	codes := r.PostForm["measure"]
	d := &remindData{Note: r.PostForm.Get("note")}
	status := http.StatusOK
	if r.PostForm.Get("confirm") == "1" {
		issued, err := h.a.RemindMeasures(r.Context(), acct, codes, d.Note)
		if err == nil {
			redirect(w, r, link("/notices", "tab", noticeTabAll, "kind", string(model.NoticeReminder), "issued", strconv.Itoa(len(issued))))
			return
		}
		e := model.ErrorOf(err)
		if e == nil || (e.Code != model.EINVALID && e.Code != model.ECONFLICT) {
			h.fail(w, r, err)
			return
		}
		status = model.HTTPStatus(e.Code)
		if e.Field == "note" {
			d.NoteErr = i18n.T(lang, "remind.note_too_long", model.MaxReminderNote)
		} else {
			d.Err = i18n.T(lang, "remind.nothing")
		}
	}
	lines, err := h.a.PlanReminders(r.Context(), acct, codes)
	if e := model.ErrorOf(err); e != nil && e.Code == model.EINVALID {
		status, d.Err = http.StatusUnprocessableEntity, i18n.T(lang, "remind.none_chosen")
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Lines = lines
	for _, l := range lines {
		if l.Skip == "" {
			d.Issuable++
		}
	}
	if d.Issuable == 0 && d.Err == "" && len(lines) > 0 {
		d.Err = i18n.T(lang, "remind.nothing")
	}
	var names []string
	for _, l := range lines {
		names = append(names, l.Recipients...)
	}
	if d.people, err = h.a.AccountNames(r.Context(), acct, names); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, "remind_confirm", h.newPage(r, "notices", "remind.title", d))
}
