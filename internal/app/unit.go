package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Units lists all units; everyone signed in may see them.
func (a *App) Units(ctx context.Context) ([]model.Unit, error) { return a.Store.Units(ctx) }

// CreateUnit adds a unit (office and admin).
func (a *App) CreateUnit(ctx context.Context, actor model.Account, u model.Unit) error {
	if !IsOffice(actor) {
		return forbidden("create units")
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return a.change(ctx, actor, "create", "unit", func(tx *store.Tx, ev *Event) error {
		if ok, err := tx.UnitExists(ctx, u.Code); err != nil {
			return err
		} else if ok {
			return model.Invalid("code", "unit %s already exists", u.Code)
		}
		if u.Parent != "" {
			if ok, err := tx.UnitExists(ctx, u.Parent); err != nil {
				return err
			} else if !ok {
				return model.Invalid("parent", "unknown unit %q", u.Parent)
			}
		}
		ev.ID, ev.After = u.Code, u
		return tx.InsertUnit(ctx, u)
	})
}
