// Package apptest builds a small, known institution on a fresh SQLite file
// for tests of the layers above app (web, api, e2e).
package apptest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Password is every fixture account's password.
const Password = "secret-pw"

// Today is the fixed day the fixture is read on.
var Today = model.Ymd(2024, 10, 15)

// Fixture accounts, one per role plus a unit account of another unit.
const (
	Admin    = "admin"
	Office   = "office1"
	Leader   = "leader1"
	UnitKJC  = "kjc1" // unit account of KJC (leads M1, cooperates on M2)
	UnitJWC  = "jwc1" // unit account of JWC (leads M2)
	UnitRSC  = "rsc1" // unit account of RSC (involved in nothing)
	MeasureA = "2024H2-001"
	MeasureB = "2024H2-002"
	MeasureC = "2024H2-003"
)

// New opens a fresh database in t's temp dir, migrates it and loads the
// fixture: 5 units, 6 accounts, one meeting with a speech and three measures.
// The clock is pinned to Today.
func New(t testing.TB) *app.App {
	t.Helper()
	return NewOn(t, OpenStore(t))
}

// NewOn loads the fixture into the fresh database s, for tests that need a
// particular engine.
func NewOn(t testing.TB, s *store.Store) *app.App {
	t.Helper()
	ctx := context.Background()
	a := Bare(t, s)
	fixed := time.Date(2024, 10, 15, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	s.Now = func() time.Time { return a.Now() } // follows a.Now when it is moved later
	if err := Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

// stores remembers the database under each App the fixture built, for the
// tests that arrange or inspect rows no use case reaches (App keeps its
// store to itself).
var stores sync.Map // *app.App → *store.Store

// Store is the database under a, an App that New or NewOn built.
func Store(a *app.App) *store.Store {
	s, ok := stores.Load(a)
	if !ok {
		panic("apptest: Store of an App that apptest did not build")
	}
	return s.(*store.Store)
}

// Bare wires an App over s with nothing loaded, remembered for Store.
func Bare(t testing.TB, s *store.Store) *app.App {
	a := app.New(s, nil)
	Keep(a, s)
	t.Cleanup(func() { stores.Delete(a) })
	return a
}

// BareOn is Bare with the app's and the store's clock fixed at 09:00 on
// day in the institution's zone: a generated institution is read on its
// own day (bench.Today).
func BareOn(t testing.TB, s *store.Store, day model.Date) *app.App {
	a := Bare(t, s)
	y, m, d := day.Time().Date()
	fixed := time.Date(y, m, d, 9, 0, 0, 0, a.Location)
	a.Now = func() time.Time { return fixed }
	s.Now = a.Now
	return a
}

// Beside is a second server on a's database: an App over a store of its
// own, with nothing loaded, on a's clock (as a.Now is when Beside is
// called, so set a's clock first).
func Beside(t testing.TB, a *app.App) *app.App {
	t.Helper()
	s, err := store.Open(Store(a).Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	b := Bare(t, s)
	b.Now, s.Now = a.Now, a.Now
	return b
}

// Keep remembers s as the database under a, for an App a benchmark builds
// once for all its runs.
func Keep(a *app.App, s *store.Store) { stores.Store(a, s) }

// PostgresEnv names the variable holding a PostgreSQL URL: when it is set,
// tests run on a fresh schema there instead of a SQLite file.
const PostgresEnv = "LUOSHI_TEST_POSTGRES"

// OpenStore opens a fresh, migrated database for one test, removed after it:
// a schema in the PostgreSQL named by LUOSHI_TEST_POSTGRES, else SQLite.
func OpenStore(t testing.TB) *store.Store {
	t.Helper()
	s, drop, err := store.OpenScratch(context.Background(), os.Getenv(PostgresEnv), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return s
}

// Load writes the fixture into an empty database.
func Load(ctx context.Context, a *app.App) error {
	units := []model.Unit{
		{Code: "LDR", Name: "校领导班子", NameEn: "University Leadership", Kind: model.UnitLeadership},
		{Code: "DB", Name: "党政办公室", NameEn: "General Office", Kind: model.UnitDepartment},
		{Code: "KJC", Name: "科学技术处", NameEn: "Science and Technology Office", Kind: model.UnitDepartment},
		{Code: "JWC", Name: "教务处", NameEn: "Academic Affairs Office", Kind: model.UnitDepartment},
		{Code: "RSC", Name: "人事处", NameEn: "Human Resources Office", Kind: model.UnitDepartment},
	}
	for _, u := range units {
		if err := a.CreateUnit(ctx, app.System, u); err != nil {
			return err
		}
	}
	accounts := []model.Account{
		{Username: Admin, Role: model.RoleAdmin, Name: "Admin"},
		{Username: Office, Role: model.RoleOffice, Unit: "DB", Name: "林晓"},
		{Username: Leader, Role: model.RoleLeader, Unit: "LDR", Name: "王校长"},
		{Username: UnitKJC, Role: model.RoleUnit, Unit: "KJC", Name: "科技处联络员"},
		{Username: UnitJWC, Role: model.RoleUnit, Unit: "JWC", Name: "教务处联络员"},
		{Username: UnitRSC, Role: model.RoleUnit, Unit: "RSC", Name: "人事处联络员"},
	}
	// Fixture accounts share a short password, as the demo's do: the
	// password rules do not apply to them (app.CreateDemoAccounts).
	if err := a.CreateDemoAccounts(ctx, accounts, Password); err != nil {
		return err
	}
	if _, err := a.SetInstitution(ctx, app.System, model.Institution{Name: "测试大学", NameEn: "Test University",
		ShortName: "测大", ShortNameEn: "TU", OfficeName: "党政办公室", TimeZone: "Asia/Shanghai"}); err != nil {
		return err
	}
	if err := a.PinToday(ctx, app.System, Today); err != nil {
		return err
	}
	office, err := a.AccountOf(ctx, app.System, Office)
	if err != nil {
		return err
	}
	m := model.Meeting{Kind: "retreat", Title: "2024年暑期工作研讨会", Date: model.Ymd(2024, 6, 29), Place: "良乡校区",
		Items: []model.AgendaItem{{Kind: "speech", Title: "校长讲话", Speaker: "王校长",
			Text: "要加强有组织科研，推进重大平台建设。要深化本科教育教学改革。"}}}
	if err := a.SaveMeeting(ctx, office, &m); err != nil {
		return err
	}
	measures := []model.Measure{
		{Title: "推进重大科研平台建设", Theme: "research", Period: "2024-H2", LeadUnit: "KJC", Leader: Leader,
			Deadline: "2024年12月底前", Source: model.Source{AgendaItem: m.Items[0].ID, Start: 0, End: 45}},
		{Title: "深化本科教育教学改革", Theme: "talent_training", Period: "2024-H2", LeadUnit: "JWC",
			CooperatingUnits: []string{"KJC"}, Leader: Leader, Start: model.Ymd(2024, 7, 1), Due: model.Ymd(2024, 9, 30)},
		{Title: "完善人才引进办法", Theme: "talent_team", Period: "2024-H2", LeadUnit: "RSC", Deadline: "长期坚持"},
	}
	for i := range measures {
		if err := a.CreateMeasure(ctx, office, &measures[i]); err != nil {
			return err
		}
	}
	return nil
}

// Account returns a fixture account.
func Account(t testing.TB, a *app.App, username string) model.Account {
	t.Helper()
	acct, err := a.AccountOf(context.Background(), app.System, username)
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

// AuditCount is how many audit events the database under a holds: every
// change writes one, a refused change none.
func AuditCount(t testing.TB, a *app.App) int {
	t.Helper()
	rows, err := Store(a).Dump(context.Background(), "audit_events")
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}
