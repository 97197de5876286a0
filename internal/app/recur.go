package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// renewRecurring creates, inside the daily job's transaction tx, the next
// occurrence of every recurring measure whose due day has passed and that
// has none yet, and returns the new codes. Each occurrence goes through
// insertMeasure, as a measure the office creates does, so it gets the next
// code of its period, a search entry and a bump of the board's counter, and
// it gets a "create" audit event of its own (by the scheduler), as
// accepted drafts and imported rows do. A server that missed several
// cycles catches up: occurrences follow each other until the newest is due
// on or after t.Day. An occurrence
// whose references no longer check (a leader's account moved to another
// role, say) is skipped with a warning and retried the next day, so one bad
// measure never stops the day's notices; the office fixes it by hand.
// Runs on several servers cannot both renew: RunDay's transaction runs once
// a day, and measures_recur_prev refuses a second successor.
func (a *App) renewRecurring(ctx context.Context, tx *store.Tx, t model.Today) ([]string, error) {
	due, err := tx.RecurringDue(ctx, t)
	if err != nil {
		return nil, err
	}
	codes := []string{}
	for _, prev := range due {
		for prev.Due != 0 && prev.Due < t.Day {
			next, ok := prev.Successor()
			if !ok {
				break
			}
			err := next.Normalize()
			if err == nil {
				err = a.checkRefs(ctx, tx, &next)
			}
			if model.ErrorCode(err) == model.EINVALID {
				a.Log.Warn("recurring measure not renewed", "measure", prev.Code, "field", model.ErrorOf(err).Field, "err", err)
				break
			} else if err != nil {
				return nil, err
			}
			if err := a.insertMeasure(ctx, tx, t, &next); err != nil {
				return nil, err
			}
			if err := tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: Scheduler.Username, Action: "create",
				Entity: "measure", EntityID: next.Code, After: marshal(next)}); err != nil {
				return nil, err
			}
			codes = append(codes, next.Code)
			prev = next
		}
	}
	return codes, nil
}
