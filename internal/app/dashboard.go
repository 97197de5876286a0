package app

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Dashboard returns the leaders' dashboard. Everyone signed in may read it:
// every role sees all measures, indicators and problems.
func (a *App) Dashboard(ctx context.Context, actor model.Account) (*model.Dashboard, error) {
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	return a.store.Dashboard(ctx, t)
}

// Portfolio returns what a leader is in charge of: leader's, or with leader
// "" the reader's own (only a leader has one). Who is in charge of what is
// no secret (the measures list filters by leader), so anyone may look.
func (a *App) Portfolio(ctx context.Context, reader model.Account, leader string) (*model.PortfolioBoard, error) {
	if leader == "" {
		if reader.Role != model.RoleLeader {
			return nil, model.Invalid("leader", "is required: only a leader has a portfolio of their own")
		}
		leader = reader.Username
	}
	acct, err := a.store.Account(ctx, leader)
	if err != nil {
		return nil, err
	}
	if acct.Role != model.RoleLeader {
		return nil, model.Errorf(model.ENOTFOUND, "leader %s not found", leader)
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	return a.store.Portfolio(ctx, t, leader)
}
