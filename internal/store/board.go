package store

import (
	"context"
	"fmt"
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
type boardCache struct {
	mu      sync.Mutex
	entries map[string]*Board
}

// Board returns the supervision board for f, recomputing it only when a
// measure changed or the day turned.
func (s *Store) Board(ctx context.Context, f BoardFilter) (*Board, error) {
	n, err := s.Counter(ctx, "measures")
	if err != nil {
		return nil, err
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
	day := int64(f.Day)
	lists := []struct {
		cond  string
		args  []any
		order string
		list  *[]model.Measure
		count *int
	}{
		{`m.due_day < ?`, []any{day}, `m.due_day, m.id`, &b.Overdue, &b.OverdueCount},
		{`m.due_day >= ? AND m.due_day <= ?`, []any{day, day + DueSoonDays}, `m.due_day, m.id`, &b.DueSoon, &b.DueSoonCount},
	}
	for _, l := range lists {
		w := append([]string{openSQL, l.cond}, where...)
		a := append(append([]any{}, l.args...), args...)
		if err := s.queryRow(ctx, `SELECT count(*) FROM measures m`+joinWhere(w), a...).Scan(l.count); err != nil {
			return nil, err
		}
		rows, err := s.query(ctx, `SELECT `+measureCols+` FROM measures m`+joinWhere(w)+` ORDER BY `+l.order+` LIMIT `+strconv.Itoa(BoardListLimit), a...)
		if err != nil {
			return nil, err
		}
		ms, err := s.collectMeasures(ctx, rows, f.Today)
		if err != nil {
			return nil, err
		}
		*l.list = ms
	}
	return b, nil
}
