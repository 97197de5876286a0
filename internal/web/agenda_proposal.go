package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// agendaProposals are the items the office may put on meeting m's agenda
// besides the carried-over measures (open key problems, competitive
// indicators behind, missed reports): only for the office, and only while
// the meeting is to come, like the carried-over ones.
func (h *handler) agendaProposals(r *http.Request, m model.Meeting, show bool) ([]app.AgendaProposal, error) {
	if !show {
		return nil, nil
	}
	return h.a.AgendaProposals(r.Context(), signedInOf(r).Account, m.ID)
}

// addProposal puts a proposal on the meeting's agenda (office), once, then
// shows the meeting at the item.
func (h *handler) addProposal(w http.ResponseWriter, r *http.Request) {
	mid, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	kind, ref := strings.TrimSpace(r.PostForm.Get("kind")), strings.TrimSpace(r.PostForm.Get("ref"))
	item, _, err := h.a.AddAgendaProposal(r.Context(), signedInOf(r).Account, mid, kind, ref)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/meetings/"+strconv.FormatInt(mid, 10)+"#item-"+strconv.FormatInt(item.ID, 10))
}
