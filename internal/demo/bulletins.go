package demo

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// demoBulletins are the supervision bulletins the office has issued by the
// demo's today: September, then the first half of October (2024年第1期 and
// 第2期).
var demoBulletins = [][2]model.Date{
	{model.Ymd(2024, 9, 1), model.Ymd(2024, 9, 30)},
	{model.Ymd(2024, 10, 1), model.Ymd(2024, 10, 15)},
}

// queueBulletins issues the demo's bulletins as the office clerk, both on
// the demo's today (a bulletin is dated the day it is issued, and its lists
// are what that day shows): September's, held back by the holiday, in the
// afternoon, then the first half of October's.
func queueBulletins(st *story, a *app.App, office *model.Account) {
	for i, r := range demoBulletins {
		st.at(Today, 15, 30*i, "bulletin", func(ctx context.Context) error {
			if _, err := a.IssueBulletin(ctx, *office, app.BulletinRequest{From: r[0], To: r[1]}); err != nil {
				return fmt.Errorf("demo: bulletin %s..%s: %w", r[0], r[1], err)
			}
			return nil
		})
	}
}
