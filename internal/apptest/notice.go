package apptest

import (
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// SupervisionNotice issues a 督办单 about measure code on day, addressed
// to its lead unit (as the ladder would when the measure turns orange),
// and returns it.
func SupervisionNotice(t testing.TB, a *app.App, code string, day model.Date) model.Notice {
	t.Helper()
	ctx := t.Context()
	mv, err := a.Measure(ctx, app.System, code)
	if err != nil {
		t.Fatal(err)
	}
	m := mv.Measure
	n := model.NewNotice(model.Trigger{Kind: model.NoticeSupervision, Key: "supervision:" + code + ":" + day.String(), Due: m.Due},
		m, day, m.LeadUnit, "")
	var out []model.Notice
	err = Store(a).Write(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.InsertNotices(ctx, []model.Notice{n}, []int64{m.ID})
		return err
	})
	if err != nil || len(out) != 1 {
		t.Fatalf("issue a 督办单 about %s: %v", code, err)
	}
	return out[0]
}
