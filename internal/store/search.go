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

// SearchHit is one search result: the document as indexed and its score
// (higher is better; the scale is the engine's own).
type SearchHit struct {
	Kind, Ref, Unit string
	Title, Body     string
	Score           float64
}

// SearchPage is a page of hits: whether there are more after it, and
// whether the matches were cut, more than maxRanked, so that only the newest
// maxRanked were ranked (Ranked says how many).
type SearchPage struct {
	Hits   []SearchHit
	More   bool
	Cut    bool
	Ranked int
}

// Search returns the documents matching every term of f.Query, best first.
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
	// A word in most documents (建设, "work") would make the engine score
	// every one of them; only the newest maxRanked matches are ranked.
	out := SearchPage{Hits: []SearchHit{}}
	var minID int64
	wq, wargs := e.windowSQL(f.Query, where, args)
	ids, err := q.int64s(ctx, wq, wargs...)
	if err != nil {
		return SearchPage{}, fmt.Errorf("store: search: %w", err)
	}
	if len(ids) > 0 {
		minID, out.Ranked = ids[0], maxRanked
		out.Cut = len(ids) > 1 // a match older than the window
	}
	query, args := e.rankSQL(f.Query, where, args, minID, limit+1, max(0, f.Offset))
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return SearchPage{}, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.Kind, &h.Ref, &h.Unit, &h.Title, &h.Body, &h.Score); err != nil {
			return SearchPage{}, fmt.Errorf("store: search: %w", err)
		}
		out.Hits = append(out.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return SearchPage{}, fmt.Errorf("store: search: %w", err)
	}
	if out.More = len(out.Hits) > limit; out.More {
		out.Hits = out.Hits[:limit]
	}
	return out, nil
}

// maxRanked bounds how many matches a search ranks: the newest ones.
// Scoring costs about a microsecond a match on SQLite, and nobody reads
// past the first pages of a word found in ten thousand documents.
// A variable so that a test can lower it.
var maxRanked = 2000

// indexDoc writes (or rewrites) the search document of one thing. tokens
// may hold more than title and body (a measure's code, a speech's speaker).
func (tx *Tx) indexDoc(ctx context.Context, kind, ref, unit, title, body, tokens string) error {
	_, err := tx.exec(ctx, `INSERT INTO search_docs (kind, ref, unit, title, body, tokens) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref) DO UPDATE SET unit = excluded.unit, title = excluded.title, body = excluded.body, tokens = excluded.tokens`,
		kind, ref, unit, title, body, tokens)
	if err != nil {
		return fmt.Errorf("store: index %s %s: %w", kind, ref, err)
	}
	return nil
}

func (tx *Tx) unindexDoc(ctx context.Context, kind, ref string) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE kind = ? AND ref = ?`, kind, ref); err != nil {
		return fmt.Errorf("store: unindex %s %s: %w", kind, ref, err)
	}
	return nil
}

// The documents of each kind of thing. Each write path that changes a
// thing's text calls its index function in the same transaction.

func measureDoc(m *model.Measure) []any {
	return []any{model.SearchMeasure, m.Code, "", m.Title, m.Detail, search.IndexText(m.Code, m.Title, m.Detail)}
}

func (tx *Tx) indexMeasure(ctx context.Context, m *model.Measure) error {
	return tx.indexDoc(ctx, model.SearchMeasure, m.Code, "", m.Title, m.Detail, search.IndexText(m.Code, m.Title, m.Detail))
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
	if err := tx.indexDoc(ctx, model.SearchMeeting, ref, "", m.Title, "", search.IndexText(m.Title)); err != nil {
		return err
	}
	for _, it := range m.Items {
		if err := tx.indexDoc(ctx, model.SearchSpeech, speechRef(m.ID, it.ID), "", speechTitle(m.Title, it.Title), it.Text,
			search.IndexText(it.Title, it.Speaker, it.Text)); err != nil {
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
	return tx.indexDoc(ctx, model.SearchReport, r.Unit+"/"+r.Period, r.Unit, r.Unit+" "+r.Period, body, search.IndexText(body))
}

func (tx *Tx) indexProblem(ctx context.Context, p *model.Problem) error {
	return tx.indexDoc(ctx, model.SearchProblem, p.Code, "", p.Title, p.Description, search.IndexText(p.Code, p.Title, p.Description))
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
	cols := []string{"kind", "ref", "unit", "title", "body", "tokens"}
	var batch [][]any
	flush := func(force bool) error {
		if len(batch) == 0 || (!force && len(batch) < 2000) {
			return nil
		}
		err := tx.BulkInsert(ctx, "search_docs", cols, batch)
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
		return []any{model.SearchMeeting, strconv.FormatInt(id, 10), "", title, "", search.IndexText(title)}, err
	})
	if err != nil {
		return err
	}
	err = each(`SELECT i.id, i.meeting_id, m.title, i.title, i.speaker, i.body FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id`,
		func(rows *sql.Rows) ([]any, error) {
			var id, meeting int64
			var mt, title, speaker, body string
			err := rows.Scan(&id, &meeting, &mt, &title, &speaker, &body)
			return []any{model.SearchSpeech, speechRef(meeting, id), "", speechTitle(mt, title), body, search.IndexText(title, speaker, body)}, err
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
		return []any{model.SearchReport, unit + "/" + period, unit, unit + " " + period, body, search.IndexText(body)}, err
	})
	if err != nil {
		return err
	}
	return each(`SELECT code, title, description FROM problems`, func(rows *sql.Rows) ([]any, error) {
		var code, title, desc string
		err := rows.Scan(&code, &title, &desc)
		return []any{model.SearchProblem, code, "", title, desc, search.IndexText(code, title, desc)}, err
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
