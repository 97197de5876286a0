// Package schedule runs luoshi's jobs inside luoshi serve: the daily job
// that issues the day's notices and queues their deliveries, and the sender
// that delivers them with retries. Nothing is kept in memory between steps:
// leases, the day a job last ran and every delivery's state are in the
// database, so any number of servers may run a scheduler on one database
// and each notice still goes out once.
package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/metrics"
)

// Scheduler looks for work every Every.
type Scheduler struct {
	App *app.App
	// Owner names this scheduler in leases; unique per process.
	Owner   string
	Senders app.Senders
	// Every is how often it looks (default 30 s).
	Every time.Duration
	// Batch is how many deliveries it leases at a time (default 20).
	Batch int
}

// New returns a scheduler for a with a unique owner name.
func New(a *app.App) *Scheduler {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return &Scheduler{App: a, Owner: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b)), Every: 30 * time.Second, Batch: 20}
}

// Step does what is due now: the daily job when its day and hour have
// come, then every delivery due, a batch at a time.
func (s *Scheduler) Step(ctx context.Context) (app.DayRun, int, error) {
	run, err := s.App.RunDay(ctx, s.Owner)
	if err != nil {
		metrics.Default.JobRun("daily", "error")
		return run, 0, fmt.Errorf("daily job: %w", err)
	}
	if run.Ran {
		metrics.Default.JobRun("daily", "ok")
	}
	batch := s.Batch
	if batch <= 0 {
		batch = 20
	}
	total := 0
	for {
		n, err := s.App.SendDue(ctx, s.Owner, s.Senders, batch)
		total += n
		if err != nil {
			metrics.Default.JobRun("deliveries", "error")
			return run, total, fmt.Errorf("deliveries: %w", err)
		}
		if n > 0 {
			metrics.Default.JobRun("deliveries", "ok")
		}
		if n == 0 {
			return run, total, nil
		}
	}
}

// bigDay is a daily run that issued enough notices for its plan to leave
// tens of megabytes of heap behind: the large institution's first run,
// 23,489 notices, left the server at 121 MB resident, 17 MB of it in use.
const bigDay = 1000

// Run steps until ctx ends, logging what it did and any error.
func (s *Scheduler) Run(ctx context.Context) {
	every := s.Every
	if every <= 0 {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		run, sent, err := s.Step(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.App.Log.Error("scheduler", "err", err)
		case run.Ran:
			if run.Notices >= bigDay {
				// The day's plan is garbage now; hand its pages back to the
				// system rather than keep them until the scavenger does.
				debug.FreeOSMemory()
			}
			s.App.Log.Info("notices issued", "day", run.Day.String(), "notices", run.Notices, "deliveries", run.Deliveries, "took_ms", run.Took.Milliseconds())
		}
		if sent > 0 {
			s.App.Log.Info("deliveries sent", "count", sent)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
