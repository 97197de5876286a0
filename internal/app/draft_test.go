package app_test

import (
	"context"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

const speech = "校长指出，一是要加强有组织科研，推进重大科研平台建设。二是要深化本科教育教学改革，建设一流课程。三是要加大高层次人才引进力度，完善青年教师培养体系。"

// speechItem records a meeting with one speech and returns the item's id.
func speechItem(t *testing.T, a *app.App, text string) (model.Meeting, int64) {
	t.Helper()
	m := model.Meeting{Kind: "standing_committee", Title: "党委常委会", Date: model.Ymd(2024, 9, 10),
		Items: []model.AgendaItem{{Kind: "speech", Title: "校长讲话", Speaker: "校长", Text: text}}}
	if err := a.SaveMeeting(context.Background(), apptest.Account(t, a, apptest.Office), &m); err != nil {
		t.Fatal(err)
	}
	return m, m.Items[0].ID
}

func countMeasures(t *testing.T, a *app.App) int {
	t.Helper()
	ms, _, err := apptest.Store(a).Measures(context.Background(), model.MeasureFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

func TestDecomposeReviewAccept(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	_, item := speechItem(t, a, speech)

	if _, err := a.DecomposeItem(ctx, apptest.Account(t, a, apptest.UnitKJC), item); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("unit account decomposes: %v", err)
	}
	ds, err := a.DecomposeItem(ctx, office, item)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 {
		t.Fatalf("got %d drafts, want 3: %+v", len(ds), ds)
	}
	for _, d := range ds {
		if speech[d.Start:d.End] != d.Found || d.Title != d.Found || d.State != model.DraftOpen {
			t.Errorf("draft %d: span %d-%d found %q title %q", d.Seq, d.Start, d.End, d.Found, d.Title)
		}
	}

	// All or nothing: draft 2 has no lead unit, so neither draft becomes a measure.
	lead, deadline := "KJC", "2024年12月底前"
	if err := a.UpdateDraft(ctx, office, ds[0].ID, app.DraftPatch{LeadUnit: &lead, Deadline: &deadline}); err != nil {
		t.Fatal(err)
	}
	none := ""
	if err := a.UpdateDraft(ctx, office, ds[1].ID, app.DraftPatch{LeadUnit: &none}); err != nil {
		t.Fatal(err)
	}
	before := countMeasures(t, a)
	_, err = a.AcceptDrafts(ctx, office, item, []int64{ds[0].ID, ds[1].ID}, "本学期内")
	if e := model.ErrorOf(err); e == nil || e.Field != "drafts[2].lead_unit" {
		t.Fatalf("accepting a draft without lead unit: %v", err)
	}
	if n := countMeasures(t, a); n != before {
		t.Fatalf("a failed accept wrote %d measures", n-before)
	}
	bad := "NOPE"
	if err := a.UpdateDraft(ctx, office, ds[1].ID, app.DraftPatch{LeadUnit: &bad}); model.ErrorOf(err) == nil || model.ErrorOf(err).Field != "lead_unit" {
		t.Fatalf("unknown unit on a draft: %v", err)
	}

	jwc := "JWC"
	if err := a.UpdateDraft(ctx, office, ds[1].ID, app.DraftPatch{LeadUnit: &jwc}); err != nil {
		t.Fatal(err)
	}
	ms, err := a.AcceptDrafts(ctx, office, item, []int64{ds[0].ID, ds[1].ID}, "本学期内")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || countMeasures(t, a) != before+2 {
		t.Fatalf("accepted %d measures", len(ms))
	}
	if ms[0].Due != model.Ymd(2024, 12, 31) || ms[0].Period != "2024-H2" || ms[0].LeadUnit != "KJC" {
		t.Errorf("measure from draft 1: due %s period %s lead %s", ms[0].Due, ms[0].Period, ms[0].LeadUnit)
	}
	if ms[1].Deadline != "本学期内" || ms[1].Due != model.Ymd(2024, 12, 31) {
		t.Errorf("default deadline: %q → %s", ms[1].Deadline, ms[1].Due)
	}
	detail, err := a.Measure(ctx, app.System, ms[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	if detail.SourceText != ds[0].Found || detail.SourceItem == nil || detail.SourceItem.ID != item {
		t.Errorf("measure source %q, want %q", detail.SourceText, ds[0].Found)
	}
	if _, err := a.AcceptDrafts(ctx, office, item, []int64{ds[0].ID}, "本学期内"); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("accepting twice: %v", err)
	}
	if err := a.RejectDraft(ctx, office, ds[2].ID); err != nil {
		t.Fatal(err)
	}

	// The speech is edited: a sentence is added in front and the third
	// directive rewritten. Decisions stay, spans and measure links move.
	edited := "会议听取了工作汇报。校长强调，要把立德树人作为根本任务，全面落实。" + speech
	m, _ := a.Meeting(ctx, app.System, mustMeetingOf(t, a, item))
	m.Items[0].Text = edited
	if err := a.SaveMeeting(ctx, office, &m); err != nil {
		t.Fatal(err)
	}
	ds2, err := a.DecomposeItem(ctx, office, item)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, d := range ds2 {
		states[d.Found] = d.State
		if d.Start >= 0 && edited[d.Start:d.End] != d.Found {
			t.Errorf("draft %d span %d-%d does not hold its words", d.Seq, d.Start, d.End)
		}
	}
	if states[ds[0].Found] != model.DraftAccepted || states[ds[1].Found] != model.DraftAccepted || states[ds[2].Found] != model.DraftRejected {
		t.Errorf("decisions lost after re-decomposing: %v", states)
	}
	if len(ds2) != 4 {
		t.Errorf("got %d drafts after the edit, want the 3 kept and 1 new: %+v", len(ds2), ds2)
	}
	detail, _ = a.Measure(ctx, app.System, ms[0].Code)
	if detail.SourceText != ds[0].Found {
		t.Errorf("measure source after the edit: %q", detail.SourceText)
	}
}

func mustMeetingOf(t *testing.T, a *app.App, item int64) int64 {
	t.Helper()
	_, meeting, err := apptest.Store(a).AgendaItem(context.Background(), item)
	if err != nil {
		t.Fatal(err)
	}
	return meeting
}

func TestMergeAndSplitDrafts(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	_, item := speechItem(t, a, speech)
	ds, err := a.DecomposeItem(ctx, office, item)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.MergeDrafts(ctx, office, []int64{ds[1].ID, ds[0].ID}); err != nil {
		t.Fatal(err)
	}
	_, _, got, _ := a.Drafts(ctx, app.System, item)
	if got[0].State != model.DraftOpen || got[1].State != model.DraftMerged || got[1].MergedInto != got[0].ID {
		t.Fatalf("after merge: %+v", got[:2])
	}
	if got[0].Title != ds[0].Title+"；"+ds[1].Title {
		t.Errorf("merged text %q", got[0].Title)
	}
	if got[0].Start != ds[0].Start || got[0].End != ds[1].End {
		t.Errorf("merged span %d-%d", got[0].Start, got[0].End)
	}
	if err := a.RestoreDraft(ctx, office, got[1].ID); err != nil {
		t.Fatal(err)
	}

	// Split the third draft at the end of its first clause, before the
	// comma (where a click after "力度" puts the cursor).
	third := ds[2]
	at := len([]rune("三是要加大高层次人才引进力度"))
	if err := a.SplitDraft(ctx, office, third.ID, at); err != nil {
		t.Fatal(err)
	}
	if err := a.SplitDraft(ctx, office, third.ID, 0); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("split at 0: %v", err)
	}
	_, _, got, _ = a.Drafts(ctx, app.System, item)
	if len(got) != 4 {
		t.Fatalf("after split %d drafts", len(got))
	}
	a1, a2 := got[2], got[3]
	// The comma at the cut goes with neither part.
	if a1.Title != "三是要加大高层次人才引进力度" || a2.Title != "完善青年教师培养体系" || a2.Seq != 4 {
		t.Errorf("split parts %q / %q (seq %d)", a1.Title, a2.Title, a2.Seq)
	}
	if speech[a1.Start:a1.End] != a1.Title || speech[a2.Start:a2.End] != a2.Title || a1.Start != third.Start || a2.End != third.End {
		t.Errorf("split spans %q / %q do not mark the parts", speech[a1.Start:a1.End], speech[a2.Start:a2.End])
	}
	// A new decomposition keeps the office's split.
	again, err := a.DecomposeItem(ctx, office, item)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range again {
		found = found || d.Title == "完善青年教师培养体系"
	}
	if !found {
		t.Errorf("re-decomposing lost the split-off draft: %+v", again)
	}
}

// TestSuggestedUnits: the theme → unit map suggests lead units at first;
// once the institution has accepted measures, what it learned from them wins.
func TestSuggestedUnits(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	office := apptest.Account(t, a, apptest.Office)
	if err := a.SetThemeUnits(ctx, apptest.Account(t, a, apptest.Leader), map[string]string{"research": "KJC"}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("leader sets the map: %v", err)
	}
	if err := a.SetThemeUnits(ctx, office, map[string]string{"research": "NOPE"}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("unknown unit in the map: %v", err)
	}
	if err := a.SetThemeUnits(ctx, office, map[string]string{"research": "KJC", "talent_training": "JWC", "talent_team": "RSC"}); err != nil {
		t.Fatal(err)
	}
	res, err := a.Decompose(ctx, speech)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"KJC", "JWC", "RSC"}
	for i, d := range res.Drafts {
		if i < len(want) && d.Unit != want[i] {
			t.Errorf("draft %d (%s): unit %q, want %q from the theme map", d.Seq, d.Theme, d.Unit, want[i])
		}
	}
	// The institution gives 教学 work to RSC several times; the suggester learns it.
	for i := 0; i < 6; i++ {
		m := model.Measure{Title: "深化本科教育教学改革，建设一流课程", Theme: "talent_training", Period: "2024-H2", LeadUnit: "RSC"}
		if err := a.CreateMeasure(ctx, office, &m); err != nil {
			t.Fatal(err)
		}
	}
	res, err = a.Decompose(ctx, speech)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Drafts) < 2 || res.Drafts[1].Unit != "RSC" {
		t.Errorf("after learning, draft 2 suggests %q, want RSC", res.Drafts[1].Unit)
	}
}
