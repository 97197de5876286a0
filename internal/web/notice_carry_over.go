package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// carryOverProposals are the overdue measures' bulletin notices the office
// may put on meeting m's agenda: only for the office, and only while the
// meeting is still to come (today or later).
func (h *handler) carryOverProposals(r *http.Request, m model.Meeting) ([]noticeRow, bool, error) {
	acct := signedInOf(r).Account
	if !app.CanManage(acct) {
		return nil, false, nil
	}
	t, err := h.a.Today(r.Context())
	if err != nil || m.Date < t.Day {
		return nil, false, err
	}
	ns, err := h.a.CarryOverProposals(r.Context(), acct)
	if err != nil {
		return nil, false, err
	}
	return noticeRows(i18n.Lang(acct.Lang), ns), true, nil
}

// carryOver puts a bulletin notice's overdue measure on the meeting's
// agenda as a carried-over item (office), then shows the meeting at it.
func (h *handler) carryOver(w http.ResponseWriter, r *http.Request) {
	mid, err := meetingID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	if !app.CanManage(acct) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office carries items over"))
		return
	}
	nid, err := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get("notice")), 10, 64)
	if err != nil || nid <= 0 {
		h.fail(w, r, model.Invalid("notice", "choose a notice to carry over"))
		return
	}
	item, err := h.a.CarryOver(r.Context(), acct, nid, mid)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/meetings/"+strconv.FormatInt(mid, 10)+"#item-"+strconv.FormatInt(item.ID, 10))
}
