package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// BoardRow counts one unit's measures (as lead unit) by status and light.
type BoardRow struct {
	Unit     string               `json:"unit"`
	Total    int                  `json:"total"`
	ByStatus map[model.Status]int `json:"by_status"`
	ByAlert  map[model.Alert]int  `json:"by_alert"`
	Progress int                  `json:"progress"` // average percent of open measures
}

// Board is the supervision board: per unit counts, the overdue list and the
// list of measures due within DueSoonDays.
type Board struct {
	Today        Today           `json:"-"`
	Totals       BoardRow        `json:"totals"`
	Units        []BoardRow      `json:"units"`
	Overdue      []model.Measure `json:"overdue"`
	OverdueCount int             `json:"overdue_count"`
	DueSoon      []model.Measure `json:"due_soon"`
	DueSoonCount int             `json:"due_soon_count"`
}

// BoardFilter narrows the board.
type BoardFilter struct {
	Today
	Leader string
	Theme  string
	Period string
}

// DueSoonDays is the window of the board's "due soon" list.
const DueSoonDays = 14

// BoardListLimit caps the overdue and due-soon lists; their counts are exact.
const BoardListLimit = 200

// boardCache keeps computed boards keyed by the database's "measures" change
// counter, the day and the filter. Every server reads the counter from the
// shared database, so a change on one server invalidates all of them, and a
// new day makes a new key (status depends on the date).
//
// The unfiltered board, the one the office opens every morning, is kept live:
// each measure's contribution (lead unit, status, light, progress) is
// remembered, and after a change only the measures whose rev passed the last
// counter seen are read and folded in. A new day or new thresholds rebuild it.
type boardCache struct {
	mu      sync.Mutex
	entries map[string]*Board
	live    *liveBoard
}

// liveBoard is the unfiltered board's state between changes.
type liveBoard struct {
	today    Today
	rev      int64
	measures map[int64]contribution
	units    map[string]*unitAgg
	board    *Board
}

// contribution is what one measure adds to the board.
type contribution struct {
	unit     string
	status   model.Status
	alert    model.Alert
	progress int
	open     bool
}

type unitAgg struct {
	row        BoardRow
	sum, nOpen int
}

func (u *unitAgg) add(c contribution, sign int) {
	u.row.Total += sign
	u.row.ByStatus[c.status] += sign
	u.row.ByAlert[c.alert] += sign
	if c.open {
		u.sum += sign * c.progress
		u.nOpen += sign
	}
}

// Board returns the supervision board for f, recomputing it only when a
// measure changed or the day turned.
func (s *Store) Board(ctx context.Context, f BoardFilter) (*Board, error) {
	n, err := s.Counter(ctx, "measures")
	if err != nil {
		return nil, err
	}
	if f.Leader == "" && f.Theme == "" && f.Period == "" {
		return s.liveBoard(ctx, f.Today, n)
	}
	key := fmt.Sprintf("%d|%d|%d|%d|%s|%s|%s", n, f.Day, f.Thresholds.YellowPct, f.Thresholds.OrangePct, f.Leader, f.Theme, f.Period)
	s.board.mu.Lock()
	b := s.board.entries[key]
	s.board.mu.Unlock()
	if b != nil {
		return b, nil
	}
	b, err = s.computeBoard(ctx, f)
	if err != nil {
		return nil, err
	}
	s.board.mu.Lock()
	if s.board.entries == nil || len(s.board.entries) > 64 {
		s.board.entries = map[string]*Board{}
	}
	s.board.entries[key] = b
	s.board.mu.Unlock()
	return b, nil
}

// liveBoard brings the unfiltered board up to counter n.
func (s *Store) liveBoard(ctx context.Context, t Today, n int64) (*Board, error) {
	s.board.mu.Lock()
	defer s.board.mu.Unlock()
	lb := s.board.live
	if lb != nil && lb.today == t && lb.rev == n {
		return lb.board, nil
	}
	since := int64(-1)
	if lb == nil || lb.today != t {
		lb = &liveBoard{today: t, measures: map[int64]contribution{}, units: map[string]*unitAgg{}}
	} else {
		since = lb.rev
	}
	rows, err := s.query(ctx, `SELECT id, lead_unit, cancelled, progress, start_day, due_day FROM measures WHERE rev > ?`, since)
	if err != nil {
		return nil, fmt.Errorf("store: board: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c contribution
		var cancelled bool
		var start model.Date
		var due sql.NullInt64
		if err := rows.Scan(&id, &c.unit, &cancelled, &c.progress, &start, &due); err != nil {
			return nil, err
		}
		c.status, c.alert = model.Derive(cancelled, c.progress, start, dayOf(due), t.Day, t.Thresholds)
		c.open = !cancelled && c.progress < 100
		if old, ok := lb.measures[id]; ok {
			lb.units[old.unit].add(old, -1)
		}
		u := lb.units[c.unit]
		if u == nil {
			u = &unitAgg{row: newBoardRow(c.unit)}
			lb.units[c.unit] = u
		}
		u.add(c, +1)
		lb.measures[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	b := &Board{Today: t, Totals: newBoardRow("")}
	var all unitAgg
	for _, u := range lb.units {
		if u.row.Total == 0 {
			continue
		}
		r := newBoardRow(u.row.Unit)
		r.Total = u.row.Total
		for k, v := range u.row.ByStatus {
			if v != 0 {
				r.ByStatus[k] = v
				b.Totals.ByStatus[k] += v
			}
		}
		for k, v := range u.row.ByAlert {
			if v != 0 {
				r.ByAlert[k] = v
				b.Totals.ByAlert[k] += v
			}
		}
		if u.nOpen > 0 {
			r.Progress = u.sum / u.nOpen
		}
		b.Totals.Total += r.Total
		all.sum += u.sum
		all.nOpen += u.nOpen
		b.Units = append(b.Units, r)
	}
	if all.nOpen > 0 {
		b.Totals.Progress = all.sum / all.nOpen
	}
	sort.Slice(b.Units, func(i, j int) bool { return b.Units[i].Unit < b.Units[j].Unit })
	if err := s.boardLists(ctx, b, t, nil, nil); err != nil {
		return nil, err
	}
	lb.board, lb.rev = b, n
	s.board.live = lb
	return b, nil
}

func newBoardRow(unit string) BoardRow {
	return BoardRow{Unit: unit, ByStatus: map[model.Status]int{}, ByAlert: map[model.Alert]int{}}
}

func (s *Store) computeBoard(ctx context.Context, f BoardFilter) (*Board, error) {
	mf := MeasureFilter{Today: f.Today, Leader: f.Leader, Theme: f.Theme, Period: f.Period}
	where, args, err := mf.where()
	if err != nil {
		return nil, err
	}
	b := &Board{Today: f.Today, Totals: newBoardRow("")}
	rows, err := s.query(ctx, `SELECT m.lead_unit, `+f.statusSQL()+` AS s, `+f.alertSQL()+` AS a, count(*),
		sum(CASE WHEN m.cancelled = 0 AND m.progress < 100 THEN m.progress ELSE 0 END),
		sum(CASE WHEN m.cancelled = 0 AND m.progress < 100 THEN 1 ELSE 0 END)
		FROM measures m`+joinWhere(where)+` GROUP BY m.lead_unit, s, a`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: board: %w", err)
	}
	defer rows.Close()
	idx := map[string]int{}
	type acc struct{ sum, open int }
	prog := map[string]*acc{}
	var all acc
	for rows.Next() {
		var unit, st, al string
		var n, psum, open int
		if err := rows.Scan(&unit, &st, &al, &n, &psum, &open); err != nil {
			return nil, err
		}
		i, ok := idx[unit]
		if !ok {
			i = len(b.Units)
			idx[unit] = i
			b.Units = append(b.Units, newBoardRow(unit))
			prog[unit] = &acc{}
		}
		r := &b.Units[i]
		r.Total += n
		r.ByStatus[model.Status(st)] += n
		r.ByAlert[model.Alert(al)] += n
		b.Totals.Total += n
		b.Totals.ByStatus[model.Status(st)] += n
		b.Totals.ByAlert[model.Alert(al)] += n
		prog[unit].sum += psum
		prog[unit].open += open
		all.sum += psum
		all.open += open
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range b.Units {
		if p := prog[b.Units[i].Unit]; p.open > 0 {
			b.Units[i].Progress = p.sum / p.open
		}
	}
	if all.open > 0 {
		b.Totals.Progress = all.sum / all.open
	}
	if err := s.boardLists(ctx, b, f.Today, where, args); err != nil {
		return nil, err
	}
	return b, nil
}

// boardLists fills in the overdue and due-soon lists, served by the partial
// index on open measures by due day.
func (s *Store) boardLists(ctx context.Context, b *Board, t Today, where []string, args []any) error {
	day := int64(t.Day)
	lists := []struct {
		cond  string
		args  []any
		list  *[]model.Measure
		count *int
	}{
		{`m.due_day < ?`, []any{day}, &b.Overdue, &b.OverdueCount},
		{`m.due_day >= ? AND m.due_day <= ?`, []any{day, day + DueSoonDays}, &b.DueSoon, &b.DueSoonCount},
	}
	for _, l := range lists {
		w := append([]string{openSQL, l.cond}, where...)
		a := append(append([]any{}, l.args...), args...)
		if err := s.queryRow(ctx, `SELECT count(*) FROM measures m`+joinWhere(w), a...).Scan(l.count); err != nil {
			return err
		}
		rows, err := s.query(ctx, `SELECT `+measureCols+` FROM measures m`+joinWhere(w)+` ORDER BY m.due_day, m.id LIMIT `+strconv.Itoa(BoardListLimit), a...)
		if err != nil {
			return err
		}
		ms, err := s.collectMeasures(ctx, rows, t)
		if err != nil {
			return err
		}
		*l.list = ms
	}
	return nil
}
