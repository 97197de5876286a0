package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const draftCols = `id, agenda_item, seq, span_start, span_end, found, coalesce(parent, 0), title, theme, confidence,
	lead_unit, cooperating_units, leader, deadline, state, measure, coalesce(merged_into, 0)`

func scanDraft(sc interface{ Scan(...any) error }) (model.Draft, error) {
	var d model.Draft
	var coop string
	err := sc.Scan(&d.ID, &d.AgendaItem, &d.Seq, &d.Start, &d.End, &d.Found, &d.Parent, &d.Title, &d.Theme, &d.Confidence,
		&d.LeadUnit, &coop, &d.Leader, &d.Deadline, &d.State, &d.Measure, &d.MergedInto)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(coop), &d.CooperatingUnits); err != nil {
		return d, fmt.Errorf("store: draft %d: %w", d.ID, err)
	}
	if d.CooperatingUnits == nil {
		d.CooperatingUnits = []string{}
	}
	return d, nil
}

// Drafts lists an agenda item's drafts in order.
func (q Queries) Drafts(ctx context.Context, item int64) ([]model.Draft, error) {
	rows, err := q.query(ctx, `SELECT `+draftCols+` FROM drafts WHERE agenda_item = ? ORDER BY seq, id`, item)
	if err != nil {
		return nil, fmt.Errorf("store: drafts: %w", err)
	}
	defer rows.Close()
	out := []model.Draft{}
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Draft returns one draft.
func (q Queries) Draft(ctx context.Context, id int64) (model.Draft, error) {
	d, err := scanDraft(q.queryRow(ctx, `SELECT `+draftCols+` FROM drafts WHERE id = ?`, id))
	if err != nil {
		return d, notFound(err, "draft", id)
	}
	return d, nil
}

// InsertDraft adds a draft; d gets its id.
func (tx *Tx) InsertDraft(ctx context.Context, d *model.Draft) error {
	coop, _ := json.Marshal(nonNil(d.CooperatingUnits))
	return tx.queryRow(ctx, `INSERT INTO drafts (agenda_item, seq, span_start, span_end, found, parent, title, theme, confidence,
		lead_unit, cooperating_units, leader, deadline, state, measure, merged_into, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.AgendaItem, d.Seq, d.Start, d.End, d.Found, nullInt(int64(d.Parent)), d.Title, d.Theme, d.Confidence,
		d.LeadUnit, string(coop), d.Leader, d.Deadline, d.State, d.Measure, nullInt(d.MergedInto), tx.now.UnixMilli()).Scan(&d.ID)
}

// UpdateDraft rewrites a draft.
func (tx *Tx) UpdateDraft(ctx context.Context, d *model.Draft) error {
	coop, _ := json.Marshal(nonNil(d.CooperatingUnits))
	res, err := tx.exec(ctx, `UPDATE drafts SET seq = ?, span_start = ?, span_end = ?, found = ?, parent = ?, title = ?, theme = ?,
		confidence = ?, lead_unit = ?, cooperating_units = ?, leader = ?, deadline = ?, state = ?, measure = ?, merged_into = ?,
		updated_at = ? WHERE id = ?`,
		d.Seq, d.Start, d.End, d.Found, nullInt(int64(d.Parent)), d.Title, d.Theme, d.Confidence, d.LeadUnit, string(coop),
		d.Leader, d.Deadline, d.State, d.Measure, nullInt(d.MergedInto), tx.now.UnixMilli(), d.ID)
	if err != nil {
		return fmt.Errorf("store: update draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "draft %d not found", d.ID)
	}
	return nil
}

// DeleteDraft removes a draft nobody decided on.
func (tx *Tx) DeleteDraft(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `DELETE FROM drafts WHERE id = ?`, id)
	return err
}

// SetMeasureSource moves a measure's link into its agenda item's text, after
// an edit of the speech moved the words it came from.
func (tx *Tx) SetMeasureSource(ctx context.Context, code string, src model.Source) error {
	_, err := tx.exec(ctx, `UPDATE measures SET source_start = ?, source_end = ? WHERE code = ?`, src.Start, src.End, code)
	return err
}

// LearnedMeasure is what the unit suggester learns from one measure: who
// leads it and what theme the office gave it.
type LearnedMeasure struct {
	ID    int64
	Text  string
	Unit  string
	Theme string
}

// LearnedMeasures returns the measures written after counter value after
// (cancelled ones are not examples to learn from) and the value reached.
func (q Queries) LearnedMeasures(ctx context.Context, after int64) ([]LearnedMeasure, int64, error) {
	rows, err := q.query(ctx, `SELECT id, title, detail, lead_unit, theme, rev FROM measures WHERE rev > ? AND cancelled = 0 ORDER BY rev`, after)
	if err != nil {
		return nil, after, fmt.Errorf("store: learned measures: %w", err)
	}
	defer rows.Close()
	var out []LearnedMeasure
	last := after
	for rows.Next() {
		var m LearnedMeasure
		var title, detail string
		var rev int64
		if err := rows.Scan(&m.ID, &title, &detail, &m.Unit, &m.Theme, &rev); err != nil {
			return nil, after, err
		}
		m.Text = title + "\n" + detail
		out = append(out, m)
		last = max(last, rev)
	}
	return out, last, rows.Err()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}
