package demo_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/demo"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDemoBulletins checks the demo has issued 2024年第1期 (September) and
// 第2期 (1–15 October), each listing what a preview of its range lists
// now, and that the October one names overdue measures.
func TestDemoBulletins(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	office, err := apptest.Store(a).Account(ctx, "linxiao")
	if err != nil {
		t.Fatal(err)
	}
	bs, err := a.Bulletins(ctx, office)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || bs[0].Title() != "督办通报 2024年第2期" || bs[1].Title() != "督办通报 2024年第1期" ||
		bs[1].From != model.Ymd(2024, 9, 1) || bs[0].To != model.Ymd(2024, 10, 15) {
		t.Fatalf("demo bulletins: %+v", bs)
	}
	for _, b := range bs {
		p, err := a.PreviewBulletin(ctx, office, b.From, b.To)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p.Sections, b.Sections); diff != "" {
			t.Errorf("%s differs from a preview of its range (-preview +issued):\n%s", b.Title(), diff)
		}
		s := b.Summary()
		t.Logf("%s: %d overdue, %d orange, %d completed", b.Title(), s.Overdue, s.Orange, s.Completed)
	}
	// The October bulletin ends on the demo's today: it names what the
	// board shows as overdue and orange.
	board, err := a.Board(ctx, app.System, model.BoardFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if s := bs[0].Summary(); s.Overdue == 0 || s.Overdue != board.Totals.ByStatus[model.Overdue] || s.Orange != board.Totals.ByAlert[model.AlertOrange] {
		t.Errorf("the October bulletin (%+v) disagrees with the board (%v, %v)", s, board.Totals.ByStatus, board.Totals.ByAlert)
	}
}
