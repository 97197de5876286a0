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
