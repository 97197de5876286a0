package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/search"
)

// seedSearch writes one thing of each searchable kind through the store's
// ordinary write paths.
func seedSearch(t *testing.T, s *Store) (model.Measure, model.Meeting) {
	t.Helper()
	ctx := context.Background()
	seedUnits(t, s, "A", "B")
	m := model.Measure{Code: "2024H2-017", Title: "推进一流学科建设", Detail: "It is necessary to strengthen discipline-led development，落实督办事项。",
		Theme: "discipline", Period: "2024-H2", LeadUnit: "A", Start: model.Ymd(2024, 7, 1), Due: model.Ymd(2024, 12, 31)}
	mt := model.Meeting{Kind: "retreat", Title: "暑期工作研讨会", Date: model.Ymd(2024, 7, 10), Period: "2024-H2",
		Items: []model.AgendaItem{{Seq: 1, Kind: "speech", Title: "校长讲话", Speaker: "王校长", Text: "要加强有组织科研，We should focus on research platforms。"}}}
	err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.InsertMeasure(ctx, &m); err != nil {
			return err
		}
		if err := tx.InsertMeeting(ctx, &mt); err != nil {
			return err
		}
		for _, r := range []model.UnitReport{
			{Unit: "A", Period: "2024-H2", State: "draft", Achievements: "完成实验室安全检查", Problems: "科研用房紧张"},
			{Unit: "B", Period: "2024-H2", State: "draft", Achievements: "招生就业工作稳中有进", Situation: "confidential budget figures"},
		} {
			if err := tx.SaveUnitReport(ctx, &r); err != nil {
				return err
			}
		}
		p := model.Problem{Code: "P2024-001", Title: "高层次人才引进难", Description: "薪酬竞争力不足", Source: "unit",
			Severity: "high", OwnerUnit: "B", Status: "open"}
		return tx.InsertProblem(ctx, &p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, mt
}

func refs(t *testing.T, s *Store, f SearchFilter) []string {
	t.Helper()
	page, err := s.Search(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, h := range page.Hits {
		out = append(out, h.Kind+":"+h.Ref)
	}
	slices.Sort(out)
	return out
}

func find(t *testing.T, s *Store, q string) []string {
	t.Helper()
	return refs(t, s, SearchFilter{Query: search.ParseQuery(q)})
}

// TestSearch finds 2-character Chinese words inside longer text, English
// words, codes and mixed queries; runs on PostgreSQL when
// LUOSHI_TEST_POSTGRES is set.
func TestSearch(t *testing.T) {
	s := openTestStore(t)
	m, mt := seedSearch(t, s)
	speech := "speech:" + speechRef(mt.ID, mt.Items[0].ID)
	meeting := fmt.Sprintf("meeting:%d", mt.ID)
	cases := []struct {
		q    string
		want []string
	}{
		{"学科", []string{"measure:2024H2-017"}},
		{"督办", []string{"measure:2024H2-017"}},
		{"学科建设", []string{"measure:2024H2-017"}},
		{"一流建设", []string{}}, // not together in the text
		{"Discipline", []string{"measure:2024H2-017"}},
		{"discipline 督办", []string{"measure:2024H2-017"}},
		{"discipline 科研", []string{}},
		{"2024H2-017", []string{"measure:2024H2-017"}},
		{"科研", []string{"report:A/2024-H2", speech}},
		{"research 有组织", []string{speech}},
		{"研讨会", []string{meeting}}, // a speech is found by its own words
		{"王校长", []string{speech}},
		{"人才", []string{"problem:P2024-001"}},
		{"竞争力", []string{"problem:P2024-001"}},
		{"ＤＩＳＣＩＰＬＩＮＥ", []string{"measure:2024H2-017"}},
		{"，。", []string{}},
		{"nothing", []string{}},
		// Quotes, backslashes and question marks are words, not SQL
		// (PostgreSQL writes the query into the SQL as a literal).
		{"o'brien", []string{}},
		{`\' OR 1=1 --`, []string{}},
		{`学科\'`, []string{"measure:2024H2-017"}},
		{"why?", []string{}},
	}
	for _, c := range cases {
		if got := find(t, s, c.q); !slices.Equal(got, c.want) {
			t.Errorf("search %q = %v, want %v", c.q, got, c.want)
		}
	}

	// A unit account's filter: its own report only.
	own := SearchFilter{Query: search.ParseQuery("招生"), OwnReportsOnly: true, ReportUnit: "B"}
	if got := refs(t, s, own); !slices.Equal(got, []string{"report:B/2024-H2"}) {
		t.Errorf("own report: %v", got)
	}
	own.Query = search.ParseQuery("实验室")
	if got := refs(t, s, own); len(got) != 0 {
		t.Errorf("another unit's report leaks: %v", got)
	}
	own.ReportUnit = ""
	own.Query = search.ParseQuery("confidential")
	if got := refs(t, s, own); len(got) != 0 {
		t.Errorf("report leaks to a reader of no unit: %v", got)
	}
	if got := refs(t, s, SearchFilter{Query: search.ParseQuery("科研"), Kinds: []string{model.SearchSpeech}}); !slices.Equal(got, []string{speech}) {
		t.Errorf("kind filter: %v", got)
	}

	// An edit re-indexes: the old words are gone, the new ones found.
	ctx := context.Background()
	err := s.Write(ctx, func(tx *Tx) error {
		m.Title, m.Detail = "完善内部控制体系", "Improve internal audit"
		if err := tx.UpdateMeasure(ctx, &m); err != nil {
			return err
		}
		mt.Title = "党委常委会"
		mt.Items = nil // the speech is removed
		return tx.UpdateMeeting(ctx, &mt)
	})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{"学科": {}, "discipline": {}, "内部控制": {"measure:2024H2-017"}, "audit": {"measure:2024H2-017"},
		"研讨会": {}, "常委会": {meeting}, "王校长": {}} {
		if got := find(t, s, q); !slices.Equal(got, want) {
			t.Errorf("after the edit, search %q = %v, want %v", q, got, want)
		}
	}
}

// TestSearchPaging pages through more hits than a page holds, in search's
// order: the measures whose title holds the word, newest first, then
// those whose detail alone does, newest first. The pages straddle the
// turn from one to the other, and a page that starts past it counts the
// first kind to know where the second begins.
func TestSearchPaging(t *testing.T) {
	s := openTestStore(t)
	seedUnits(t, s, "A")
	ctx := context.Background()
	var inTitle, inDetail []string // each newest first
	err := s.Write(ctx, func(tx *Tx) error {
		p, _ := model.PeriodFromCode("2024-H2")
		for i := range 32 {
			code, err := tx.NextMeasureCode(ctx, p)
			if err != nil {
				return err
			}
			m := model.Measure{Code: code, Title: "督办事项 " + code, Theme: "other", Period: p.Code, LeadUnit: "A", Start: p.Start}
			if i%4 == 3 { // one in four has the word in its detail only
				m.Title, m.Detail = "落实事项 "+code, "按期督办事项"
				inDetail = append([]string{code}, inDetail...)
			} else {
				inTitle = append([]string{code}, inTitle...)
			}
			if err := tx.InsertMeasure(ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A word and a phrase; on PostgreSQL the phrase is looked for among
	// the newest documents first, here fewer than it matches.
	defer func(n int) { recentDocs = n }(recentDocs)
	recentDocs = 6
	for _, words := range []string{"督办", "督办事项"} {
		t.Run(words, func(t *testing.T) { searchPages(t, s, words, inTitle, inDetail) })
	}
}

// searchPages pages through what words find, expecting inTitle then
// inDetail, and opens pages that start in the middle.
func searchPages(t *testing.T, s *Store, words string, inTitle, inDetail []string) {
	ctx := context.Background()
	want := append(slices.Clone(inTitle), inDetail...)
	var got []string
	f := SearchFilter{Query: search.ParseQuery(words), Limit: 10}
	for {
		page, err := s.Search(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range page.Hits {
			got = append(got, h.Ref)
			if wantScore := float64(len(got)-1) < float64(len(inTitle)); (h.Score == 1) != wantScore {
				t.Errorf("%s scores %v", h.Ref, h.Score)
			}
		}
		if !page.More {
			break
		}
		f.Offset += len(page.Hits)
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged through\n%v\nwant\n%v", got, want)
	}
	// Pages that start inside the second kind, or past every match.
	for _, offset := range []int{len(inTitle), len(inTitle) + 3, len(want) - 1, len(want), len(want) + 5} {
		page, err := s.Search(ctx, SearchFilter{Query: search.ParseQuery(words), Limit: 4, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, h := range page.Hits {
			refs = append(refs, h.Ref)
		}
		end := min(len(want), offset+4)
		wantPage := want[min(offset, len(want)):end]
		if !slices.Equal(refs, wantPage) || page.More != (end < len(want)) {
			t.Errorf("from %d: %v (more %v), want %v", offset, refs, page.More, wantPage)
		}
	}
}

// TestReindexBackfill empties the index, as on a database migrated from
// before 0009, and checks Migrate fills it again.
func TestReindexBackfill(t *testing.T) {
	s := openTestStore(t)
	seedSearch(t, s)
	ctx := context.Background()
	before, err := s.SearchIndexSize(ctx)
	if err != nil || before != 6 {
		t.Fatalf("index holds %d documents (%v), want 6", before, err)
	}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.Exec(ctx, `DELETE FROM search_docs`) }); err != nil {
		t.Fatal(err)
	}
	if got := find(t, s, "学科"); len(got) != 0 {
		t.Fatalf("emptied index still finds %v", got)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.SearchIndexSize(ctx); n != before {
		t.Errorf("after Migrate the index holds %d documents, want %d", n, before)
	}
	if got := find(t, s, "学科"); !slices.Equal(got, []string{"measure:2024H2-017"}) {
		t.Errorf("after the backfill: %v", got)
	}
}
