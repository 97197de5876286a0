package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// OpenKeyProblems lists the problems of high severity still open or in
// progress, oldest first: the next meeting's proposed items.
func (q Queries) OpenKeyProblems(ctx context.Context) ([]model.ProblemLine, error) {
	rows, err := q.query(ctx, `SELECT p.code, p.title, p.owner_unit, p.severity FROM problems p
		WHERE p.status IN ('open', 'in_progress') AND p.severity = 'high' ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("store: open key problems: %w", err)
	}
	defer rows.Close()
	out := []model.ProblemLine{}
	for rows.Next() {
		var l model.ProblemLine
		if err := rows.Scan(&l.Code, &l.Title, &l.OwnerUnit, &l.Severity); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// JudgedIndicators lists the indicators of kind ("" for all) with their
// value for period, judged by the register's rule, by code.
func (q Queries) JudgedIndicators(ctx context.Context, period, kind string) ([]model.IndicatorFigure, error) {
	return q.judgedIndicators(ctx, period, kind)
}

// AgendaProposalsOn returns the proposals already added to a meeting's
// agenda: kind + "/" + ref → the agenda item.
func (q Queries) AgendaProposalsOn(ctx context.Context, meeting int64) (map[string]int64, error) {
	rows, err := q.query(ctx, `SELECT kind, ref, agenda_item FROM agenda_proposals WHERE meeting_id = ?`, meeting)
	if err != nil {
		return nil, fmt.Errorf("store: agenda proposals: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var kind, ref string
		var item int64
		if err := rows.Scan(&kind, &ref, &item); err != nil {
			return nil, err
		}
		out[kind+"/"+ref] = item
	}
	return out, rows.Err()
}

// AgendaProposalItem returns the agenda item a proposal was added as on a
// meeting, or 0 when it was not (or the item was removed since).
func (q Queries) AgendaProposalItem(ctx context.Context, meeting int64, kind, ref string) (int64, error) {
	var item int64
	err := q.queryRow(ctx, `SELECT agenda_item FROM agenda_proposals WHERE meeting_id = ? AND kind = ? AND ref = ?`, meeting, kind, ref).Scan(&item)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return item, err
}

// AddAgendaProposal records that a proposal became agenda item on meeting.
func (tx *Tx) AddAgendaProposal(ctx context.Context, meeting int64, kind, ref string, item int64, by string) error {
	_, err := tx.exec(ctx, `INSERT INTO agenda_proposals (meeting_id, kind, ref, agenda_item, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		meeting, kind, ref, item, by, tx.now.UnixMilli())
	if err != nil && isUnique(err) {
		return model.Errorf(model.ECONFLICT, "this item is already on the meeting's agenda")
	}
	return err
}
