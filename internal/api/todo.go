package api

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// todoItemJSON is one line of the to-do list: what waits (kind), how many,
// the page of the filtered list where it is done, and its title in the
// reader's language.
type todoItemJSON struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
	URL   string `json:"url"`
	Title string `json:"title"`
}

// todo lists what waits for the signed-in account.
func (h *handler) todo(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	items, err := h.app.Todo(r.Context(), s.Account)
	if err != nil {
		return err
	}
	lang := i18n.Lang(s.Account.Lang)
	out := list[todoItemJSON]{Items: make([]todoItemJSON, 0, len(items))}
	for _, it := range items {
		title := i18n.T(lang, "todo."+it.Kind)
		if it.Subject != "" {
			title += i18n.T(lang, "todo.subject", it.Subject)
		}
		out.Items = append(out.Items, todoItemJSON{Kind: it.Kind, Count: it.Count, URL: it.URL, Title: title})
	}
	return writeJSON(w, http.StatusOK, out)
}

// listMentions lists the comments that name the caller (@姓名), newest
// first; unseen=1 keeps those on measures the caller has not opened since.
func (h *handler) listMentions(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "unseen")
	if err != nil {
		return err
	}
	unseen := false
	switch q.Get("unseen") {
	case "", "0":
	case "1":
		unseen = true
	default:
		return model.Invalid("unseen", "must be 1 or 0")
	}
	ms, err := h.app.Mentions(r.Context(), s.Account, unseen)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[model.Mention]{Items: ms})
}

// queuedJSON is a progress report in the review queue, with its measure.
type queuedJSON struct {
	progressJSON
	Title    string `json:"measure_title"`
	LeadUnit string `json:"lead_unit"`
	Unit     string `json:"unit"`
}

type queuePage struct {
	Items      []queuedJSON `json:"items"`
	NextCursor string       `json:"next_cursor"`
}

// listReviewQueue lists progress reports by review state across measures
// (review=pending, the default, or returned; unit), newest first, a page at
// a time.
func (h *handler) listReviewQueue(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "review", "unit", "limit", "cursor")
	if err != nil {
		return err
	}
	limit, err := limitParam(q, model.DefaultReviewLimit, model.MaxReviewLimit)
	if err != nil {
		return err
	}
	f := model.ReviewFilter{Review: q.Get("review"), Unit: q.Get("unit"), Limit: limit}
	if f.Review == "" {
		f.Review = model.ReviewPending
	}
	if v := q.Get("cursor"); v != "" {
		if f.After, err = strconv.ParseInt(v, 10, 64); err != nil || f.After <= 0 {
			return model.Invalid("cursor", "is not a cursor this API returned")
		}
	}
	rs, next, err := h.app.ReviewQueue(r.Context(), s.Account, f)
	if err != nil {
		return err
	}
	out := queuePage{Items: make([]queuedJSON, 0, len(rs)), NextCursor: next}
	for _, x := range rs {
		out.Items = append(out.Items, queuedJSON{progressJSON: progressOut(x.ProgressReport), Title: x.Title, LeadUnit: x.LeadUnit, Unit: x.Unit})
	}
	return writeJSON(w, http.StatusOK, out)
}

// reviewManyRequest accepts or returns several reports at once.
type reviewManyRequest struct {
	IDs     []int64 `json:"ids"`
	Review  string  `json:"review"`
	Comment string  `json:"comment"`
}

// reviewMany reviews several progress reports in one transaction (office):
// 204, or nothing written.
func (h *handler) reviewMany(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req reviewManyRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if err := h.app.ReviewMany(r.Context(), s.Account, req.IDs, req.Review, req.Comment); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
