package app

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/decompose"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestDraftOf: a draft made from a decomposition takes the unit the speech
// names as its lead, the named cooperating units (without the lead and
// repeats) and the deadline as written.
func TestDraftOf(t *testing.T) {
	nd := decompose.Draft{Seq: 2, Text: "教务处会同研究生院、人事处10月底前完成", Start: 3, End: 40, Theme: "talent_training",
		Unit: "KJC", Owner: "教务处", OwnerUnit: "JWC", Cooperating: []string{"YJSY", "JWC", "RSC", "YJSY"}, Deadline: " 10月底前 "}
	got := draftOf(7, 2, 1, nd)
	want := model.Draft{AgendaItem: 7, Seq: 2, Start: 3, End: 40, Found: nd.Text, Parent: 1, Title: nd.Text,
		Theme: "talent_training", LeadUnit: "JWC", CooperatingUnits: []string{"YJSY", "RSC"}, Deadline: "10月底前", State: model.DraftOpen}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("draftOf (-want +got):\n%s", diff)
	}
	// Without a named owner the suggestion leads; nothing named, nothing set.
	got = draftOf(7, 1, 0, decompose.Draft{Text: "加强科研", Unit: "KJC", Theme: "research"})
	if got.LeadUnit != "KJC" || len(got.CooperatingUnits) != 0 || got.Deadline != "" {
		t.Errorf("without named owner: %+v", got)
	}
}
