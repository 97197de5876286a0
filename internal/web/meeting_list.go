package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/model"
)

type meetingListData struct {
	Meetings  []model.MeetingSummary
	CanCreate bool
}

// meetingList lists meetings, latest first, with how many measures each gave.
func (h *handler) meetingList(w http.ResponseWriter, r *http.Request) {
	ms, err := h.a.Meetings(r.Context(), signedInOf(r).Account)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &meetingListData{Meetings: ms, CanCreate: canManage(r)}
	h.render(w, r, http.StatusOK, "meeting_list", h.newPage(r, "meetings", "meetings.title", d))
}
