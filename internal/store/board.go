package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// BoardListLimit caps the overdue and due-soon lists the board shows, the
// most overdue and the soonest due first; their counts are exact, and the
// measures list has the rest.
const BoardListLimit = 50

// boardCache keeps computed boards keyed by the database's "measures" change
// counter, the day and the filter. Every server reads the counter from the
// shared database, so a change on one server invalidates all of them, and a
// new day makes a new key (status depends on the date).
//
// Between changes the boards are kept live: each measure's contribution (lead
// unit, status, light, progress, and the fields filters select on) is
// remembered, and after a change only the measures whose rev passed the last
// counter seen are read and folded in. A new day or new thresholds read every
// measure once.
type boardCache struct {
	mu      sync.Mutex
	entries map[string]*model.Board
	live    *liveBoard
	dash    dashCache // dashboard.go
	// portfolios are the leaders' portfolios, kept as the boards are.
	portfolios map[string]*model.PortfolioBoard
}

// liveBoard is what the boards are assembled from between changes.
type liveBoard struct {
	today model.Today
	rev   int64
	// measures holds each measure's index in contribs and ids: a map of
	// 60,000 contributions of 128 bytes took 19.8 MB (its table rounds up
	// to 131,072 slots), a map of indexes and two slices about half that.
	measures map[int64]int32
	contribs []packed
	ids      []int64
	units    map[string]*unitAgg
	dash     *dashAgg // dashboard.go: per theme, leader and overdue trend
	// names are the units, leaders, themes and periods the measures name
	// (a few hundred for 60,000 measures), numbered by nameIDs.
	names   []string
	nameIDs map[string]uint32
}

// nameID numbers s among lb.names, adding it the first time.
func (lb *liveBoard) nameID(s string) uint32 {
	if id, ok := lb.nameIDs[s]; ok {
		return id
	}
	id := uint32(len(lb.names))
	lb.names = append(lb.names, s)
	lb.nameIDs[s] = id
	return id
}

// contribution is what one measure adds to the boards and the dashboard.
type contribution struct {
	unit, leader, theme, period string
	status                      model.Status
	alert                       model.Alert
	progress                    int
	open                        bool
	due                         model.Date
	// cancelled and done (the day of the report that made it 100 %) date
	// the measure's overdue spells for the dashboard's trend.
	cancelled bool
	done      model.Date
}

// packed is a contribution as the live board keeps it: names by their
// number in liveBoard.names, status and light by their place in
// model.Statuses and model.Alerts. 32 bytes instead of 128: unpacked, the
// large institution's 60,000 contributions were 8 of the server's 11 MB of
// live heap.
type packed struct {
	unit, leader, theme, period uint32
	status, alert               uint8
	open, cancelled             bool
	progress                    int16
	due, done                   model.Date
}

func (lb *liveBoard) pack(c contribution) packed {
	return packed{
		unit: lb.nameID(c.unit), leader: lb.nameID(c.leader), theme: lb.nameID(c.theme), period: lb.nameID(c.period),
		status: uint8(slices.Index(model.Statuses, c.status)), alert: uint8(slices.Index(model.Alerts, c.alert)),
		open: c.open, cancelled: c.cancelled, progress: int16(c.progress), due: c.due, done: c.done,
	}
}

// filter reports whether a kept contribution has the leader, theme and
// period the board filter f asks for (an empty one: any).
func (lb *liveBoard) filter(f model.BoardFilter) func(packed) bool {
	match := func(name string) (id uint32, all bool) {
		if name == "" {
			return 0, true
		}
		id, ok := lb.nameIDs[name]
		if !ok {
			id = math.MaxUint32 // named by no measure: matches none
		}
		return id, false
	}
	leader, anyLeader := match(f.Leader)
	theme, anyTheme := match(f.Theme)
	period, anyPeriod := match(f.Period)
	return func(p packed) bool {
		return (anyLeader || p.leader == leader) && (anyTheme || p.theme == theme) && (anyPeriod || p.period == period)
	}
}

func (lb *liveBoard) unpack(p packed) contribution {
	return contribution{
		unit: lb.names[p.unit], leader: lb.names[p.leader], theme: lb.names[p.theme], period: lb.names[p.period],
		status: model.Statuses[p.status], alert: model.Alerts[p.alert],
		open: p.open, cancelled: p.cancelled, progress: int(p.progress), due: p.due, done: p.done,
	}
}

type unitAgg struct {
	row        model.BoardRow
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

// Board returns the supervision board for f. The unfiltered board is
// assembled from per-unit totals kept up to date change by change; a
// filtered board from the remembered contributions, without a rescan.
func (s *Store) Board(ctx context.Context, f model.BoardFilter) (*model.Board, error) {
	n, err := s.Counter(ctx, "measures")
	if err != nil {
		return nil, err
	}
	s.board.mu.Lock()
	defer s.board.mu.Unlock()
	lb, err := s.refreshLive(ctx, f.Today, n)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%d|%d|%d|%s|%s|%s", n, f.Day, f.Thresholds.YellowPct, f.Thresholds.OrangePct, f.Leader, f.Theme, f.Period)
	if b := s.board.entries[key]; b != nil {
		return b, nil
	}
	units := lb.units
	filtered := f.Leader != "" || f.Theme != "" || f.Period != ""
	keep := lb.filter(f)
	if filtered {
		units = map[string]*unitAgg{}
		for _, p := range lb.contribs {
			if !keep(p) {
				continue
			}
			c := lb.unpack(p)
			u := units[c.unit]
			if u == nil {
				u = &unitAgg{row: newBoardRow(c.unit)}
				units[c.unit] = u
			}
			u.add(c, +1)
		}
	}
	b := boardFromUnits(f.Today, units)
	b.Version = key
	if err := s.liveLists(ctx, b, lb, keep); err != nil {
		return nil, err
	}
	if s.board.entries == nil || len(s.board.entries) > 64 {
		s.board.entries = map[string]*model.Board{}
	}
	s.board.entries[key] = b
	return b, nil
}

// refreshLive brings the remembered contributions up to counter n: on a new
// day (or new thresholds) by reading every measure, otherwise by reading only
// the measures written since the last counter seen. The caller holds the lock.
// BoardReadyFor reports whether the board's aggregates are those of t,
// so that a board of that day needs no full read of the measures (the
// first view of a day pays for one unless app.Warm ran).
func (s *Store) BoardReadyFor(t model.Today) bool {
	s.board.mu.Lock()
	defer s.board.mu.Unlock()
	return s.board.live != nil && s.board.live.today == t
}

func (s *Store) refreshLive(ctx context.Context, t model.Today, n int64) (*liveBoard, error) {
	lb := s.board.live
	if lb != nil && lb.today == t && lb.rev == n {
		return lb, nil
	}
	since := int64(-1)
	if lb == nil || lb.today != t {
		lb = &liveBoard{today: t, measures: map[int64]int32{}, units: map[string]*unitAgg{}, dash: newDashAgg(), nameIDs: map[string]uint32{}}
	} else {
		since = lb.rev
	}
	cols := `SELECT m.id, m.lead_unit, m.leader, m.theme, m.period, m.cancelled, m.progress, m.start_day, m.due_day, ` + doneDaySQL(t)
	if err := lb.fold(s.query(ctx, cols+` FROM measures m WHERE m.rev > ?`, since)); err != nil {
		return nil, err
	}
	// A progress report moves its measure's progress without its rev: it
	// keeps the counter itself (migration 0035). A measure both edited and
	// reported on is folded in twice, the second time over the first.
	if since >= 0 {
		if err := lb.fold(s.query(ctx, cols+` FROM measures m WHERE m.id IN
			(SELECT p.measure_id FROM progress_reports p WHERE p.rev > ? AND p.rev > 0)`, since)); err != nil {
			return nil, err
		}
	}
	lb.rev = n
	s.board.live = lb
	return lb, nil
}

// fold takes the measures rows read into the aggregates, each measure's
// contribution replacing the one it had.
func (lb *liveBoard) fold(rows *sql.Rows, err error) error {
	if err != nil {
		return fmt.Errorf("store: board: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c contribution
		var cancelled bool
		var start model.Date
		var due, done sql.NullInt64
		if err := rows.Scan(&id, &c.unit, &c.leader, &c.theme, &c.period, &cancelled, &c.progress, &start, &due, &done); err != nil {
			return err
		}
		c.status, c.alert = model.Derive(cancelled, c.progress, start, dayOf(due), lb.today.Day, lb.today.Thresholds)
		c.open = !cancelled && c.progress < 100
		c.due = dayOf(due)
		c.cancelled, c.done = cancelled, dayOf(done)
		i, had := lb.measures[id]
		if had {
			old := lb.unpack(lb.contribs[i])
			lb.units[old.unit].add(old, -1)
			lb.dash.add(old, -1)
		}
		lb.dash.add(c, +1)
		u := lb.units[c.unit]
		if u == nil {
			u = &unitAgg{row: newBoardRow(c.unit)}
			lb.units[c.unit] = u
		}
		u.add(c, +1)
		if had {
			lb.contribs[i] = lb.pack(c)
		} else {
			lb.measures[id] = int32(len(lb.contribs))
			lb.contribs = append(lb.contribs, lb.pack(c))
			lb.ids = append(lb.ids, id)
		}
	}
	return rows.Err()
}

// boardFromUnits copies per-unit totals into a board, leaving out zeros.
func boardFromUnits(t model.Today, units map[string]*unitAgg) *model.Board {
	b := &model.Board{Today: t, Totals: newBoardRow("")}
	var sum, nOpen int
	for _, u := range units {
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
		sum += u.sum
		nOpen += u.nOpen
		b.Units = append(b.Units, r)
	}
	if nOpen > 0 {
		b.Totals.Progress = sum / nOpen
	}
	sort.Slice(b.Units, func(i, j int) bool { return b.Units[i].Unit < b.Units[j].Unit })
	return b
}

func newBoardRow(unit string) model.BoardRow {
	return model.BoardRow{Unit: unit, ByStatus: map[model.Status]int{}, ByAlert: map[model.Alert]int{}}
}

func (s *Store) computeBoard(ctx context.Context, f model.BoardFilter) (*model.Board, error) {
	mf := model.MeasureFilter{Today: f.Today, Leader: f.Leader, Theme: f.Theme, Period: f.Period}
	where, args, err := measureWhere(mf)
	if err != nil {
		return nil, err
	}
	b := &model.Board{Today: f.Today, Totals: newBoardRow("")}
	rows, err := s.query(ctx, `SELECT m.lead_unit, `+statusSQL(f.Today)+` AS s, `+alertSQL(f.Today)+` AS a, count(*),
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
func (s *Store) boardLists(ctx context.Context, b *model.Board, t model.Today, where []string, args []any) error {
	day := int64(t.Day)
	lists := []struct {
		cond  string
		args  []any
		list  *[]model.Measure
		count *int
	}{
		{`m.due_day < ?`, []any{day}, &b.Overdue, &b.OverdueCount},
		{`m.due_day >= ? AND m.due_day <= ?`, []any{day, day + model.DueSoonDays}, &b.DueSoon, &b.DueSoonCount},
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
		ms, err := collectMeasures(rows, t)
		if err != nil {
			return err
		}
		*l.list = ms
	}
	return nil
}

// liveLists fills in the overdue and due-soon lists from the remembered
// contributions: it picks and orders the measures in memory and reads only
// the ones shown, in one query.
func (s *Store) liveLists(ctx context.Context, b *model.Board, lb *liveBoard, keep func(packed) bool) error {
	type pick struct {
		id  int64
		due model.Date
	}
	var overdue, soon []pick
	day := lb.today.Day
	for i, p := range lb.contribs {
		id := lb.ids[i]
		if !p.open || p.due == 0 || !keep(p) {
			continue
		}
		switch {
		case p.due < day:
			overdue = append(overdue, pick{id, p.due})
		case p.due <= day+model.DueSoonDays:
			soon = append(soon, pick{id, p.due})
		}
	}
	load := func(ps []pick, list *[]model.Measure, count *int) error {
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].due != ps[j].due {
				return ps[i].due < ps[j].due
			}
			return ps[i].id < ps[j].id
		})
		*count = len(ps)
		if len(ps) > BoardListLimit {
			ps = ps[:BoardListLimit]
		}
		*list = []model.Measure{}
		if len(ps) == 0 {
			return nil
		}
		ids := make([]int64, len(ps))
		for i, p := range ps {
			ids[i] = p.id
		}
		rows, err := s.query(ctx, `SELECT `+measureCols+` FROM measures m WHERE m.id IN (`+s.d.idSetSQL+`) ORDER BY m.due_day, m.id`, s.d.idSetArg(ids))
		if err != nil {
			return err
		}
		ms, err := collectMeasures(rows, lb.today)
		*list = ms
		return err
	}
	if err := load(overdue, &b.Overdue, &b.OverdueCount); err != nil {
		return err
	}
	return load(soon, &b.DueSoon, &b.DueSoonCount)
}
