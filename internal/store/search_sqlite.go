package store

import (
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/search"
)

// sqliteSearch is the FTS5 side of search: matches through the FTS5 table,
// ranks with bm25 (smaller is better, so the score is its negation), and
// reads the window and its bound on the FTS5 rowid, which FTS5 itself
// applies.
var sqliteSearch = searchEngine{
	match: func(q search.Query) (string, []any) { return `search_fts MATCH ?`, []any{q.FTS5()} },
	bare:  `search_fts`,
	from:  `search_fts JOIN search_docs d ON d.id = search_fts.rowid`,
	id:    `search_fts.rowid`,
	rank:  func(search.Query) (string, []any) { return `-bm25(search_fts)`, nil },
}

// searchEngine is how one engine matches and ranks; Search builds its two
// queries from it.
type searchEngine struct {
	match func(search.Query) (string, []any) // the predicate and its arguments
	bare  string                             // FROM clause enough for match, id and rank alone ("": from)
	from  string                             // FROM clause; search_docs is d
	id    string                             // the document id as the engine bounds it best
	rank  func(search.Query) (string, []any) // the score expression, higher is better
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

// windowSQL finds the id of the maxRanked-th newest match and of the next
// older one: nothing when there are fewer matches, one id when there are
// exactly maxRanked, two when the rest are cut.
func (e searchEngine) windowSQL(q search.Query, where []string, args []any) (string, []any) {
	m, margs := e.match(q)
	return `SELECT ` + e.id + ` FROM ` + e.fromFor(where) + joinWhere(append([]string{m}, where...)) +
		` ORDER BY ` + e.id + ` DESC LIMIT 2 OFFSET ` + strconv.Itoa(maxRanked-1), append(margs, args...)
}

// rankSQL ranks the matches with ids from minID on. The ranking sorts ids
// and scores only; the page's few documents are read after it.
func (e searchEngine) rankSQL(q search.Query, where []string, args []any, minID int64, limit, offset int) (string, []any) {
	r, rargs := e.rank(q)
	m, margs := e.match(q)
	all := append(append(rargs, margs...), args...)
	w := append([]string{m}, where...)
	if minID > 0 {
		w = append(w, e.id+` >= ?`)
		all = append(all, minID)
	}
	page := ` ORDER BY score DESC, id LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(offset)
	return `SELECT d.kind, d.ref, d.unit, d.title, d.body, r.score FROM (SELECT ` + e.id + ` AS id, ` + r + ` AS score FROM ` +
		e.fromFor(where) + joinWhere(w) + page + `) r JOIN search_docs d ON d.id = r.id ORDER BY r.score DESC, r.id`, all
}
