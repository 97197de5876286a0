package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

type searchData struct {
	Q, Kind  string
	Kinds    []string
	Results  []app.SearchResult
	Searched bool
	// From is the 1-based number of the first result on the page; NextURL
	// and PrevURL lead to the neighbouring pages ("" when there is none).
	From             int
	NextURL, PrevURL string
}

// searchPage is /search?q=&kind=&from=: the layout's search box lands here.
// What the reader may not see is never listed (app.Search).
func (h *handler) searchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &searchData{Q: q.Get("q"), Kind: q.Get("kind"), Kinds: model.SearchKinds}
	if d.Kind != "" && !slices.Contains(d.Kinds, d.Kind) {
		d.Kind = ""
	}
	offset, _ := strconv.Atoi(q.Get("from"))
	offset = max(0, offset)
	p := h.newPage(r, "search", "search.title", d)
	if d.Q != "" {
		res, err := h.a.Search(r.Context(), signedInOf(r).Account, app.SearchRequest{Q: d.Q, Kind: d.Kind, Offset: offset})
		if err != nil && model.ErrorCode(err) != model.EINVALID {
			h.fail(w, r, err)
			return
		}
		d.Searched, d.Results, d.From = err == nil, res.Items, offset+1
		page := func(from int) string {
			v := url.Values{"q": {d.Q}}
			if d.Kind != "" {
				v.Set("kind", d.Kind)
			}
			if from > 0 {
				v.Set("from", strconv.Itoa(from))
			}
			return "/search?" + v.Encode()
		}
		if res.Next > 0 {
			d.NextURL = page(res.Next)
		}
		if offset > 0 {
			d.PrevURL = page(max(0, offset-app.SearchLimit))
		}
	}
	h.render(w, r, http.StatusOK, "search", p)
}
