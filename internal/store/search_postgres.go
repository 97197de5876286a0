package store

import (
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/search"
)

// postgresSearch is the PostgreSQL side of search: the stored tsvector
// holds the title's tokens weighted A and the whole text's weighted D, and
// a query asks for one weight, through the GIN index.
var postgresSearch = searchEngine{
	inTitle: func(q search.Query) (string, []any) {
		return `d.tsv @@ ` + tsqueryLiteral(q, "A"), nil
	},
	inTextOnly: func(q search.Query) (string, []any) {
		return `d.tsv @@ ` + tsqueryLiteral(q, "D") + ` AND NOT d.tsv @@ ` + tsqueryLiteral(q, "A"), nil
	},
	from: `search_docs d`,
	id:   `d.id`,
	recent: func() string {
		return `(SELECT * FROM search_docs ORDER BY id DESC LIMIT ` + strconv.Itoa(recentDocs) + `) d`
	},
}

// recentDocs is how many of the newest documents a phrase or several words
// are looked for in first. PostgreSQL estimates how many documents hold a
// phrase as if its words were independent: for 三年行动计划, in 7,513 of
// 60,800 documents, it expects 4, reads all 7,513 through the GIN index
// and sorts them to show the newest 21 (13–25 ms). Reading the newest
// documents backwards finds them in the first 111 (0.2 ms); a phrase found
// nowhere costs 500 rows read before the index is asked (about 1.5 ms).
// A variable so that a test can lower it.
var recentDocs = 500

// tsqueryLiteral is the query written into the SQL as a literal rather than
// passed as a parameter. pgx prepares every statement, and after five runs
// PostgreSQL may keep a generic plan made without knowing the words: for a
// word in a third of the documents (建设) the search then took 19.5 ms
// through a bitmap of 22,000 matches instead of 4.3 ms reading the newest
// documents backwards. A literal gets each query planned for its words
// (the plan takes about 0.1 ms). The E” form, with both the backslash and
// the quote escaped, reads the same whatever standard_conforming_strings
// says, and a doubled quote is what rebind already reads as a quote inside
// a literal.
func tsqueryLiteral(q search.Query, weight string) string {
	s := strings.NewReplacer("\x00", "", `\`, `\\`, `'`, `''`).Replace(q.TSQuery(weight))
	return `to_tsquery('simple', E'` + s + `')`
}
