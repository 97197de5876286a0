package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type meetingData struct {
	M        model.Meeting
	Measures []model.Measure
	CanEdit  bool
	// CarryOver lists the overdue items the office may carry over into
	// this meeting's agenda; ShowCarryOver when the meeting is to come.
	CarryOver     []noticeRow
	ShowCarryOver bool
	// Proposals are the other items proposed for the agenda (0029).
	Proposals []app.AgendaProposal
}

// meetingID reads {id}; a malformed id is simply a page that does not exist.
func meetingID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "no meeting %q", r.PathValue("id"))
	}
	return id, nil
}

// meetingPage shows a meeting's agenda with the speeches as spoken and the
// measures that came from it.
func (h *handler) meetingPage(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	m, err := h.a.Meeting(ctx, signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ms, _, err := h.a.Measures(ctx, signedInOf(r).Account, model.MeasureFilter{Meeting: id, Limit: app.MaxMeasureLimit})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &meetingData{M: m, Measures: ms, CanEdit: canManage(r)}
	if d.CarryOver, d.ShowCarryOver, err = h.carryOverProposals(r, m); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Proposals, err = h.agendaProposals(r, m, d.ShowCarryOver); err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r, "meetings", "meeting.title", d)
	p.Title = m.Title
	h.render(w, r, http.StatusOK, "meeting_page", p)
}

// speechFile downloads the file an agenda item's text was read from.
func (h *handler) speechFile(w http.ResponseWriter, r *http.Request) {
	id, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	item, err := h.itemOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := h.a.SpeechFile(r.Context(), signedInOf(r).Account, id, item)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for k, v := range app.SpeechHeaders(f) {
		w.Header()[k] = v
	}
	http.ServeContent(w, r, "", f.CreatedAt, bytes.NewReader(f.Data))
}
