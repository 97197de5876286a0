package store

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// InsertMentions records the accounts comment id names.
func (tx *Tx) InsertMentions(ctx context.Context, id int64, accounts []string) error {
	if len(accounts) == 0 {
		return nil
	}
	rows := make([][]any, len(accounts))
	for i, a := range accounts {
		rows[i] = []any{id, a}
	}
	if err := tx.BulkInsert(ctx, "comment_mentions", []string{"comment_id", "account"}, rows); err != nil {
		return fmt.Errorf("store: mentions: %w", err)
	}
	return nil
}

// Mentions lists the comments that name account, newest first, only those
// not seen yet with unseen (index comment_mentions_unseen).
func (q Queries) Mentions(ctx context.Context, account string, unseen bool, limit int) ([]model.Mention, error) {
	where := `cm.account = ?`
	if unseen {
		where += ` AND cm.seen_at IS NULL`
	}
	rows, err := q.query(ctx, `SELECT c.id, m.code, m.title, c.author, c.body, c.created_at, cm.seen_at IS NOT NULL
		FROM comment_mentions cm JOIN comments c ON c.id = cm.comment_id JOIN measures m ON m.id = c.measure_id
		WHERE `+where+` ORDER BY cm.comment_id DESC LIMIT ?`, account, limit)
	if err != nil {
		return nil, fmt.Errorf("store: mentions: %w", err)
	}
	defer rows.Close()
	out := []model.Mention{}
	for rows.Next() {
		var x model.Mention
		var created int64
		if err := rows.Scan(&x.ID, &x.Measure, &x.MeasureTitle, &x.Author, &x.Text, &created, &x.Seen); err != nil {
			return nil, err
		}
		x.CreatedAt = msTime(created)
		out = append(out, x)
	}
	return out, rows.Err()
}

// CountUnseenMentions counts the comments naming account it has not seen.
func (q Queries) CountUnseenMentions(ctx context.Context, account string) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM comment_mentions WHERE account = ? AND seen_at IS NULL`, account).Scan(&n)
	return n, err
}

// SeeMentions marks the mentions of account on a measure's comments seen.
func (tx *Tx) SeeMentions(ctx context.Context, account string, measureID int64) error {
	_, err := tx.exec(ctx, `UPDATE comment_mentions SET seen_at = ? WHERE account = ? AND seen_at IS NULL
		AND comment_id IN (SELECT id FROM comments WHERE measure_id = ?)`, tx.now.UnixMilli(), account, measureID)
	return err
}

// OpenDrafts counts each speech's drafts still to decide, with its meeting,
// oldest meeting first (index drafts_open).
func (q Queries) OpenDrafts(ctx context.Context) ([]model.OpenDrafts, error) {
	rows, err := q.query(ctx, `SELECT i.meeting_id, i.id, mt.title, i.title, COUNT(*)
		FROM drafts d JOIN agenda_items i ON i.id = d.agenda_item JOIN meetings mt ON mt.id = i.meeting_id
		WHERE d.state = 'draft' GROUP BY i.meeting_id, i.id, mt.title, i.title, mt.day ORDER BY mt.day, i.id`)
	if err != nil {
		return nil, fmt.Errorf("store: open drafts: %w", err)
	}
	defer rows.Close()
	var out []model.OpenDrafts
	for rows.Next() {
		var o model.OpenDrafts
		if err := rows.Scan(&o.Meeting, &o.Item, &o.MeetingTitle, &o.ItemTitle, &o.Count); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
