package app

import (
	"context"
	"time"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Warm computes what the first view of a day would otherwise pay for: the
// board and the dashboard re-read every measure once a day, when the day
// (and with it every measure's light) changes — 364 ms on the large
// institution. Warming them before anyone asks keeps that off user
// requests.
func (a *App) Warm(ctx context.Context) error {
	if _, err := a.Board(ctx, System, model.BoardFilter{}); err != nil {
		return err
	}
	_, err := a.Dashboard(ctx, System)
	return err
}

// KeepWarm warms the views now and again just after each midnight of the
// institution's time zone, until ctx ends. A request in the moment a warm
// runs waits for it rather than repeating it.
func (a *App) KeepWarm(ctx context.Context) {
	for {
		t0 := time.Now()
		if err := a.Warm(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			a.Log.Warn("warming the board", "err", err)
		} else {
			a.Log.Debug("warmed the board and dashboard", "took", time.Since(t0).Round(time.Millisecond))
		}
		now := a.Now().In(a.Location)
		y, m, d := now.Date()
		next := time.Date(y, m, d+1, 0, 0, 1, 0, a.Location)
		select {
		case <-ctx.Done():
			return
		case <-time.After(next.Sub(now)):
		}
	}
}
