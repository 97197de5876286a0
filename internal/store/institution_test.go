package store

import (
	"context"
	"slices"
	"testing"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// TestUnitsPeoplePortfoliosCalendar writes and reads back what an
// institution sets up: units with aliases (one unit per alias), people
// with staff numbers (unique), portfolios kept per day, the calendar.
func TestUnitsPeoplePortfoliosCalendar(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	err := s.Write(ctx, func(tx *Tx) error {
		for _, u := range []model.Unit{
			{Code: "JWC", Name: "教务处", Kind: model.UnitDepartment, Aliases: []string{"本科生院", "Academic Affairs Office"}},
			{Code: "XY1", Name: "一学院", Kind: model.UnitSchool, Parent: "JWC", Seq: 7},
		} {
			if err := tx.InsertUnit(ctx, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 2 || !slices.Equal(units[0].Aliases, []string{"Academic Affairs Office", "本科生院"}) || units[1].Parent != "JWC" || units[1].Seq != 7 || units[1].Inactive {
		t.Fatalf("units %+v", units)
	}
	// An alias names one unit only.
	err = s.Write(ctx, func(tx *Tx) error { return tx.SetUnitAliases(ctx, "XY1", []string{"本科生院"}) })
	if err == nil {
		t.Fatal("one alias stored for two units")
	}
	u := units[1]
	u.Inactive, u.MergedInto, u.Aliases = true, "JWC", []string{"旧学院"}
	if err := s.Write(ctx, func(tx *Tx) error { return tx.UpdateUnit(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Unit(ctx, "XY1")
	if err != nil || !got.Inactive || got.MergedInto != "JWC" || !slices.Equal(got.Aliases, []string{"旧学院"}) {
		t.Fatalf("after update %+v %v", got, err)
	}
	if m, err := s.UnitAliases(ctx); err != nil || m["旧学院"] != "XY1" || m["本科生院"] != "JWC" {
		t.Fatalf("aliases %v %v", m, err)
	}

	var id int64
	err = s.Write(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.InsertPerson(ctx, model.Person{Name: "王芳", Unit: "JWC", Title: "处长", StaffNo: "1001", Phone: "010-1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Write(ctx, func(tx *Tx) error {
		_, err := tx.InsertPerson(ctx, model.Person{Name: "重号", Unit: "JWC", StaffNo: "1001"})
		return err
	})
	if err == nil {
		t.Fatal("a staff number stored twice")
	}
	// People without a staff number are many.
	err = s.Write(ctx, func(tx *Tx) error {
		for i := 0; i < 2; i++ {
			if _, err := tx.InsertPerson(ctx, model.Person{Name: "无工号", Unit: "XY1"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.PersonByStaffNo(ctx, "1001")
	if err != nil || p.ID != id || p.Title != "处长" || p.Phone != "010-1" {
		t.Fatalf("person %+v %v", p, err)
	}
	if ps, err := s.People(ctx, "XY1"); err != nil || len(ps) != 2 {
		t.Fatalf("people of XY1: %v %v", ps, err)
	}

	err = s.Write(ctx, func(tx *Tx) error {
		for _, pf := range []model.Portfolio{
			{Leader: "sun", From: model.Ymd(2024, 7, 1), Units: []string{"JWC"}, Themes: []string{"talent_training"}, By: "admin"},
			{Leader: "sun", From: model.Ymd(2024, 9, 1), Units: []string{"JWC", "XY1"}, Themes: []string{}, By: "admin"},
			{Leader: "sun", From: model.Ymd(2024, 9, 1), Units: []string{"XY1"}, Themes: []string{}, By: "admin"}, // same day: replaces
		} {
			if err := tx.PutPortfolio(ctx, pf); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pfs, err := s.Portfolios(ctx)
	if err != nil || len(pfs) != 2 || !slices.Equal(pfs[1].Units, []string{"XY1"}) || pfs[0].Themes[0] != "talent_training" {
		t.Fatalf("portfolios %+v %v", pfs, err)
	}

	y := model.AcademicYear{Year: 2024, Terms: []model.Term{
		{Term: model.TermAutumn, Start: model.Ymd(2024, 9, 2), End: model.Ymd(2025, 1, 17)},
		{Term: model.TermSpring, Start: model.Ymd(2025, 2, 24), End: model.Ymd(2025, 7, 4)},
	}}
	for i := 0; i < 2; i++ { // set twice: replaced, not doubled
		if err := s.Write(ctx, func(tx *Tx) error { return tx.PutAcademicYear(ctx, y) }); err != nil {
			t.Fatal(err)
		}
	}
	cal, err := s.Calendar(ctx)
	if err != nil || len(cal) != 1 || len(cal[0].Terms) != 2 || cal[0].Terms[1].End != model.Ymd(2025, 7, 4) {
		t.Fatalf("calendar %+v %v", cal, err)
	}
}
