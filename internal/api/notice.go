package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// noticeJSON is a notice on the wire. number is the document number as the
// reader's language writes it (督办单〔2024〕第3号) and serial its place in
// the kind's series for the year; summary is the sentence that says why it
// was issued; snapshot is the measure as it stood then. recipients are
// given for one notice, not in lists; agenda_item is null until a bulletin
// notice is carried into a meeting's agenda.
type noticeJSON struct {
	ID         int64              `json:"id"`
	Kind       string             `json:"kind"`
	Year       int                `json:"year"`
	Serial     int                `json:"serial"`
	Number     string             `json:"number"`
	Summary    string             `json:"summary"`
	Day        model.Date         `json:"day"`
	Created    time.Time          `json:"created"`
	Measure    string             `json:"measure"`
	Unit       string             `json:"unit"`
	Leader     string             `json:"leader"`
	Snapshot   noticeSnapshotJSON `json:"snapshot"`
	AgendaItem *int64             `json:"agenda_item"`
	Recipients []string           `json:"recipients,omitempty"`
	Read       bool               `json:"read"`
	Voided     *voidJSON          `json:"voided"`
	// A 督办单's signature (签收) and its unit's receipt (回执); null until given.
	Signed  *model.Signature `json:"signed"`
	Receipt *model.Receipt   `json:"receipt"`
}

// noticeSnapshotJSON is the measure as a notice froze it; dates are null
// when there is none (an ongoing measure has no due date).
type noticeSnapshotJSON struct {
	Title        string       `json:"title"`
	LeadUnitName string       `json:"lead_unit_name"`
	LeaderName   string       `json:"leader_name"`
	Owner        string       `json:"owner"`
	Due          model.Date   `json:"due"`
	Deadline     string       `json:"deadline"`
	Progress     int          `json:"progress"`
	Status       model.Status `json:"status"`
	Alert        model.Alert  `json:"alert"`
	Milestone    string       `json:"milestone"`
	DaysLeft     int          `json:"days_left"`
	DaysOverdue  int          `json:"days_overdue"`
	DaysSince    int          `json:"days_since"`
	Since        model.Date   `json:"since"`
	Note         string       `json:"note"`
	IssuedBy     string       `json:"issued_by"`
}

func noticeOut(lang string, n model.Notice) noticeJSON {
	s := n.Snapshot
	j := noticeJSON{ID: n.ID, Kind: string(n.Kind), Year: n.Year, Serial: n.Number, Number: app.NoticeNumber(lang, n),
		Summary: app.NoticeSummary(lang, n), Day: n.Day, Created: n.Created.UTC(), Measure: n.Measure, Unit: n.Unit, Leader: n.Leader,
		Snapshot: noticeSnapshotJSON{Title: s.Title, LeadUnitName: s.LeadUnitName, LeaderName: s.LeaderName, Owner: s.Owner, Due: s.Due,
			Deadline: s.Deadline, Progress: s.Progress, Status: s.Status, Alert: s.Alert, Milestone: s.Milestone, DaysLeft: s.DaysLeft,
			DaysOverdue: s.DaysOverdue, DaysSince: s.DaysSince, Since: s.Since, Note: s.Note, IssuedBy: s.IssuedBy},
		Recipients: n.Recipients, Read: n.Read, Voided: voidOut(n.Voided), Signed: n.Signed, Receipt: n.Receipt}
	if n.AgendaItem != 0 {
		item := n.AgendaItem
		j.AgendaItem = &item
	}
	return j
}

// noticePage is one page of notices; NextCursor is "" on the last page.
type noticePage struct {
	Items      []noticeJSON `json:"items"`
	NextCursor string       `json:"next_cursor"`
}

// noticeFilter reads and checks the list's query parameters. inbox=1 lists
// the notices addressed to the caller, and unread=1 (with inbox) only
// those not opened yet.
func noticeFilter(r *http.Request, s app.SignedIn) (model.NoticeFilter, error) {
	q, err := queryParams(r, "kind", "unit", "measure", "inbox", "unread", "unsigned", "limit", "cursor")
	if err != nil {
		return model.NoticeFilter{}, err
	}
	f := model.NoticeFilter{Kind: q.Get("kind"), Unit: q.Get("unit"), Measure: q.Get("measure"), Limit: 50}
	if f.Kind != "" && !model.ValidNoticeKind(f.Kind) {
		return f, model.Invalid("kind", "unknown kind %q (due, report, reminder, supervision or bulletin)", f.Kind)
	}
	flag := func(name string) (bool, error) {
		switch q.Get(name) {
		case "", "0", "false":
			return false, nil
		case "1", "true":
			return true, nil
		}
		return false, model.Invalid(name, "must be true or false")
	}
	inbox, err := flag("inbox")
	if err != nil {
		return f, err
	}
	if inbox {
		f.Recipient = s.Account.Username
	}
	if f.Unread, err = flag("unread"); err != nil {
		return f, err
	}
	if f.Unread && !inbox {
		return f, model.Invalid("unread", "only with inbox=1: read marks are each account's own")
	}
	if f.Unsigned, err = flag("unsigned"); err != nil {
		return f, err
	}
	if f.Limit, err = limitParam(q, app.DefaultNoticeLimit, app.MaxNoticeLimit); err != nil {
		return f, err
	}
	if v := q.Get("cursor"); v != "" {
		if f.Before, err = strconv.ParseInt(v, 10, 64); err != nil || f.Before <= 0 {
			return f, model.Invalid("cursor", "is not a cursor this API returned")
		}
	}
	return f, nil
}

// listNotices returns one page of notices, newest first: the caller's
// inbox, or those it may read with the filters (a unit account's are its
// unit's).
func (h *handler) listNotices(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	f, err := noticeFilter(r, s)
	if err != nil {
		return err
	}
	limit := f.Limit
	f.Limit++
	ns, err := h.app.Notices(r.Context(), s.Account, f)
	if err != nil {
		return err
	}
	out := noticePage{Items: make([]noticeJSON, 0, len(ns))}
	if len(ns) > limit {
		ns = ns[:limit]
		out.NextCursor = strconv.FormatInt(ns[len(ns)-1].ID, 10)
	}
	lang := i18n.Lang(s.Account.Lang)
	for _, n := range ns {
		out.Items = append(out.Items, noticeOut(lang, n))
	}
	return writeJSON(w, http.StatusOK, out)
}

// getNotice returns one notice with its recipients; reading it here does
// not mark it read (POST …/read does).
func (h *handler) getNotice(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "notice")
	if err != nil {
		return err
	}
	n, err := h.app.Notice(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, noticeOut(i18n.Lang(s.Account.Lang), n))
}

// readNotice marks a notice addressed to the caller read (a client that
// showed it); for anyone else who may read it, it changes nothing.
func (h *handler) readNotice(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "notice")
	if err != nil {
		return err
	}
	if _, err := h.app.ReadNotice(r.Context(), s.Account, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// voidNotice voids a notice with a reason (office).
func (h *handler) voidNotice(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "notice %q not found", r.PathValue("id"))
	}
	var req voidRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	n, err := h.app.VoidNotice(r.Context(), s.Account, id, req.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, noticeOut(i18n.Lang(s.Account.Lang), n))
}

// remindRequest chooses the measures to remind by hand and the office's
// note printed on each reminder.
type remindRequest struct {
	Measures []string `json:"measures"`
	Note     string   `json:"note"`
}

// remindMeasures issues one numbered reminder (提醒单) per chosen open
// measure not reminded by hand today (office): 201 with the notices issued,
// or nothing written.
func (h *handler) remindMeasures(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req remindRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ns, err := h.app.RemindMeasures(r.Context(), s.Account, req.Measures, req.Note)
	if err != nil {
		return err
	}
	lang := i18n.Lang(s.Account.Lang)
	out := list[noticeJSON]{Items: make([]noticeJSON, 0, len(ns))}
	for _, n := range ns {
		out.Items = append(out.Items, noticeOut(lang, n))
	}
	return writeJSON(w, http.StatusCreated, out)
}

// signNotice signs for a 督办单 on the unit's behalf (签收):
// POST /api/v1/notices/{id}/sign → the notice; signing again changes
// nothing.
func (h *handler) signNotice(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "notice")
	if err != nil {
		return err
	}
	n, err := h.app.SignNotice(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, noticeOut(i18n.Lang(s.Account.Lang), n))
}

// receiptRequest is a 督办单's receipt: {"handling":"…","expected":"2024-11-30"}.
type receiptRequest struct {
	Handling string     `json:"handling"`
	Expected model.Date `json:"expected"`
}

// putReceipt keeps the unit's receipt for a 督办单 (回执), signing for it if
// no one has: PUT /api/v1/notices/{id}/receipt → the notice.
func (h *handler) putReceipt(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "notice")
	if err != nil {
		return err
	}
	var req receiptRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	n, err := h.app.SetReceipt(r.Context(), s.Account, id, model.Receipt{Handling: req.Handling, Expected: req.Expected})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, noticeOut(i18n.Lang(s.Account.Lang), n))
}
