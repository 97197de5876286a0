package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/model"
)

type meetingListData struct {
	Meetings  []model.MeetingSummary
	CanCreate bool
	// Study lists the units' study sessions instead of the leadership's
	// meetings.
	Study bool
}

// meetingList lists meetings, latest first, with how many measures each gave.
func (h *handler) meetingList(w http.ResponseWriter, r *http.Request) {
	// Without a kind, the leadership's meetings; with one, that kind
	// (study: the units' study sessions, on a tab of their own).
	kind := r.URL.Query().Get("kind")
	study := kind == "study"
	kinds := model.LeadershipKinds()
	if kind != "" {
		kinds = []string{kind}
	}
	ms, err := h.a.Meetings(r.Context(), signedInOf(r).Account, kinds...)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &meetingListData{Meetings: ms, CanCreate: canManage(r), Study: study}
	h.render(w, r, http.StatusOK, "meeting_list", h.newPage(r, "meetings", "meetings.title", d))
}
