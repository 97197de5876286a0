package web

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// filterChoices are the options of the filter forms that the board and the
// measures list share (templates "filter-leader", "filter-theme",
// "filter-period" in parts.html), loaded in one place.
type filterChoices struct {
	Units   []model.Unit
	Leaders []model.Account
	Periods []model.Period
	Themes  []string
	Alerts  []model.Alert
}

func (h *handler) filterChoices(ctx context.Context) (filterChoices, error) {
	c := filterChoices{Themes: model.Themes, Alerts: model.Alerts}
	var err error
	if c.Units, err = h.a.Units(ctx); err != nil {
		return c, err
	}
	if c.Leaders, err = h.a.Leaders(ctx); err != nil {
		return c, err
	}
	c.Periods, err = h.a.Periods(ctx)
	return c, err
}
