package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
)

// TestMentions: a comment naming a leader (@name) puts a line on their
// to-do list; opening the measure sees it and the line goes; the author's
// own name and plain text mention nobody.
func TestMentions(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	leader := apptest.Account(t, a, apptest.Leader)
	line := func() int {
		items, err := a.Todo(ctx, leader)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Kind == app.TodoMentions {
				return it.Count
			}
		}
		return 0
	}
	if n := line(); n != 0 {
		t.Fatalf("before any comment: %d mentions", n)
	}
	c, err := a.AddComment(ctx, office, apptest.MeasureA, "@"+leader.Name+" 请阅示，@"+office.Username+" 跟进")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Mentions, []string{leader.Username}) {
		t.Fatalf("mentions %v, want [%s]", c.Mentions, leader.Username)
	}
	if _, err := a.AddComment(ctx, office, apptest.MeasureB, "没有提到任何人"); err != nil {
		t.Fatal(err)
	}
	if n := line(); n != 1 {
		t.Fatalf("leader's to-do: %d mentions, want 1", n)
	}
	ms, err := a.Mentions(ctx, leader, true)
	if err != nil || len(ms) != 1 || ms[0].ID != c.ID || ms[0].Measure != apptest.MeasureA || ms[0].Seen {
		t.Fatalf("leader's unseen mentions: %+v %v", ms, err)
	}
	// Opening another measure sees nothing; opening this one sees it.
	det, err := a.Measure(ctx, leader, apptest.MeasureB)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SeeMentions(ctx, leader, det.Measure); err != nil {
		t.Fatal(err)
	}
	if n := line(); n != 1 {
		t.Fatalf("after opening another measure: %d mentions, want 1", n)
	}
	det, err = a.Measure(ctx, leader, apptest.MeasureA)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SeeMentions(ctx, leader, det.Measure); err != nil {
		t.Fatal(err)
	}
	if n := line(); n != 0 {
		t.Errorf("after opening the measure: %d mentions, want 0", n)
	}
	all, err := a.Mentions(ctx, leader, false)
	if err != nil || len(all) != 1 || !all[0].Seen {
		t.Errorf("all mentions: %+v %v", all, err)
	}
	if ms, err := a.Mentions(ctx, office, false); err != nil || len(ms) != 0 {
		t.Errorf("the author mentioned themself: %+v %v", ms, err)
	}
}
