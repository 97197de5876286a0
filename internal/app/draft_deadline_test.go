package app_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDraftDeadlineSaidAtMeeting: a draft's deadline is read from the day
// of its meeting (2024-09-10): a day before it is refused on the deadline
// and nothing changes; 一个月内 and 10月底前 become the days they mean.
func TestDraftDeadlineSaidAtMeeting(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	_, item := speechItem(t, a, speech)
	drafts, err := a.DecomposeItem(ctx, office, item)
	if err != nil || len(drafts) < 2 {
		t.Fatalf("decompose: %v %d", err, len(drafts))
	}
	set := func(id int64, deadline string) error {
		lead := "KJC"
		return a.UpdateDraft(ctx, office, id, app.DraftPatch{Deadline: &deadline, LeadUnit: &lead})
	}
	err = set(drafts[0].ID, "2024年8月底前")
	if e := model.ErrorOf(err); e == nil || e.Code != model.EINVALID || e.Field != "deadline" {
		t.Fatalf("a deadline before the meeting: %v", err)
	}
	if _, _, ds, _ := a.Drafts(ctx, office, item); ds[0].Deadline != "" || ds[0].LeadUnit != drafts[0].LeadUnit {
		t.Errorf("a refused edit changed the draft: %+v", ds[0])
	}
	if err := set(drafts[0].ID, "一个月内"); err != nil {
		t.Fatal(err)
	}
	if err := set(drafts[1].ID, "10月底前"); err != nil {
		t.Fatal(err)
	}
	ms, err := a.AcceptDrafts(ctx, office, item, []int64{drafts[0].ID, drafts[1].ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		deadline string
		due      model.Date
		period   string
	}{{"一个月内", model.Ymd(2024, 10, 10), "2024-H2"}, {"10月底前", model.Ymd(2024, 10, 31), "2024-H2"}} {
		if ms[i].Deadline != want.deadline || ms[i].Due != want.due || ms[i].Period != want.period {
			t.Errorf("measure %d: %q due %s in %s, want %q %s %s", i, ms[i].Deadline, ms[i].Due, ms[i].Period, want.deadline, want.due, want.period)
		}
	}
	// A default deadline before the meeting is refused, naming the draft.
	_, err = a.AcceptDrafts(ctx, office, item, []int64{drafts[2].ID}, "2024-09-01")
	if e := model.ErrorOf(err); e == nil || e.Field != "drafts[3].deadline" {
		t.Errorf("default deadline before the meeting: %v", err)
	}
}
