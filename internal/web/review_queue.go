package web

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type reviewQueueData struct {
	Review, Unit string
	Reports      []model.QueuedReport
	Next         string
	// CanReview offers the office the boxes and the bulk accept.
	CanReview bool
	Err       string
	people
	// Accepted is how many the last bulk accept took; NextHref the next page.
	Accepted, NextHref string
}

// people maps usernames to display names for a page that names accounts.
type people map[string]string

// Person is an account's display name, or its username.
func (p people) Person(username string) string {
	if n := p[username]; n != "" {
		return n
	}
	return username
}

// reviewQueue lists progress reports by review state across measures: the
// office's reports to review (待审核), with boxes to accept several at once,
// or a unit's reports returned for changes.
func (h *handler) reviewQueue(w http.ResponseWriter, r *http.Request) {
	h.showReviewQueue(w, r, http.StatusOK, "")
}

func (h *handler) showReviewQueue(w http.ResponseWriter, r *http.Request, status int, msg string) {
	q := r.URL.Query()
	acct := signedInOf(r).Account
	d := &reviewQueueData{Review: q.Get("review"), Unit: q.Get("unit"), Err: msg, Accepted: q.Get("accepted")}
	if d.Review == "" {
		d.Review = model.ReviewPending
	}
	f := model.ReviewFilter{Review: d.Review, Unit: d.Unit}
	if c := q.Get("cursor"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			h.fail(w, r, model.Invalid("cursor", "is not a cursor this page gave"))
			return
		}
		f.After = n
	}
	var err error
	if d.Reports, d.Next, err = h.a.ReviewQueue(r.Context(), acct, f); err != nil {
		h.fail(w, r, err)
		return
	}
	names := make([]string, 0, len(d.Reports))
	for _, rep := range d.Reports {
		names = append(names, rep.Author)
	}
	if d.people, err = h.a.AccountNames(r.Context(), acct, names); err != nil {
		h.fail(w, r, err)
		return
	}
	d.CanReview = app.CanReview(acct) && d.Review == model.ReviewPending
	if d.Next != "" {
		d.NextHref = link("/progress", "review", d.Review, "unit", d.Unit, "cursor", d.Next)
	}
	h.render(w, r, status, "review_queue", h.newPage(r, "review", "review_queue.title", d))
}

// reviewMany accepts the chosen reports at once (office) and shows the
// queue again; nothing chosen, or a report reviewed meanwhile, comes back
// with the reason above the list and nothing written.
func (h *handler) reviewMany(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	var ids []int64
	for _, v := range r.PostForm["id"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			h.fail(w, r, model.Invalid("id", "is not a report number"))
			return
		}
		ids = append(ids, n)
	}
	err := h.a.ReviewMany(r.Context(), acct, ids, model.ReviewAccepted, "")
	if e := model.ErrorOf(err); e != nil && (e.Code == model.EINVALID || e.Code == model.ECONFLICT) {
		key := "review_queue.none_chosen"
		if e.Code == model.ECONFLICT {
			key = "review_queue.changed"
		}
		r.URL.RawQuery = "review=pending"
		h.showReviewQueue(w, r, model.HTTPStatus(e.Code), i18n.T(i18n.Lang(acct.Lang), key))
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, link("/progress", "review", model.ReviewPending, "accepted", strconv.Itoa(len(ids))))
}
