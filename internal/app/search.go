package app

import (
	"context"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/search"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Search rules: everyone signed in searches meetings, speeches, measures and
// problems (they read all of them); reports are searched as they are read
// (CanSeeReport): the office and leaders all of them, a unit account only
// its own unit's, anyone else none. The rule is applied in the query, so a
// page is never short of results nor holds one the reader may not open.

// SearchLimit is the size of a page of results unless the caller asks for
// another, at most MaxSearchLimit.
const (
	SearchLimit    = store.DefaultSearchLimit
	MaxSearchLimit = store.MaxSearchLimit
)

// SearchRequest is what a reader asks: the words, optionally one kind, and
// which page (Offset results already seen).
type SearchRequest struct {
	Q      string
	Kind   string
	Limit  int
	Offset int
}

// SearchResult is one hit as a reader sees it: where it leads, its title
// and a snippet of its text around the first match, both with the matches
// marked (escaped HTML with <mark>).
type SearchResult struct {
	Kind    string
	Ref     string
	URL     string
	Title   string
	TitleHL template.HTML
	Snippet template.HTML
	Score   float64
}

// SearchResults is a page of results; Next is the offset of the next page,
// or 0 when this is the last.
type SearchResults struct {
	Items []SearchResult
	Next  int
}

// snippetWidth is about how many characters of a result's text are shown.
const snippetWidth = 120

// Search finds what actor may see matching every word of r.Q, best first.
func (a *App) Search(ctx context.Context, actor model.Account, r SearchRequest) (SearchResults, error) {
	out := SearchResults{Items: []SearchResult{}}
	if r.Kind != "" && !slices.Contains(model.SearchKinds, r.Kind) {
		return out, model.Invalid("kind", "unknown kind %q (%s)", r.Kind, strings.Join(model.SearchKinds, ", "))
	}
	q := search.ParseQuery(r.Q)
	if q.Empty() {
		return out, model.Invalid("q", "enter words to search for (punctuation alone finds nothing)")
	}
	if _, err := model.PageLimit(r.Limit, SearchLimit, MaxSearchLimit); err != nil {
		return out, err
	}
	if r.Offset < 0 {
		return out, model.Invalid("cursor", "must not be negative")
	}
	f := store.SearchFilter{Query: q, Limit: r.Limit, Offset: r.Offset}
	if f.Limit == 0 {
		f.Limit = SearchLimit
	}
	if r.Kind != "" {
		f.Kinds = []string{r.Kind}
	}
	if !CanSeeAllReports(actor) {
		f.OwnReportsOnly = true
		if actor.Role == model.RoleUnit {
			f.ReportUnit = actor.Unit
		}
	}
	page, err := a.store.Search(ctx, f)
	if err != nil {
		return out, err
	}
	var units map[string]model.Unit
	for _, h := range page.Hits {
		if h.Kind == model.SearchReport && !CanSeeReport(actor, h.Unit) {
			continue // the query already left it out; never show it regardless
		}
		res := SearchResult{Kind: h.Kind, Ref: h.Ref, URL: resultURL(h.Kind, h.Ref), Title: h.Title, Score: h.Score}
		if h.Kind == model.SearchReport {
			if units == nil {
				units = map[string]model.Unit{}
				us, err := a.Units(ctx)
				if err != nil {
					return out, err
				}
				for _, u := range us {
					units[u.Code] = u
				}
			}
			_, period, _ := strings.Cut(h.Ref, "/")
			name := h.Unit
			if u, ok := units[h.Unit]; ok {
				name = u.Name
			}
			res.Title = name + " · " + period
		}
		res.TitleHL = search.Highlight(res.Title, q)
		if h.Body != "" {
			res.Snippet = search.Snippet(h.Body, q, snippetWidth)
		}
		out.Items = append(out.Items, res)
	}
	if page.More {
		out.Next = f.Offset + len(page.Hits)
	}
	return out, nil
}

// resultURL is the page a result opens.
func resultURL(kind, ref string) string {
	a, b, _ := strings.Cut(ref, "/")
	switch kind {
	case model.SearchMeasure:
		return "/measures/" + url.PathEscape(ref)
	case model.SearchMeeting:
		return "/meetings/" + url.PathEscape(ref)
	case model.SearchSpeech:
		return "/meetings/" + url.PathEscape(a) + "#item-" + url.PathEscape(b)
	case model.SearchReport:
		return "/reports/" + url.PathEscape(a) + "/" + url.PathEscape(b)
	case model.SearchProblem:
		return "/problems/" + url.PathEscape(ref)
	}
	return ""
}
