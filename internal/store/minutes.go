package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// NextMinutesNumber reserves the next number of a kind of meeting's
// minutes in a year (its own series: 校长办公会议纪要 and 党委常委会会议纪要
// count apart); the counter row stays locked until the transaction ends.
func (tx *Tx) NextMinutesNumber(ctx context.Context, kind string, year int) (int, error) {
	n, err := tx.Bump(ctx, "minutes_seq:"+kind+":"+strconv.Itoa(year))
	return int(n), err
}

// InsertMinutes records issued minutes, frozen as JSON. A meeting with
// standing minutes gets no second set: ECONFLICT.
func (tx *Tx) InsertMinutes(ctx context.Context, m *model.Minutes) error {
	m.IssuedAt = msTime(tx.now.UnixMilli())
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("store: minutes: %w", err)
	}
	err = tx.queryRow(ctx, `INSERT INTO minutes (meeting_id, kind, year, number, issued_on, issued_at, issuer, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Meeting, m.Kind, m.Year, m.Number, int64(m.IssuedOn), tx.now.UnixMilli(), m.Issuer, string(body)).Scan(&m.ID)
	if err != nil {
		if isUnique(err) {
			return model.Errorf(model.ECONFLICT, "the minutes of meeting %d are issued already; void them to issue new ones", m.Meeting)
		}
		return fmt.Errorf("store: insert minutes: %w", err)
	}
	return nil
}

const minutesCols = `id, body, voided_at, voided_by, void_reason`

func scanMinutes(sc interface{ Scan(...any) error }) (model.Minutes, error) {
	var m model.Minutes
	var id int64
	var body string
	var voided sql.NullInt64
	var by, reason string
	if err := sc.Scan(&id, &body, &voided, &by, &reason); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return m, fmt.Errorf("store: minutes %d: %w", id, err)
	}
	m.ID, m.Voided = id, voidOf(voided, by, reason)
	return m, nil
}

// MeetingMinutes lists a meeting's minutes, standing and voided, the
// latest first.
func (q Queries) MeetingMinutes(ctx context.Context, meeting int64) ([]model.Minutes, error) {
	rows, err := q.query(ctx, `SELECT `+minutesCols+` FROM minutes WHERE meeting_id = ? ORDER BY id DESC`, meeting)
	if err != nil {
		return nil, fmt.Errorf("store: minutes of meeting %d: %w", meeting, err)
	}
	defer rows.Close()
	out := []model.Minutes{}
	for rows.Next() {
		m, err := scanMinutes(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Minutes returns issued minutes by id.
func (q Queries) Minutes(ctx context.Context, id int64) (model.Minutes, error) {
	m, err := scanMinutes(q.queryRow(ctx, `SELECT `+minutesCols+` FROM minutes WHERE id = ?`, id))
	if err != nil {
		return m, notFound(err, "minutes", id)
	}
	return m, nil
}

// VoidMinutes marks standing minutes voided; ECONFLICT when they are
// voided already.
func (tx *Tx) VoidMinutes(ctx context.Context, id int64, by, reason string) error {
	return tx.void(ctx, "minutes", "minutes", id, by, reason)
}
