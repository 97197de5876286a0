package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Meetings lists meetings, latest first, with how many measures came from each.
func (q Queries) Meetings(ctx context.Context, kinds ...string) ([]model.MeetingSummary, error) {
	var where string
	var args []any
	if len(kinds) > 0 {
		where = "WHERE m.kind IN (?" + strings.Repeat(", ?", len(kinds)-1) + ")"
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	rows, err := q.query(ctx, `SELECT m.id, m.kind, m.title, m.day, m.place, m.presider, m.attendees, m.on_leave, m.sitting_in, m.period,
		(SELECT count(*) FROM measures x JOIN agenda_items i ON i.id = x.source_item WHERE i.meeting_id = m.id)
		FROM meetings m `+where+` ORDER BY m.day DESC, m.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.MeetingSummary
	for rows.Next() {
		var s model.MeetingSummary
		m := &s.Meeting
		if err := rows.Scan(&m.ID, &m.Kind, &m.Title, &m.Date, &m.Place, &m.Presider, &m.Attendees, &m.OnLeave, &m.SittingIn, &m.Period, &s.Measures); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Meeting returns a meeting with its agenda items in order.
func (q Queries) Meeting(ctx context.Context, id int64) (model.Meeting, error) {
	var m model.Meeting
	err := q.queryRow(ctx, `SELECT id, kind, title, day, place, presider, attendees, on_leave, sitting_in, period FROM meetings WHERE id = ?`, id).
		Scan(&m.ID, &m.Kind, &m.Title, &m.Date, &m.Place, &m.Presider, &m.Attendees, &m.OnLeave, &m.SittingIn, &m.Period)
	if err != nil {
		return m, notFound(err, "meeting", id)
	}
	rows, err := q.query(ctx, `SELECT i.id, i.seq, i.kind, i.title, i.speaker, i.body,
		f.name, f.format, f.size, f.sha256, f.author, f.created_at
		FROM agenda_items i LEFT JOIN agenda_files f ON f.item_id = i.id WHERE i.meeting_id = ? ORDER BY i.seq`, id)
	if err != nil {
		return m, err
	}
	defer rows.Close()
	for rows.Next() {
		var it model.AgendaItem
		var name, format, sum, author sql.NullString
		var size, at sql.NullInt64
		if err := rows.Scan(&it.ID, &it.Seq, &it.Kind, &it.Title, &it.Speaker, &it.Text, &name, &format, &size, &sum, &author, &at); err != nil {
			return m, err
		}
		if name.Valid {
			it.File = &model.SpeechFile{Name: name.String, Format: format.String, Size: size.Int64, SHA256: sum.String,
				Author: author.String, CreatedAt: msTime(at.Int64)}
		}
		m.Items = append(m.Items, it)
	}
	return m, rows.Err()
}

// SpeechFile returns the file an agenda item's text was read from, with
// its content.
func (q Queries) SpeechFile(ctx context.Context, item int64) (model.SpeechFile, error) {
	var f model.SpeechFile
	var at int64
	err := q.queryRow(ctx, `SELECT name, format, size, sha256, author, created_at, content FROM agenda_files WHERE item_id = ?`, item).
		Scan(&f.Name, &f.Format, &f.Size, &f.SHA256, &f.Author, &at, &f.Data)
	if err != nil {
		return f, notFound(err, "speech file of agenda item", item)
	}
	f.CreatedAt = msTime(at)
	return f, nil
}

// putSpeechFile keeps the file an item's text was read from, replacing
// the one it had.
func (tx *Tx) putSpeechFile(ctx context.Context, item int64, f *model.SpeechFile) error {
	f.CreatedAt = msTime(tx.now.UnixMilli())
	_, err := tx.exec(ctx, `INSERT INTO agenda_files (item_id, name, format, size, sha256, author, created_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (item_id) DO UPDATE SET name = excluded.name, format = excluded.format, size = excluded.size,
		sha256 = excluded.sha256, author = excluded.author, created_at = excluded.created_at, content = excluded.content`,
		item, f.Name, f.Format, f.Size, f.SHA256, f.Author, f.CreatedAt.UnixMilli(), f.Data)
	return err
}

// AgendaItem returns one agenda item and the id of its meeting.
func (q Queries) AgendaItem(ctx context.Context, id int64) (model.AgendaItem, int64, error) {
	var it model.AgendaItem
	var meeting int64
	err := q.queryRow(ctx, `SELECT id, seq, kind, title, speaker, body, meeting_id FROM agenda_items WHERE id = ?`, id).
		Scan(&it.ID, &it.Seq, &it.Kind, &it.Title, &it.Speaker, &it.Text, &meeting)
	if err != nil {
		return it, 0, notFound(err, "agenda item", id)
	}
	return it, meeting, nil
}

// InsertMeeting adds a meeting with its agenda and returns its id; the
// agenda items get their ids filled in.
func (tx *Tx) InsertMeeting(ctx context.Context, m *model.Meeting) error {
	err := tx.queryRow(ctx, `INSERT INTO meetings (kind, title, day, place, presider, attendees, on_leave, sitting_in, period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Kind, m.Title, int64(m.Date), m.Place, m.Presider, m.Attendees, m.OnLeave, m.SittingIn, m.Period).Scan(&m.ID)
	if err != nil {
		return err
	}
	return tx.saveAgenda(ctx, m)
}

// UpdateMeeting rewrites a meeting and its agenda. Items keep their ids (and
// so the measures that link to them) when the input carries them; items left
// out are deleted unless a measure still points at them.
func (tx *Tx) UpdateMeeting(ctx context.Context, m *model.Meeting) error {
	res, err := tx.exec(ctx, `UPDATE meetings SET kind = ?, title = ?, day = ?, place = ?, presider = ?, attendees = ?, on_leave = ?, sitting_in = ?, period = ? WHERE id = ?`,
		m.Kind, m.Title, int64(m.Date), m.Place, m.Presider, m.Attendees, m.OnLeave, m.SittingIn, m.Period, m.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "meeting %d not found", m.ID)
	}
	return tx.saveAgenda(ctx, m)
}

func (tx *Tx) saveAgenda(ctx context.Context, m *model.Meeting) error {
	keep := map[int64]bool{}
	for i := range m.Items {
		it := &m.Items[i]
		if it.ID != 0 {
			res, err := tx.exec(ctx, `UPDATE agenda_items SET seq = ?, kind = ?, title = ?, speaker = ?, body = ? WHERE id = ? AND meeting_id = ?`,
				it.Seq, it.Kind, it.Title, it.Speaker, it.Text, it.ID, m.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return model.Invalid("agenda", "agenda item %d is not part of this meeting", it.ID)
			}
		} else if err := tx.queryRow(ctx, `INSERT INTO agenda_items (meeting_id, seq, kind, title, speaker, body) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			m.ID, it.Seq, it.Kind, it.Title, it.Speaker, it.Text).Scan(&it.ID); err != nil {
			return err
		}
		keep[it.ID] = true
		if it.Upload != nil {
			if err := tx.putSpeechFile(ctx, it.ID, it.Upload); err != nil {
				return err
			}
			it.File, it.Upload = it.Upload, nil
		}
	}
	rows, err := tx.query(ctx, `SELECT id, (SELECT count(*) FROM measures WHERE source_item = agenda_items.id) FROM agenda_items WHERE meeting_id = ?`, m.ID)
	if err != nil {
		return err
	}
	var drop []int64
	for rows.Next() {
		var id int64
		var used int
		if err := rows.Scan(&id, &used); err != nil {
			rows.Close()
			return err
		}
		if !keep[id] {
			if used > 0 {
				rows.Close()
				return model.Errorf(model.ECONFLICT, "agenda item %d has measures linked to it and cannot be removed", id)
			}
			drop = append(drop, id)
		}
	}
	rows.Close()
	for _, id := range drop {
		if _, err := tx.exec(ctx, `DELETE FROM agenda_items WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return tx.indexMeeting(ctx, m, drop)
}
