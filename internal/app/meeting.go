package app

import (
	"context"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Meetings lists meetings; everyone signed in may see them.
func (a *App) Meetings(ctx context.Context, actor model.Account) ([]model.MeetingSummary, error) {
	return a.store.Meetings(ctx)
}

// Meeting returns one meeting with its agenda.
func (a *App) Meeting(ctx context.Context, actor model.Account, id int64) (model.Meeting, error) {
	return a.store.Meeting(ctx, id)
}

// SaveMeeting creates (ID 0) or updates a meeting with its agenda (office).
func (a *App) SaveMeeting(ctx context.Context, actor model.Account, m *model.Meeting) error {
	if !CanManage(actor) {
		return forbidden("record meetings")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	p, _ := model.PeriodFromCode(m.Period)
	action := "create"
	if m.ID != 0 {
		action = "update"
	}
	return a.change(ctx, actor, action, "meeting", func(tx *store.Tx, ev *Event) error {
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
		if m.ID == 0 {
			if err := tx.InsertMeeting(ctx, m); err != nil {
				return err
			}
		} else {
			before, err := tx.Meeting(ctx, m.ID)
			if err != nil {
				return err
			}
			ev.Before = before
			if err := tx.UpdateMeeting(ctx, m); err != nil {
				return err
			}
		}
		ev.ID, ev.After = strconv.FormatInt(m.ID, 10), m
		return nil
	})
}
