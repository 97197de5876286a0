package api

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// searchItemJSON is one search result. snippet is HTML: the text around
// the first match, escaped, with the matches in <mark>; "" when the thing
// has no text beyond its title. score is higher for better matches, on the
// database engine's own scale.
type searchItemJSON struct {
	Kind    string  `json:"kind"`
	Ref     string  `json:"ref"`
	Title   string  `json:"title"`
	Snippet string  `json:"snippet"`
	URL     string  `json:"url"`
	Score   float64 `json:"score"`
}

// searchJSON is a page of results; next_cursor fetches the next page ("" on
// the last).
type searchJSON struct {
	Items      []searchItemJSON `json:"items"`
	NextCursor string           `json:"next_cursor"`
}

// search is GET /api/v1/search?q=&kind=&limit=&cursor=: what the reader may
// see, best match first.
func (h *handler) search(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "q", "kind", "limit", "cursor")
	if err != nil {
		return err
	}
	req := app.SearchRequest{Q: q.Get("q"), Kind: q.Get("kind")}
	if req.Limit, err = limitParam(q, app.SearchLimit, app.MaxSearchLimit); err != nil {
		return err
	}
	if v := q.Get("cursor"); v != "" {
		if req.Offset, err = strconv.Atoi(v); err != nil || req.Offset < 0 {
			return model.Invalid("cursor", "is not a cursor this API returned")
		}
	}
	res, err := h.app.Search(r.Context(), s.Account, req)
	if err != nil {
		return err
	}
	out := searchJSON{Items: make([]searchItemJSON, 0, len(res.Items))}
	for _, it := range res.Items {
		out.Items = append(out.Items, searchItemJSON{Kind: it.Kind, Ref: it.Ref, Title: it.Title, Snippet: string(it.Snippet), URL: it.URL, Score: it.Score})
	}
	if res.Next > 0 {
		out.NextCursor = strconv.Itoa(res.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}
