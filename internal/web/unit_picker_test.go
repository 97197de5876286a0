package web

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestUnitPickerOf: each unit is found by its names, code and aliases and
// named in the page's language; a deactivated unit is offered only when
// already chosen.
func TestUnitPickerOf(t *testing.T) {
	units := []model.Unit{
		{Code: "JWC", Name: "教务处", NameEn: "Academic Affairs Office", Aliases: []string{"本科生院"}},
		{Code: "KJC", Name: "科学技术处", NameEn: "Science and Technology Office"},
		{Code: "OLD", Name: "旧处", NameEn: "Old Office", Inactive: true},
		{Code: "GONE", Name: "撤销处", NameEn: "Gone Office", Inactive: true},
	}
	p := &page{Lang: "en", Units: map[string]model.Unit{}}
	for _, u := range units {
		p.Units[u.Code] = u
	}
	got := p.unitPickerOf(units, "coop-7", "coop-7", "Cooperating units", true, []string{"KJC", "OLD"})
	want := unitPicker{ID: "coop-7", Name: "coop-7", Label: "Cooperating units", Multiple: true, Options: []pickerUnit{
		{Code: "JWC", Name: "Academic Affairs Office", Search: "教务处 academic affairs office jwc 本科生院"},
		{Code: "KJC", Name: "Science and Technology Office", Search: "科学技术处 science and technology office kjc", Selected: true},
		{Code: "OLD", Name: "Old Office", Search: "旧处 old office old", Selected: true},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unitPickerOf (-want +got):\n%s", diff)
	}
}
