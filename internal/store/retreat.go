package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// A retreat's preparation (0028): topics, groups and requests for remarks.

// RetreatTopics lists a meeting's topics in order.
func (q Queries) RetreatTopics(ctx context.Context, meeting int64) ([]model.RetreatTopic, error) {
	rows, err := q.query(ctx, `SELECT id, meeting_id, seq, title, description FROM retreat_topics WHERE meeting_id = ? ORDER BY seq, id`, meeting)
	if err != nil {
		return nil, fmt.Errorf("store: topics of meeting %d: %w", meeting, err)
	}
	defer rows.Close()
	out := []model.RetreatTopic{}
	for rows.Next() {
		var t model.RetreatTopic
		if err := rows.Scan(&t.ID, &t.Meeting, &t.Seq, &t.Title, &t.Description); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// InsertRetreatTopic adds a topic; its Seq is set by the caller.
func (tx *Tx) InsertRetreatTopic(ctx context.Context, t *model.RetreatTopic) error {
	err := tx.queryRow(ctx, `INSERT INTO retreat_topics (meeting_id, seq, title, description) VALUES (?, ?, ?, ?) RETURNING id`,
		t.Meeting, t.Seq, t.Title, t.Description).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("store: insert topic: %w", err)
	}
	return nil
}

// UpdateRetreatTopic changes a topic of its meeting; ENOTFOUND when the
// meeting has no such topic.
func (tx *Tx) UpdateRetreatTopic(ctx context.Context, t model.RetreatTopic) error {
	res, err := tx.exec(ctx, `UPDATE retreat_topics SET seq = ?, title = ?, description = ? WHERE id = ? AND meeting_id = ?`,
		t.Seq, t.Title, t.Description, t.ID, t.Meeting)
	return affected(res, err, "topic", t.ID)
}

// DeleteRetreatTopic removes a topic of a meeting.
func (tx *Tx) DeleteRetreatTopic(ctx context.Context, meeting, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM retreat_topics WHERE id = ? AND meeting_id = ?`, id, meeting)
	return affected(res, err, "topic", id)
}

// affected turns an update or delete that touched no row into ENOTFOUND.
func affected(res sql.Result, err error, what string, id int64) error {
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		switch what {
		case "topic":
			return model.Errorf(model.ENOTFOUND, "topic %d not found", id)
		case "group":
			return model.Errorf(model.ENOTFOUND, "group %d not found", id)
		}
		return model.Errorf(model.ENOTFOUND, "request for remarks %d not found", id)
	}
	return nil
}

// RetreatGroups lists a meeting's groups in order.
func (q Queries) RetreatGroups(ctx context.Context, meeting int64) ([]model.RetreatGroup, error) {
	rows, err := q.query(ctx, `SELECT id, meeting_id, seq, name, convener, reporter, leaders, units, topics FROM retreat_groups
		WHERE meeting_id = ? ORDER BY seq, id`, meeting)
	if err != nil {
		return nil, fmt.Errorf("store: groups of meeting %d: %w", meeting, err)
	}
	defer rows.Close()
	out := []model.RetreatGroup{}
	for rows.Next() {
		var g model.RetreatGroup
		var leaders, units, topics string
		if err := rows.Scan(&g.ID, &g.Meeting, &g.Seq, &g.Name, &g.Convener, &g.Reporter, &leaders, &units, &topics); err != nil {
			return nil, err
		}
		for _, f := range []struct {
			s string
			v any
		}{{leaders, &g.Leaders}, {units, &g.Units}, {topics, &g.Topics}} {
			if err := json.Unmarshal([]byte(f.s), f.v); err != nil {
				return nil, fmt.Errorf("store: group %d: %w", g.ID, err)
			}
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func groupLists(g model.RetreatGroup) (leaders, units, topics string) {
	l, _ := json.Marshal(g.Leaders)
	u, _ := json.Marshal(g.Units)
	t, _ := json.Marshal(g.Topics)
	return string(l), string(u), string(t)
}

// InsertRetreatGroup adds a group.
func (tx *Tx) InsertRetreatGroup(ctx context.Context, g *model.RetreatGroup) error {
	l, u, t := groupLists(*g)
	err := tx.queryRow(ctx, `INSERT INTO retreat_groups (meeting_id, seq, name, convener, reporter, leaders, units, topics)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, g.Meeting, g.Seq, g.Name, g.Convener, g.Reporter, l, u, t).Scan(&g.ID)
	if err != nil {
		return fmt.Errorf("store: insert group: %w", err)
	}
	return nil
}

// UpdateRetreatGroup changes a group of its meeting.
func (tx *Tx) UpdateRetreatGroup(ctx context.Context, g model.RetreatGroup) error {
	l, u, t := groupLists(g)
	res, err := tx.exec(ctx, `UPDATE retreat_groups SET seq = ?, name = ?, convener = ?, reporter = ?, leaders = ?, units = ?, topics = ?
		WHERE id = ? AND meeting_id = ?`, g.Seq, g.Name, g.Convener, g.Reporter, l, u, t, g.ID, g.Meeting)
	return affected(res, err, "group", g.ID)
}

// DeleteRetreatGroup removes a group of a meeting.
func (tx *Tx) DeleteRetreatGroup(ctx context.Context, meeting, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM retreat_groups WHERE id = ? AND meeting_id = ?`, id, meeting)
	return affected(res, err, "group", id)
}

const remarksCols = `r.id, r.meeting_id, r.participant_kind, r.participant, r.due, r.requested_by, r.requested_at,
	r.title, r.body, r.submitted_on, r.submitted_at, r.submitted_by, f.name, f.format, f.size, f.sha256, f.author, f.created_at`

const remarksFrom = ` FROM retreat_remarks r LEFT JOIN retreat_remark_files f ON f.remark_id = r.id`

func scanRemarks(sc interface{ Scan(...any) error }) (model.Remarks, error) {
	var r model.Remarks
	var reqAt int64
	var on, at, fsize, fat sql.NullInt64
	var fname, fformat, fsha, fauthor sql.NullString
	if err := sc.Scan(&r.ID, &r.Meeting, &r.Participant.Kind, &r.Participant.Ref, &r.Due, &r.RequestedBy, &reqAt,
		&r.Title, &r.Text, &on, &at, &r.SubmittedBy, &fname, &fformat, &fsize, &fsha, &fauthor, &fat); err != nil {
		return r, err
	}
	r.RequestedAt = msTime(reqAt)
	if on.Valid {
		r.SubmittedOn = model.Date(on.Int64)
	}
	if at.Valid {
		t := msTime(at.Int64)
		r.SubmittedAt = &t
	}
	if fname.Valid {
		r.File = &model.SpeechFile{Name: fname.String, Format: fformat.String, Size: fsize.Int64, SHA256: fsha.String,
			Author: fauthor.String, CreatedAt: msTime(fat.Int64)}
	}
	return r, nil
}

// RemarksFilter picks requests for remarks: of one meeting, or of one
// participant, or open ones due by a day (the daily job).
type RemarksFilter struct {
	Meeting     int64
	Participant *model.Participant
	// OpenDueBy, when set, picks requests not yet submitted due on or
	// before that day.
	OpenDueBy model.Date
}

// RetreatRemarks lists requests for remarks, by meeting and id.
func (q Queries) RetreatRemarks(ctx context.Context, f RemarksFilter) ([]model.Remarks, error) {
	where, args := "1 = 1", []any{}
	if f.Meeting != 0 {
		where += " AND r.meeting_id = ?"
		args = append(args, f.Meeting)
	}
	if p := f.Participant; p != nil {
		where += " AND r.participant_kind = ? AND r.participant = ?"
		args = append(args, p.Kind, p.Ref)
	}
	if f.OpenDueBy != 0 {
		where += " AND r.submitted_at IS NULL AND r.due <= ?"
		args = append(args, int64(f.OpenDueBy))
	}
	rows, err := q.query(ctx, `SELECT `+remarksCols+remarksFrom+` WHERE `+where+` ORDER BY r.meeting_id, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: remarks: %w", err)
	}
	defer rows.Close()
	out := []model.Remarks{}
	for rows.Next() {
		r, err := scanRemarks(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RetreatRemark returns one request by id.
func (q Queries) RetreatRemark(ctx context.Context, id int64) (model.Remarks, error) {
	r, err := scanRemarks(q.queryRow(ctx, `SELECT `+remarksCols+remarksFrom+` WHERE r.id = ?`, id))
	if err != nil {
		return r, notFound(err, "request for remarks", id)
	}
	return r, nil
}

// InsertRemarksRequest asks a participant for remarks; a participant asked
// already keeps their request, its due day moved to r's. created is false
// for such a request.
func (tx *Tx) InsertRemarksRequest(ctx context.Context, r *model.Remarks) (created bool, err error) {
	var id int64
	err = tx.queryRow(ctx, `INSERT INTO retreat_remarks (meeting_id, participant_kind, participant, due, requested_by, requested_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, participant_kind, participant) DO NOTHING RETURNING id`,
		r.Meeting, r.Participant.Kind, r.Participant.Ref, int64(r.Due), r.RequestedBy, tx.now.UnixMilli()).Scan(&id)
	if err == sql.ErrNoRows {
		_, err = tx.exec(ctx, `UPDATE retreat_remarks SET due = ? WHERE meeting_id = ? AND participant_kind = ? AND participant = ?`,
			int64(r.Due), r.Meeting, r.Participant.Kind, r.Participant.Ref)
		return false, err
	}
	if err != nil {
		return false, fmt.Errorf("store: request remarks: %w", err)
	}
	r.ID, r.RequestedAt = id, msTime(tx.now.UnixMilli())
	return true, nil
}

// SetRemarksDue moves a request's due day.
func (tx *Tx) SetRemarksDue(ctx context.Context, id int64, due model.Date) error {
	res, err := tx.exec(ctx, `UPDATE retreat_remarks SET due = ? WHERE id = ?`, int64(due), id)
	return affected(res, err, "request for remarks", id)
}

// DeleteRemarksRequest withdraws a request, with what was submitted.
func (tx *Tx) DeleteRemarksRequest(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM retreat_remark_files WHERE remark_id = ?`, id); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `DELETE FROM retreat_remarks WHERE id = ?`, id)
	return affected(res, err, "request for remarks", id)
}

// SubmitRemarks records what a participant sent on day on: its title and
// text, and the file when one came (a new file replaces the old; none
// keeps it unless the text was typed instead, dropFile).
func (tx *Tx) SubmitRemarks(ctx context.Context, id int64, title, text, by string, on model.Date, f *model.SpeechFile, dropFile bool) error {
	res, err := tx.exec(ctx, `UPDATE retreat_remarks SET title = ?, body = ?, submitted_on = ?, submitted_at = ?, submitted_by = ? WHERE id = ?`,
		title, text, int64(on), tx.now.UnixMilli(), by, id)
	if err := affected(res, err, "request for remarks", id); err != nil {
		return err
	}
	if f == nil {
		if dropFile {
			_, err := tx.exec(ctx, `DELETE FROM retreat_remark_files WHERE remark_id = ?`, id)
			return err
		}
		return nil
	}
	f.CreatedAt = msTime(tx.now.UnixMilli())
	_, err = tx.exec(ctx, `INSERT INTO retreat_remark_files (remark_id, name, format, size, sha256, author, created_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (remark_id) DO UPDATE SET name = excluded.name, format = excluded.format, size = excluded.size,
		sha256 = excluded.sha256, author = excluded.author, created_at = excluded.created_at, content = excluded.content`,
		id, f.Name, f.Format, f.Size, f.SHA256, f.Author, f.CreatedAt.UnixMilli(), f.Data)
	return err
}

// RemarksFile returns the file a request's remarks came in, with its
// content.
func (q Queries) RemarksFile(ctx context.Context, id int64) (model.SpeechFile, error) {
	var f model.SpeechFile
	var at int64
	err := q.queryRow(ctx, `SELECT name, format, size, sha256, author, created_at, content FROM retreat_remark_files WHERE remark_id = ?`, id).
		Scan(&f.Name, &f.Format, &f.Size, &f.SHA256, &f.Author, &at, &f.Data)
	if err != nil {
		return f, notFound(err, "file of request for remarks", id)
	}
	f.CreatedAt = msTime(at)
	return f, nil
}
