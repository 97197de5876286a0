package web

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// mentionListData is the comments that name the reader.
type mentionListData struct {
	Unseen   bool
	Mentions []model.Mention
	people
}

// mentionList lists the comments that name the signed-in account (@姓名),
// newest first; ?unseen=1 keeps those on measures not opened since, as the
// to-do list's line counts them.
func (h *handler) mentionList(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	d := &mentionListData{Unseen: r.URL.Query().Get("unseen") == "1"}
	var err error
	if d.Mentions, err = h.a.Mentions(r.Context(), acct, d.Unseen); err != nil {
		h.fail(w, r, err)
		return
	}
	names := make([]string, 0, len(d.Mentions))
	for _, m := range d.Mentions {
		names = append(names, m.Author)
	}
	if d.people, err = h.a.AccountNames(r.Context(), acct, names); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "mention_list", h.newPage(r, "todo", "mentions.title", d))
}
