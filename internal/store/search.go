package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/search"
)

// SearchFilter is one search. Visibility is the caller's (app's) rule,
// applied here in the query so a page of results is never cut short by
// filtering afterwards: with OwnReportsOnly, reports of units other than
// ReportUnit are left out ("" leaves out every report).
type SearchFilter struct {
	Query          search.Query
	Kinds          []string // empty: every kind
	OwnReportsOnly bool
	ReportUnit     string
	Limit          int // 0: DefaultSearchLimit; at most MaxSearchLimit
	Offset         int
}

// A page of search results holds DefaultSearchLimit hits unless the caller
// asks for another number, at most MaxSearchLimit; more is refused.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
)

// SearchHit is one search result: the document as indexed and its score,
// 1 when its title holds the words and 0 when only its text does.
type SearchHit struct {
	Kind, Ref, Unit string
	Title, Body     string
	Score           float64
}

// SearchPage is a page of hits and whether there are more after it.
type SearchPage struct {
	Hits []SearchHit
	More bool
}

// Search returns the documents matching every term of f.Query, best first:
// those whose title holds the words, then those whose text alone does, and
// the newest first within each. The index walks its matches in that order
// and stops at the page's end, so a word found in 20,000 documents costs
// no more than a rare one: nothing is scored that is not shown, and every
// match can be paged to.
func (q Queries) Search(ctx context.Context, f SearchFilter) (SearchPage, error) {
	if f.Query.Empty() {
		return SearchPage{Hits: []SearchHit{}}, nil
	}
	var where []string
	var args []any
	if len(f.Kinds) > 0 {
		where = append(where, `d.kind IN (`+marks(len(f.Kinds))+`)`)
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	if f.OwnReportsOnly {
		where = append(where, `(d.kind <> ? OR d.unit = ?)`)
		args = append(args, model.SearchReport, f.ReportUnit)
	}
	limit, err := model.PageLimit(f.Limit, DefaultSearchLimit, MaxSearchLimit)
	if err != nil {
		return SearchPage{}, err
	}
	e := q.d.fullText
	from := e.fromFor(where)
	var ids []int64
	titled := 0 // the first titled ids hold the words in their title
	offset := max(0, f.Offset)
	for tier, match := range []func(search.Query) (string, []any){e.inTitle, e.inTextOnly} {
		m, margs := match(f.Query)
		cond := joinWhere(append([]string{m}, where...))
		targs := append(margs, args...)
		want := limit + 1 - len(ids)
		page := ` ORDER BY ` + e.id + ` DESC LIMIT ` + strconv.Itoa(want) + ` OFFSET ` + strconv.Itoa(offset)
		var got []int64
		if e.recent != nil && f.Query.Compound() {
			// The newest documents first: enough for a phrase that is
			// common, and a bounded cost for one that is not.
			if got, err = q.int64s(ctx, `SELECT `+e.id+` FROM `+e.recent()+cond+page, targs...); err != nil {
				return SearchPage{}, fmt.Errorf("store: search: %w", err)
			}
		}
		if len(got) < want {
			if got, err = q.int64s(ctx, `SELECT `+e.id+` FROM `+from+cond+page, targs...); err != nil {
				return SearchPage{}, fmt.Errorf("store: search: %w", err)
			}
		}
		ids = append(ids, got...)
		if tier == 0 {
			titled = len(ids)
		}
		if len(got) == want {
			break
		}
		// This tier ran out: the next one's rows follow its last.
		switch {
		case len(got) > 0:
			offset = 0
		case offset > 0:
			var n int
			if err := q.queryRow(ctx, `SELECT count(*) FROM `+from+cond, targs...).Scan(&n); err != nil {
				return SearchPage{}, fmt.Errorf("store: search: %w", err)
			}
			offset -= n
		}
	}
	out := SearchPage{Hits: []SearchHit{}}
	if out.More = len(ids) > limit; out.More {
		ids = ids[:limit]
	}
	if len(ids) == 0 {
		return out, nil
	}
	docs := make(map[int64]SearchHit, len(ids))
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	rows, err := q.query(ctx, `SELECT id, kind, ref, unit, title, body FROM search_docs WHERE id IN (`+marks(len(ids))+`)`, idArgs...)
	if err != nil {
		return SearchPage{}, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h SearchHit
		if err := rows.Scan(&id, &h.Kind, &h.Ref, &h.Unit, &h.Title, &h.Body); err != nil {
			return SearchPage{}, fmt.Errorf("store: search: %w", err)
		}
		docs[id] = h
	}
	if err := rows.Err(); err != nil {
		return SearchPage{}, fmt.Errorf("store: search: %w", err)
	}
	for i, id := range ids {
		if h, ok := docs[id]; ok {
			if i < titled {
				h.Score = 1
			}
			out.Hits = append(out.Hits, h)
		}
	}
	return out, nil
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

// indexDoc writes (or rewrites) the search document of one thing. tokens
// may hold more than title and body (a measure's code, a speech's speaker).
func (tx *Tx) indexDoc(ctx context.Context, doc []any) error {
	_, err := tx.exec(ctx, `INSERT INTO search_docs (`+strings.Join(searchDocColumns, ", ")+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref) DO UPDATE SET unit = excluded.unit, title = excluded.title, body = excluded.body,
			title_tokens = excluded.title_tokens, tokens = excluded.tokens`,
		doc...)
	if err != nil {
		return fmt.Errorf("store: index %s %s: %w", doc[0], doc[1], err)
	}
	return nil
}

func (tx *Tx) unindexDoc(ctx context.Context, kind, ref string) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE kind = ? AND ref = ?`, kind, ref); err != nil {
		return fmt.Errorf("store: unindex %s %s: %w", kind, ref, err)
	}
	return nil
}

// searchDocColumns are the columns written of a search document, in the
// order searchDoc gives them.
var searchDocColumns = []string{"kind", "ref", "unit", "title", "body", "title_tokens", "tokens"}

// searchDoc is one search document's row: title and body as shown, the
// thing's own title words (a speech's title is shown with its meeting's,
// but only its own words rank it first; a report has none), and tokens,
// which may hold more than title and body (a measure's code, a speech's
// speaker).
func searchDoc(kind, ref, unit, title, body, ownTitle, tokens string) []any {
	return []any{kind, ref, unit, title, body, search.IndexText(ownTitle), tokens}
}

// The documents of each kind of thing. Each write path that changes a
// thing's text calls its index function in the same transaction.

func measureDoc(m *model.Measure) []any {
	return searchDoc(model.SearchMeasure, m.Code, "", m.Title, m.Detail, m.Title, search.IndexText(m.Code, m.Title, m.Detail))
}

func (tx *Tx) indexMeasure(ctx context.Context, m *model.Measure) error {
	return tx.indexDoc(ctx, measureDoc(m))
}

// speechRef is an agenda item's ref: its meeting and its own id, so a
// result can link to the item on the meeting's page.
func speechRef(meeting, item int64) string {
	return strconv.FormatInt(meeting, 10) + "/" + strconv.FormatInt(item, 10)
}

func speechTitle(meetingTitle, itemTitle string) string { return meetingTitle + " · " + itemTitle }

// indexMeeting indexes a meeting's title and each agenda item's text, and
// drops the documents of the items the change deleted.
func (tx *Tx) indexMeeting(ctx context.Context, m *model.Meeting, dropped []int64) error {
	ref := strconv.FormatInt(m.ID, 10)
	if err := tx.indexDoc(ctx, searchDoc(model.SearchMeeting, ref, "", m.Title, "", m.Title, search.IndexText(m.Title))); err != nil {
		return err
	}
	for _, it := range m.Items {
		if err := tx.indexDoc(ctx, searchDoc(model.SearchSpeech, speechRef(m.ID, it.ID), "", speechTitle(m.Title, it.Title), it.Text, it.Title,
			search.IndexText(it.Title, it.Speaker, it.Text))); err != nil {
			return err
		}
	}
	for _, id := range dropped {
		if err := tx.unindexDoc(ctx, model.SearchSpeech, speechRef(m.ID, id)); err != nil {
			return err
		}
	}
	return nil
}

// reportBody is a report's four sections as one text.
func reportBody(achievements, situation, problems, next string) string {
	return strings.Join([]string{achievements, situation, problems, next}, "\n")
}

func (tx *Tx) indexReport(ctx context.Context, r *model.UnitReport) error {
	body := reportBody(r.Achievements, r.Situation, r.Problems, r.NextMeasures)
	return tx.indexDoc(ctx, searchDoc(model.SearchReport, r.Unit+"/"+r.Period, r.Unit, r.Unit+" "+r.Period, body, "", search.IndexText(body)))
}

func (tx *Tx) indexProblem(ctx context.Context, p *model.Problem) error {
	return tx.indexDoc(ctx, searchDoc(model.SearchProblem, p.Code, "", p.Title, p.Description, p.Title, search.IndexText(p.Code, p.Title, p.Description)))
}

// SearchIndexSize counts the indexed documents.
func (q Queries) SearchIndexSize(ctx context.Context) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT count(*) FROM search_docs`).Scan(&n)
	return n, err
}

// Reindex rebuilds the search index from the meetings, agenda items,
// measures, reports and problems in the database, in one transaction. It is
// for databases whose rows were written without the index: ones migrated
// from before 0009 (Migrate calls it) and bulk loads (the benchmark
// generator).
func (s *Store) Reindex(ctx context.Context) error {
	return s.Write(ctx, func(tx *Tx) error { return tx.Reindex(ctx) })
}

// Reindex rebuilds the search index inside tx.
func (tx *Tx) Reindex(ctx context.Context) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_docs`); err != nil {
		return fmt.Errorf("store: reindex: %w", err)
	}
	var batch [][]any
	flush := func(force bool) error {
		if len(batch) == 0 || (!force && len(batch) < 2000) {
			return nil
		}
		err := tx.BulkInsert(ctx, "search_docs", searchDocColumns, batch)
		batch = batch[:0]
		return err
	}
	each := func(query string, row func(rows *sql.Rows) ([]any, error)) error {
		rows, err := tx.query(ctx, query)
		if err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		// Read all rows first: some drivers cannot interleave a
		// transaction's reads and writes on one connection.
		var docs [][]any
		for rows.Next() {
			d, err := row(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("store: reindex: %w", err)
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: reindex: %w", err)
		}
		for _, d := range docs {
			batch = append(batch, d)
			if err := flush(false); err != nil {
				return err
			}
		}
		return flush(true)
	}
	err := each(`SELECT id, title FROM meetings`, func(rows *sql.Rows) ([]any, error) {
		var id int64
		var title string
		err := rows.Scan(&id, &title)
		return searchDoc(model.SearchMeeting, strconv.FormatInt(id, 10), "", title, "", title, search.IndexText(title)), err
	})
	if err != nil {
		return err
	}
	err = each(`SELECT i.id, i.meeting_id, m.title, i.title, i.speaker, i.body FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id`,
		func(rows *sql.Rows) ([]any, error) {
			var id, meeting int64
			var mt, title, speaker, body string
			err := rows.Scan(&id, &meeting, &mt, &title, &speaker, &body)
			return searchDoc(model.SearchSpeech, speechRef(meeting, id), "", speechTitle(mt, title), body, title, search.IndexText(title, speaker, body)), err
		})
	if err != nil {
		return err
	}
	err = each(`SELECT code, title, detail FROM measures`, func(rows *sql.Rows) ([]any, error) {
		var m model.Measure
		err := rows.Scan(&m.Code, &m.Title, &m.Detail)
		return measureDoc(&m), err
	})
	if err != nil {
		return err
	}
	err = each(`SELECT unit, period, achievements, situation, problems, next_measures FROM unit_reports`, func(rows *sql.Rows) ([]any, error) {
		var unit, period, a, s, p, n string
		err := rows.Scan(&unit, &period, &a, &s, &p, &n)
		body := reportBody(a, s, p, n)
		return searchDoc(model.SearchReport, unit+"/"+period, unit, unit+" "+period, body, "", search.IndexText(body)), err
	})
	if err != nil {
		return err
	}
	return each(`SELECT code, title, description FROM problems`, func(rows *sql.Rows) ([]any, error) {
		var code, title, desc string
		err := rows.Scan(&code, &title, &desc)
		return searchDoc(model.SearchProblem, code, "", title, desc, title, search.IndexText(code, title, desc)), err
	})
}

// backfillSearch indexes a database that has searchable rows but an empty
// index: one that held data before migration 0009. An empty database, or
// one whose index is filled, costs two small queries. Servers starting
// together on one PostgreSQL take turns, as they do for migrations, so only
// the first builds the index.
func (s *Store) backfillSearch(ctx context.Context) error {
	return s.Write(ctx, func(tx *Tx) error {
		if err := tx.d.lockMigrations(ctx, tx); err != nil {
			return err
		}
		n, err := tx.SearchIndexSize(ctx)
		if err != nil || n > 0 {
			return err
		}
		var sources int
		err = tx.queryRow(ctx, `SELECT (SELECT count(*) FROM meetings) + (SELECT count(*) FROM measures)
			+ (SELECT count(*) FROM unit_reports) + (SELECT count(*) FROM problems)`).Scan(&sources)
		if err != nil || sources == 0 {
			return err
		}
		return tx.Reindex(ctx)
	})
}
