package store

import (
	"github.com/luoshi-edu/luoshi/internal/search"
)

// postgresSearch is the PostgreSQL side of search: matches the stored
// tsvector through its GIN index, ranks with ts_rank.
var postgresSearch = searchEngine{
	match: func(q search.Query) (string, []any) {
		return `d.tsv @@ to_tsquery('simple', ?)`, []any{q.TSQuery()}
	},
	from: `search_docs d`,
	id:   `d.id`,
	rank: func(q search.Query) (string, []any) {
		return `ts_rank(d.tsv, to_tsquery('simple', ?))`, []any{q.TSQuery()}
	},
}
