package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// NoticeSubjects returns every measure led by unit that the notice rules
// look at on day t.Day (open: not cancelled, not complete, started), in id
// order, with the day of its latest progress report and, from unsigned
// (UnsignedSupervision), of its oldest unsigned supervision notice. The
// daily job calls it once a day for each unit, so that it holds one unit's
// measures at a time, not every open measure (measures_board covers the
// reads).
func (q Queries) NoticeSubjects(ctx context.Context, t model.Today, unit string, unsigned map[int64]model.Date) ([]model.NoticeSubject, error) {
	rows, err := q.query(ctx, `SELECT `+measureCols+` FROM measures m
		WHERE m.lead_unit = ? AND m.cancelled = 0 AND m.progress < 100 AND m.start_day <= ? ORDER BY m.id`, unit, int64(t.Day))
	if err != nil {
		return nil, fmt.Errorf("store: notice subjects: %w", err)
	}
	ms, err := collectMeasures(rows, t)
	if err != nil {
		return nil, err
	}
	last := map[int64]model.Date{}
	// last_report_day is each measure's last report not withdrawn, kept
	// with its reports.
	pr, err := q.query(ctx, `SELECT m.id, m.last_report_day FROM measures m
		WHERE m.lead_unit = ? AND m.cancelled = 0 AND m.progress < 100 AND m.start_day <= ? AND m.last_report_day IS NOT NULL`, unit, int64(t.Day))
	if err != nil {
		return nil, fmt.Errorf("store: last reports: %w", err)
	}
	defer pr.Close()
	for pr.Next() {
		var id int64
		var d model.Date
		if err := pr.Scan(&id, &d); err != nil {
			return nil, err
		}
		last[id] = d
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	out := make([]model.NoticeSubject, len(ms))
	for i, m := range ms {
		out[i] = model.NoticeSubject{Measure: m, LastReport: last[m.ID], UnsignedSince: unsigned[m.ID]}
	}
	return out, nil
}

// UnsignedSupervision returns, for each measure with a supervision notice
// not signed for (nor voided), the day of the oldest: few, read once for
// a day's NoticeSubjects.
func (q Queries) UnsignedSupervision(ctx context.Context) (map[int64]model.Date, error) {
	out := map[int64]model.Date{}
	rows, err := q.query(ctx, `SELECT measure_id, MIN(day) FROM notices
		WHERE kind = 'supervision' AND signed_at IS NULL AND voided_at IS NULL AND measure_id IS NOT NULL GROUP BY measure_id`)
	if err != nil {
		return nil, fmt.Errorf("store: unsigned notices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var d model.Date
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, rows.Err()
}

// SignNotice records that by signed for notice id now; false when it was
// signed for already (the first signature stands).
func (tx *Tx) SignNotice(ctx context.Context, id int64, by string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE notices SET signed_at = ?, signed_by = ? WHERE id = ? AND signed_at IS NULL`, tx.now.UnixMilli(), by, id)
	if err != nil {
		return false, fmt.Errorf("store: sign notice: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SetReceipt keeps a unit's receipt for notice id, replacing the one it had.
func (tx *Tx) SetReceipt(ctx context.Context, id int64, r *model.Receipt) error {
	r.At = msTime(tx.now.UnixMilli())
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: receipt: %w", err)
	}
	_, err = tx.exec(ctx, `UPDATE notices SET receipt = ? WHERE id = ?`, string(b), id)
	return err
}

// NoticeOccasions returns which of the occasions already have a notice.
func (q Queries) NoticeOccasions(ctx context.Context, occasions []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(occasions) > 0 {
		n := min(len(occasions), 500)
		batch := occasions[:n]
		occasions = occasions[n:]
		args := make([]any, len(batch))
		for i, o := range batch {
			args[i] = o
		}
		rows, err := q.query(ctx, `SELECT occasion FROM notices WHERE occasion IN (`+marks(len(batch))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: notice occasions: %w", err)
		}
		for rows.Next() {
			var o string
			if err := rows.Scan(&o); err != nil {
				rows.Close()
				return nil, err
			}
			out[o] = true
		}
		err = rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// InsertNotices records notices, each with the next number of its kind's
// series for its year, a hundred notices per statement, and their
// recipients in one statement.
// A notice whose occasion already has one is skipped (its number then
// stays unused: the daily job's day guard keeps that from happening). It
// fills in ID, Number and Created of each notice written and returns them.
func (tx *Tx) InsertNotices(ctx context.Context, ns []model.Notice, measureIDs []int64) ([]model.Notice, error) {
	// Reserve each series' numbers with one counter update.
	type series struct {
		kind model.NoticeKind
		year int
	}
	count := map[series]int64{}
	for _, n := range ns {
		count[series{n.Kind, n.Year}]++
	}
	next := map[series]int64{}
	for k, c := range count {
		var last int64
		err := tx.queryRow(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value RETURNING value`,
			"notice_seq:"+string(k.kind)+":"+strconv.Itoa(k.year), c).Scan(&last)
		if err != nil {
			return nil, fmt.Errorf("store: notice numbers: %w", err)
		}
		next[k] = last - c + 1
	}
	now := tx.now.UnixMilli()
	byOccasion := make(map[string]int, len(ns))
	ns = slices.Clone(ns)
	for i := range ns {
		k := series{ns[i].Kind, ns[i].Year}
		ns[i].Number, ns[i].Created = int(next[k]), msTime(now)
		if ns[i].NumberFormat != "" {
			ns[i].NumberText = model.FillNumber(ns[i].NumberFormat, ns[i].Year, ns[i].Number)
		}
		next[k]++
		byOccasion[ns[i].Trigger] = i
	}
	var out []model.Notice
	for start := 0; start < len(ns); start += 100 {
		chunk := ns[start:min(start+100, len(ns))]
		args := make([]any, 0, 12*len(chunk))
		for i, n := range chunk {
			snap, err := json.Marshal(n.Snapshot)
			if err != nil {
				return nil, err
			}
			var mid any
			if id := measureIDs[start+i]; id != 0 {
				mid = id
			}
			args = append(args, string(n.Kind), n.Year, n.Number, n.NumberText, int64(n.Day), now, mid, n.Measure, n.Unit, n.Leader, n.Trigger, string(snap))
		}
		rows, err := tx.query(ctx, `INSERT INTO notices (kind, year, number, number_text, day, created_at, measure_id, measure, unit, leader, occasion, snapshot)
			VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", len(chunk)), ", ")+`
			ON CONFLICT (occasion) DO NOTHING RETURNING id, occasion`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: insert notices: %w", err)
		}
		for rows.Next() {
			var id int64
			var occ string
			if err := rows.Scan(&id, &occ); err != nil {
				rows.Close()
				return nil, err
			}
			n := ns[byOccasion[occ]]
			n.ID = id
			out = append(out, n)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b model.Notice) int { return cmp.Compare(a.ID, b.ID) })
	// Recipients go in one statement, notices with the same recipients
	// (a unit's accounts, mostly) together: [[ids…], [accounts…]] per
	// group, which the engine crosses into rows.
	groups := map[string]int{}
	var ids [][]int64
	var accts [][]string
	for _, n := range out {
		if len(n.Recipients) == 0 {
			continue
		}
		key := strings.Join(n.Recipients, "\x00")
		g, ok := groups[key]
		if !ok {
			g = len(ids)
			groups[key] = g
			ids, accts = append(ids, nil), append(accts, n.Recipients)
		}
		ids[g] = append(ids[g], n.ID)
	}
	if len(ids) > 0 {
		arg := make([][2]any, len(ids))
		for g := range ids {
			arg[g] = [2]any{ids[g], accts[g]}
		}
		js, err := json.Marshal(arg)
		if err != nil {
			return nil, err
		}
		if _, err := tx.exec(ctx, `INSERT INTO notice_recipients (notice_id, account) `+tx.d.recipientGroupsSQL, string(js)); err != nil {
			return nil, fmt.Errorf("store: notice recipients: %w", err)
		}
	}
	return out, nil
}

// A page of notices holds DefaultNoticeLimit notices unless the caller asks
// for another number, at most MaxNoticeLimit; more is refused.
const (
	DefaultNoticeLimit = 50
	MaxNoticeLimit     = 500
)

const noticeCols = `n.id, n.kind, n.year, n.number, n.number_text, n.day, n.created_at, n.measure, n.unit, n.leader, n.occasion, n.snapshot, coalesce(n.agenda_item, 0),
	n.voided_at, n.voided_by, n.void_reason, n.signed_at, n.signed_by, n.receipt`

func scanNotice(sc interface{ Scan(...any) error }, extra ...any) (model.Notice, error) {
	var n model.Notice
	var at int64
	var snap string
	var voided, signed sql.NullInt64
	var by, reason, signedBy, receipt string
	dest := append([]any{&n.ID, &n.Kind, &n.Year, &n.Number, &n.NumberText, &n.Day, &at, &n.Measure, &n.Unit, &n.Leader, &n.Trigger, &snap, &n.AgendaItem,
		&voided, &by, &reason, &signed, &signedBy, &receipt}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return n, err
	}
	n.Created = msTime(at)
	n.Voided = voidOf(voided, by, reason)
	if signed.Valid {
		n.Signed = &model.Signature{By: signedBy, At: msTime(signed.Int64)}
	}
	if receipt != "" {
		n.Receipt = &model.Receipt{}
		if err := json.Unmarshal([]byte(receipt), n.Receipt); err != nil {
			return n, fmt.Errorf("store: receipt of notice %d: %w", n.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(snap), &n.Snapshot); err != nil {
		return n, fmt.Errorf("store: snapshot of notice %d: %w", n.ID, err)
	}
	return n, nil
}

// Notices lists notices, newest first, at most f.Limit (see NoticeFilter).
// The inbox (Recipient) walks notice_recipients by its key (account,
// notice_id), and so does the unread count on SQLite (PostgreSQL keeps the
// partial index notice_recipients_unread for it); the office's filters use notices_unit and
// notices_kind, both ordered by id.
func (q Queries) Notices(ctx context.Context, f model.NoticeFilter) ([]model.Notice, error) {
	var err error
	if f.Limit, err = model.PageLimit(f.Limit, DefaultNoticeLimit, MaxNoticeLimit+1); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	from := `notices n`
	readCol := `0`
	switch {
	case f.Recipient != "":
		from = `notice_recipients r JOIN notices n ON n.id = r.notice_id`
		where, args = append(where, `r.account = ?`), append(args, f.Recipient)
		if f.Unread {
			where = append(where, `r.read_at IS NULL`)
		}
		readCol = `CASE WHEN r.read_at IS NULL THEN 0 ELSE 1 END`
	case f.Reader != "":
		from = `notices n LEFT JOIN notice_recipients r ON r.notice_id = n.id AND r.account = ?`
		args = append(args, f.Reader)
		readCol = `CASE WHEN r.read_at IS NULL THEN 0 ELSE 1 END`
	}
	if f.Unsigned {
		where = append(where, `n.kind = 'supervision' AND n.signed_at IS NULL AND n.voided_at IS NULL`)
	}
	if f.Kind != "" {
		where, args = append(where, `n.kind = ?`), append(args, f.Kind)
	}
	if f.Unit != "" {
		where, args = append(where, `n.unit = ?`), append(args, f.Unit)
	}
	if f.Measure != "" {
		// By the measure's id, so that notices_measure serves the filter
		// and the order (a notice's measure code is the measure's).
		where, args = append(where, `n.measure_id = (SELECT id FROM measures WHERE code = ?)`), append(args, f.Measure)
	}
	// The inbox orders by the recipient row's notice_id, so that
	// notice_recipients' key serves both the filter and the order.
	idCol := `n.id`
	if f.Recipient != "" {
		idCol = `r.notice_id`
	}
	if f.Before > 0 {
		where, args = append(where, idCol+` < ?`), append(args, f.Before)
	}
	rows, err := q.query(ctx, `SELECT `+noticeCols+`, `+readCol+` FROM `+from+joinWhere(where)+
		` ORDER BY `+idCol+` DESC LIMIT `+strconv.Itoa(f.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: notices: %w", err)
	}
	defer rows.Close()
	out := []model.Notice{}
	for rows.Next() {
		var read bool
		n, err := scanNotice(rows, &read)
		if err != nil {
			return nil, err
		}
		n.Read = read
		out = append(out, n)
	}
	return out, rows.Err()
}

// Notice returns a notice with its recipients, Read for reader.
func (q Queries) Notice(ctx context.Context, id int64, reader string) (model.Notice, error) {
	n, err := scanNotice(q.queryRow(ctx, `SELECT `+noticeCols+` FROM notices n WHERE n.id = ?`, id))
	if err != nil {
		return n, notFound(err, "notice", id)
	}
	rows, err := q.query(ctx, `SELECT account, coalesce(read_at, 0) FROM notice_recipients WHERE notice_id = ? ORDER BY account`, id)
	if err != nil {
		return n, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var at int64
		if err := rows.Scan(&a, &at); err != nil {
			return n, err
		}
		n.Recipients = append(n.Recipients, a)
		if a == reader && at != 0 {
			n.Read = true
		}
	}
	return n, rows.Err()
}

// NoticesByID returns the notices with these ids, in id order.
func (q Queries) NoticesByID(ctx context.Context, ids []int64) ([]model.Notice, error) {
	if len(ids) == 0 {
		return []model.Notice{}, nil
	}
	return q.noticeList(ctx, "by id", `SELECT `+noticeCols+` FROM notices n WHERE n.id IN (`+q.d.idSetSQL+`) ORDER BY n.id`, q.d.idSetArg(ids))
}

// MaxUnread is where UnreadNotices stops counting: every page shows the
// count, and "999+" says enough.
const MaxUnread = 1000

// UnreadNotices counts the notices addressed to account it has not opened,
// up to MaxUnread.
func (q Queries) UnreadNotices(ctx context.Context, account string) (int, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notice_recipients WHERE account = ? AND read_at IS NULL LIMIT `+
		strconv.Itoa(MaxUnread)+`) u`, account).Scan(&n)
	return n, err
}

// MarkNoticeRead records that account opened a notice addressed to it; it
// reports whether anything changed.
func (tx *Tx) MarkNoticeRead(ctx context.Context, id int64, account string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE notice_recipients SET read_at = ? WHERE notice_id = ? AND account = ? AND read_at IS NULL`,
		tx.now.UnixMilli(), id, account)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// handOccasions leaves out the reminders the office sent by hand: they are
// delivered when they are sent, not again in the day's digest.
const handOccasions = ` AND n.occasion NOT LIKE 'hand:%'`

// NoticeRecipientsOn lists, per account, the notices of day the rules
// issued addressed to it.
func (q Queries) NoticeRecipientsOn(ctx context.Context, day model.Date) (map[string][]int64, error) {
	rows, err := q.query(ctx, `SELECT r.account, n.id FROM notices n JOIN notice_recipients r ON r.notice_id = n.id
		WHERE n.day = ?`+handOccasions+` ORDER BY r.account, n.id`, int64(day))
	if err != nil {
		return nil, fmt.Errorf("store: notice recipients: %w", err)
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var a string
		var id int64
		if err := rows.Scan(&a, &id); err != nil {
			return nil, err
		}
		out[a] = append(out[a], id)
	}
	return out, rows.Err()
}

// NoticesOn lists the notices the rules issued on day, by id.
func (q Queries) NoticesOn(ctx context.Context, day model.Date) ([]model.Notice, error) {
	return q.noticeList(ctx, "of "+day.String(), `SELECT `+noticeCols+` FROM notices n WHERE n.day = ?`+handOccasions+` ORDER BY n.id`, int64(day))
}

// noticeList reads a query of noticeCols rows.
func (q Queries) noticeList(ctx context.Context, what, query string, args ...any) ([]model.Notice, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: notices %s: %w", what, err)
	}
	defer rows.Close()
	out := []model.Notice{}
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// MissedReports counts, per unit, the measures that got a report notice
// (a missed reporting cycle) on or after since.
func (q Queries) MissedReports(ctx context.Context, since model.Date) (map[string]int, error) {
	return q.counts(ctx, `SELECT unit, COUNT(DISTINCT measure) FROM notices WHERE kind = 'report' AND day >= ? AND voided_at IS NULL GROUP BY unit`, int64(since))
}

// counts reads a query of (key, count) rows into a map.
func (q Queries) counts(ctx context.Context, query string, args ...any) (map[string]int, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// CarryOverProposals lists the bulletin notices not yet carried into a
// meeting's agenda whose measure is still overdue on day t.Day, the latest
// notice per measure, oldest due first.
func (q Queries) CarryOverProposals(ctx context.Context, t model.Today) ([]model.Notice, error) {
	return q.noticeList(ctx, "proposed for carrying over", `SELECT `+noticeCols+` FROM notices n JOIN measures m ON m.id = n.measure_id
		WHERE n.kind = 'bulletin' AND n.voided_at IS NULL AND `+notCarried+`
		AND m.cancelled = 0 AND m.progress < 100 AND m.due_day < ?
		AND n.id = (SELECT MAX(n2.id) FROM notices n2 WHERE n2.measure_id = n.measure_id AND n2.kind = 'bulletin' AND n2.voided_at IS NULL)
		ORDER BY m.due_day, n.id`, int64(t.Day))
}

// notCarried: the notice is on no agenda, or on an item since removed
// from its meeting (then it is proposed again).
const notCarried = `(n.agenda_item IS NULL OR NOT EXISTS (SELECT 1 FROM agenda_items a WHERE a.id = n.agenda_item))`

// SetNoticeAgendaItem records the agenda item a bulletin notice was carried
// into; it fails with a conflict when it already was.
func (tx *Tx) SetNoticeAgendaItem(ctx context.Context, id, item int64) error {
	res, err := tx.exec(ctx, `UPDATE notices AS n SET agenda_item = ? WHERE n.id = ? AND `+notCarried, item, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ECONFLICT, "notice %d is already on an agenda", id)
	}
	return nil
}

// VoidNotice marks a standing notice voided; ECONFLICT when it is voided
// already.
func (tx *Tx) VoidNotice(ctx context.Context, id int64, by, reason string) error {
	if err := tx.void(ctx, "notices", "notice", id, by, reason); err != nil {
		return err
	}
	// It no longer waits in anyone's inbox: the unread count leaves it.
	_, err := tx.exec(ctx, `UPDATE notice_recipients SET read_at = ? WHERE notice_id = ? AND read_at IS NULL`, tx.now.UnixMilli(), id)
	return err
}
