package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"sync/atomic"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The demo tells its year as a story: every write happens at a moment of
// the demo's own calendar (a weekday of 2024, during office hours, on or
// before Today), so that history, comments, submissions and notices read
// as the board does. Load queues the writes as steps with their moments,
// runs them in time order with the app's clock standing at each step's
// moment, and gives the clock back when it is done.
//
// The store stamps rows with its own clock (store.Store.Now): for those
// stamps to follow, the store must read the app's clock, as
// `s.Now = func() time.Time { return a.Now() }` makes it (serve --demo
// does). Otherwise rows keep the store's time and only the app's reads of
// the clock follow the story.

// Opening is the demo's first moment: the office sets luoshi up on the
// first day of the spring term 2024, before work hours begin.
func Opening(loc *time.Location) time.Time {
	return time.Date(2024, 2, 26, 8, 50, 0, 0, loc)
}

// storyClock is the clock the app reads during Load: an instant that only
// the steps move. It is atomic because the store may read it from its
// committer goroutine.
type storyClock struct{ nanos atomic.Int64 }

func (c *storyClock) now() time.Time  { return time.Unix(0, c.nanos.Load()) }
func (c *storyClock) set(t time.Time) { c.nanos.Store(t.UnixNano()) }

// step is one write of the story.
type step struct {
	at   time.Time
	n    int // order of queueing, for steps at the same moment
	what string
	do   func(ctx context.Context) error
}

// story is the queue of the demo's writes.
type story struct {
	loc   *time.Location
	steps []step
}

// at queues do at hh:mm on day. Steps queued for the same minute run in
// the order they were queued.
func (s *story) at(day model.Date, hh, mm int, what string, do func(ctx context.Context) error) {
	t := day.Time()
	at := time.Date(t.Year(), t.Month(), t.Day(), hh, mm, 0, 0, s.loc)
	s.steps = append(s.steps, step{at: at, n: len(s.steps), what: what, do: do})
}

// during queues do on day at a moment between from and to o'clock that
// key chooses (the same key, the same minute: the demo is reproducible).
func (s *story) during(day model.Date, from, to int, key, what string, do func(ctx context.Context) error) {
	m := from*60 + minuteOf(key, (to-from)*60)
	s.at(day, m/60, m%60, what, do)
}

// minuteOf spreads keys over [0, span) minutes.
func minuteOf(key string, span int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(span))
}

// run performs the steps in time order, each with clk at its moment. A
// step after Today's end is a mistake in the story, refused before any
// write.
func (s *story) run(ctx context.Context, clk *storyClock) error {
	sort.SliceStable(s.steps, func(i, j int) bool {
		if !s.steps[i].at.Equal(s.steps[j].at) {
			return s.steps[i].at.Before(s.steps[j].at)
		}
		return s.steps[i].n < s.steps[j].n
	})
	end := Today.AddDays(1).Time()
	end = time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, s.loc)
	for _, st := range s.steps {
		if !st.at.Before(end) || st.at.Year() != 2024 {
			return fmt.Errorf("demo: %s is set at %s, outside the demo's 2024 up to %s", st.what, st.at.Format(time.DateTime), Today)
		}
	}
	for _, st := range s.steps {
		clk.set(st.at)
		if err := st.do(ctx); err != nil {
			return err
		}
	}
	return nil
}

// holidays are the 2024 National Day holiday's days off; the two
// weekend days worked in exchange are workdaysOnWeekend.
var (
	holidays          = map[model.Date]bool{}
	workdaysOnWeekend = map[model.Date]bool{model.Ymd(2024, 9, 29): true, model.Ymd(2024, 10, 12): true}
)

func init() {
	for d := model.Ymd(2024, 10, 1); d <= model.Ymd(2024, 10, 7); d++ {
		holidays[d] = true
	}
}

// isWorkday says whether the offices work on d.
func isWorkday(d model.Date) bool {
	if workdaysOnWeekend[d] {
		return true
	}
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday && !holidays[d]
}

// workdayBefore is d, or the last workday before it.
func workdayBefore(d model.Date) model.Date {
	for !isWorkday(d) {
		d--
	}
	return d
}

// workdayAfter is the n-th workday after d, but not after Today.
func workdayAfter(d model.Date, n int) model.Date {
	for n > 0 && d < Today {
		d++
		if isWorkday(d) {
			n--
		}
	}
	return d
}

// actorOf is the account username acts as; the demo's accounts exist by
// the time any step that needs them runs.
func actorOf(ctx context.Context, a *app.App, username string) (model.Account, error) {
	return a.AccountOf(ctx, app.System, username)
}
