package store

import (
	"github.com/luoshi-edu/luoshi/internal/search"
)

// sqliteSearch is the FTS5 side of search: the index has the title's
// tokens and the whole text's as two columns, and FTS5 walks its matches
// newest first (by rowid) and stops at the LIMIT.
var sqliteSearch = searchEngine{
	inTitle: func(q search.Query) (string, []any) {
		return `search_fts MATCH ?`, []any{q.FTS5("title_tokens")}
	},
	inTextOnly: func(q search.Query) (string, []any) {
		return `search_fts MATCH ?`, []any{q.FTS5("tokens") + ` NOT ` + q.FTS5("title_tokens")}
	},
	bare: `search_fts`,
	from: `search_fts JOIN search_docs d ON d.id = search_fts.rowid`,
	id:   `search_fts.rowid`,
}

// searchEngine is how one engine matches; Search builds its queries from
// it.
type searchEngine struct {
	inTitle    func(search.Query) (string, []any) // the predicate: the title holds the words
	inTextOnly func(search.Query) (string, []any) // the text holds them and the title does not
	bare       string                             // FROM clause enough for the predicates and id alone ("": from)
	from       string                             // FROM clause; search_docs is d
	id         string                             // the document id as the engine orders it best
	// recent, when set, is a FROM clause holding only the newest
	// documents, as d, searched first for a phrase or several words. An
	// engine whose planner misjudges how common they are (PostgreSQL,
	// below) would otherwise read every match to sort the newest few.
	recent func() string
}

// fromFor is the FROM clause for conditions where on search_docs d: the
// engine's bare one when there are none, so that matches not shown are
// never joined to their documents.
func (e searchEngine) fromFor(where []string) string {
	if len(where) == 0 && e.bare != "" {
		return e.bare
	}
	return e.from
}
