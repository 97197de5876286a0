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

// loadBulletins issues the demo's bulletins as the office clerk.
func loadBulletins(ctx context.Context, a *app.App, office model.Account) error {
	for _, r := range demoBulletins {
		if _, err := a.IssueBulletin(ctx, office, app.BulletinRequest{From: r[0], To: r[1]}); err != nil {
			return fmt.Errorf("demo: bulletin %s..%s: %w", r[0], r[1], err)
		}
	}
	return nil
}
