package app_test

import (
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestUnsignedClimbsInTheDailyJob: a 督办单 KJC left unsigned past the
// rules' three working days gets its measure a 通报 from the daily job;
// one signed for in time gets none.
func TestUnsignedClimbsInTheDailyJob(t *testing.T) {
	for _, sign := range []bool{false, true} {
		a := apptest.New(t)
		ctx := t.Context()
		n := apptest.SupervisionNotice(t, a, apptest.MeasureA, apptest.Today) // a Tuesday
		if sign {
			if _, err := a.SignNotice(ctx, apptest.Account(t, a, apptest.UnitKJC), n.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.PinToday(ctx, app.System, model.Ymd(2024, 10, 21)); err != nil { // the fourth working day after
			t.Fatal(err)
		}
		if _, err := a.RunDay(ctx, "test"); err != nil {
			t.Fatal(err)
		}
		ns, err := a.Notices(ctx, app.System, model.NoticeFilter{Kind: string(model.NoticeBulletin), Measure: apptest.MeasureA})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(ns) > 0; got == sign {
			t.Errorf("signed %v: %d 通报 about %s", sign, len(ns), apptest.MeasureA)
		}
	}
}
