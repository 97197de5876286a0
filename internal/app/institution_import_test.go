package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// sheetAudits counts the audit events: an import writes one per change.
func sheetAudits(t *testing.T, a *app.App) int {
	t.Helper()
	rows, err := apptest.Store(a).Dump(context.Background(), "audit_events")
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// rowErrors maps each bad row to its errors, "field: message; …".
func rowErrors(errs []app.RowError) map[int]string {
	out := map[int]string{}
	for _, e := range errs {
		out[e.Line] += e.Field + ": " + e.Message + "; "
	}
	return out
}

func wantRowErrors(t *testing.T, errs []app.RowError, want map[int]string) {
	t.Helper()
	got := rowErrors(errs)
	for line, w := range want {
		for _, part := range strings.Split(w, " && ") {
			if !strings.Contains(got[line], part) {
				t.Errorf("row %d: errors %q, want %q", line, got[line], part)
			}
		}
	}
	for line, g := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("row %d: unexpected errors %q", line, g)
		}
	}
}

// newUnits are a units sheet's rows over the fixture's five units: a new
// school whose parent is defined further down, the institute it is under,
// and the general office renamed with aliases.
func newUnits() []app.UnitRow {
	return []app.UnitRow{
		{Line: 3, Name: "计算机学院", Code: "JSJ", Parent: "信息学部", Kind: "学院", Aliases: []string{"计算机"}, NameEn: "School of Computer Science"},
		{Line: 4, Name: "信息学部", Code: "XXB", Kind: "school"},
		{Line: 5, Name: "党委办公室（校长办公室）", Code: "DB", Kind: "党群部门", Aliases: []string{"党办", "校办", "党政办公室"}, NameEn: "General Office"},
		{Line: 6, Name: "先进材料研究院", Code: "CLY", Parent: "科技处", Kind: "研究院"},
	}
}

// TestImportUnits imports a units sheet: a dry run writes nothing, the
// import creates and updates by code with parents defined further down,
// the same sheet again changes nothing, a changed row updates only that
// unit, and units not in the sheet are listed, not deactivated.
func TestImportUnits(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	office := apptest.Account(t, a, apptest.Office)
	if _, err := a.ImportUnits(ctx, office, newUnits(), app.ImportOptions{}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("office import: %v", err)
	}

	before := dumpAll(t, a)
	res, err := a.ImportUnits(ctx, admin, newUnits(), app.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err, res.Errors)
	}
	if !res.DryRun || res.Count(app.ImportCreate) != 3 || res.Count(app.ImportUpdate) != 1 {
		t.Errorf("dry run: %+v", res.Actions)
	}
	if diff := cmp.Diff(before, dumpAll(t, a)); diff != "" {
		t.Fatalf("a dry run wrote (-before +after):\n%s", diff)
	}

	audits := sheetAudits(t, a)
	res, err = a.ImportUnits(ctx, admin, newUnits(), app.ImportOptions{})
	if err != nil {
		t.Fatal(err, res.Errors)
	}
	got := map[string]string{}
	for _, act := range res.Actions {
		got[act.Code] = act.Action
	}
	if diff := cmp.Diff(map[string]string{"JSJ": "create", "XXB": "create", "DB": "update", "CLY": "create"}, got); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	if res.Actions[0].Line != 3 {
		t.Errorf("actions not in row order: %+v", res.Actions)
	}
	if n := sheetAudits(t, a); n != audits+4 {
		t.Errorf("audit events: %d, want %d (one per unit)", n, audits+4)
	}
	var unlisted []string
	for _, u := range res.NotInSheet {
		unlisted = append(unlisted, u.Code)
	}
	if !slices.Equal(unlisted, []string{"LDR", "KJC", "JWC", "RSC"}) {
		t.Errorf("not in the sheet: %v", unlisted)
	}
	units, _ := a.Units(ctx)
	byCode := map[string]model.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	if u := byCode["JSJ"]; u.Parent != "XXB" || u.Kind != model.UnitSchool || u.NameEn != "School of Computer Science" || !slices.Equal(u.Aliases, []string{"计算机"}) {
		t.Errorf("JSJ: %+v", u)
	}
	if u := byCode["CLY"]; u.Parent != "KJC" || u.Kind != model.UnitInstitute {
		t.Errorf("CLY: %+v", u)
	}
	if u := byCode["DB"]; u.Name != "党委办公室（校长办公室）" || u.Kind != model.UnitParty || !slices.Equal(u.Aliases, []string{"党办", "党政办公室", "校办"}) {
		t.Errorf("DB: %+v", u)
	}
	if byCode["LDR"].Inactive {
		t.Errorf("a unit not in the sheet was deactivated")
	}

	audits = sheetAudits(t, a)
	res, err = a.ImportUnits(ctx, admin, newUnits(), app.ImportOptions{})
	if err != nil || res.Count(app.ImportUnchanged) != 4 || sheetAudits(t, a) != audits {
		t.Fatalf("second import: %v %+v, %d audit events", err, res.Actions, sheetAudits(t, a)-audits)
	}

	// One changed row: the school moves to the root and loses its alias to
	// the institute; only those two change.
	rows := newUnits()
	rows[0].Parent, rows[0].Aliases = "", nil
	rows[3].Aliases = []string{"计算机"}
	res, err = a.ImportUnits(ctx, admin, rows, app.ImportOptions{})
	if err != nil || res.Count(app.ImportUpdate) != 2 || res.Count(app.ImportUnchanged) != 2 || sheetAudits(t, a) != audits+2 {
		t.Fatalf("changed rows: %v %+v %v", err, res.Actions, res.Errors)
	}
	u, _ := apptest.Store(a).Unit(ctx, "CLY")
	if !slices.Equal(u.Aliases, []string{"计算机"}) {
		t.Errorf("moved alias: %+v", u)
	}

	// A sheet without a 上级单位 column leaves parents alone.
	rows = []app.UnitRow{{Line: 3, Name: "先进材料研究院", Code: "cly", Kind: "institute", Aliases: []string{"计算机"}}}
	res, err = a.ImportUnits(ctx, admin, rows, app.ImportOptions{Columns: []string{"name", "code", "kind", "aliases"}})
	if err != nil || res.Count(app.ImportUnchanged) != 1 {
		t.Errorf("partial columns: %v %+v %v", err, res.Actions, res.Errors)
	}
}

// TestImportUnitsBadRows checks every bad row of a units sheet is listed
// with its field and nothing is written.
func TestImportUnitsBadRows(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	rows := []app.UnitRow{
		{Line: 3, Name: "好学院", Code: "HAO", Kind: "学院"},
		{Line: 4, Name: "怪单位", Code: "GUAI", Kind: "委员会"},
		{Line: 5, Name: "重复学院", Code: "hao", Kind: "学院"},
		{Line: 6, Name: "甲", Code: "JIA", Kind: "学院", Parent: "乙"},
		{Line: 7, Name: "乙", Code: "YI", Kind: "学院", Parent: "甲"},
		{Line: 8, Name: "丙", Code: "BING", Kind: "学院", Parent: "宇宙研究院"},
		{Line: 9, Name: "丁", Code: "DING", Kind: "学院", Aliases: []string{"科学技术处"}},
		{Line: 10, Name: "教务处", Code: "JWC2", Kind: "职能部门"},
		{Line: 11, Name: "", Code: "", Kind: "学院"},
		{Line: 12, Name: "戊", Code: "坏代码", Kind: "学院"},
		{Line: 13, Name: "科学技术处", Code: "KJC", Kind: "职能部门", Parent: "KJC"},
		{Line: 14, Name: "新单位", Code: "XIN"},
	}
	before := dumpAll(t, a)
	res, err := a.ImportUnits(ctx, admin, rows, app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID || len(res.Actions) != 0 || len(res.NotInSheet) != 0 {
		t.Fatalf("bad rows: %v %+v", err, res)
	}
	wantRowErrors(t, res.Errors, map[int]string{
		4:  `kind: unknown unit kind "委员会"`,
		5:  "code: unit code hao is also on row 3",
		6:  "parent: 甲 → 乙 → 甲",
		7:  "parent: 乙 → 甲 → 乙",
		8:  `parent: unknown unit "宇宙研究院"`,
		9:  "aliases: 科学技术处 already names unit KJC",
		10: "name: unit JWC (教务处) is already called 教务处",
		11: "code: is required && name: is required",
		12: "code: must be 1–32 letters",
		13: "parent: a unit cannot be its own parent",
		14: "kind: is required for a new unit",
	})
	if !strings.Contains(err.Error(), "11 of 12 rows have errors; nothing was imported") {
		t.Errorf("error: %v", err)
	}
	if diff := cmp.Diff(before, dumpAll(t, a)); diff != "" {
		t.Fatalf("a refused import wrote (-before +after):\n%s", diff)
	}
}

// leaderSheet is a people sheet over the fixture: an office clerk with a
// new account, a leader with an account and units in charge, a leader
// with only a 工号, a liaison taking over the fixture's kjc1 account, and
// a unit head without an account.
func leaderSheet() []app.PersonRow {
	return []app.PersonRow{
		{Line: 3, Name: "周　敏", StaffNo: "T1001", Unit: "党政办公室", Title: "督查科科长", Role: "办公室", Username: "Bangongshi", Email: "zhoumin@example.edu.cn", Phone: "13800000001"},
		{Line: 4, Name: "张三", StaffNo: "T0001", Unit: "校领导班子", Title: "校长", Role: "校领导", Username: "zhangsan", Email: "zhangsan@example.edu.cn", Portfolio: []string{"教务处", "KJC"}},
		{Line: 5, Name: "李四", StaffNo: "T0002", Unit: "LDR", Title: "副校长", Role: "leader", Portfolio: []string{"人事处"}},
		{Line: 6, Name: "科技处联络员", StaffNo: "T2001", Unit: "科技处", Title: "联络员", Role: "单位", Username: "kjc1", Email: "kjc@example.edu.cn"},
		{Line: 7, Name: "王处长", StaffNo: "T2002", Unit: "教务处", Title: "处长"},
	}
}

// TestImportPeople imports a people sheet: people and accounts made
// without a password, a leader account named after a 工号, portfolios set
// from today, nothing written by a dry run or by the same sheet again, a
// changed e-mail updated, and who is not in the sheet listed.
func TestImportPeople(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)

	before := dumpAll(t, a)
	res, err := a.ImportPeople(ctx, admin, leaderSheet(), app.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err, res.Errors)
	}
	if res.Count(app.ImportCreate) != 5 || !slices.Equal(res.NewAccounts, []string{"bangongshi", "zhangsan", "t0002"}) {
		t.Errorf("dry run: %+v new accounts %v", res.Actions, res.NewAccounts)
	}
	if diff := cmp.Diff(before, dumpAll(t, a)); diff != "" {
		t.Fatalf("a dry run wrote (-before +after):\n%s", diff)
	}

	audits := sheetAudits(t, a)
	res, err = a.ImportPeople(ctx, admin, leaderSheet(), app.ImportOptions{})
	if err != nil {
		t.Fatal(err, res.Errors)
	}
	// 5 people, 3 new accounts, kjc1 linked, 2 portfolios.
	if n := sheetAudits(t, a) - audits; n != 11 {
		t.Errorf("audit events: %d, want 11", n)
	}
	var unlisted []string
	for _, u := range res.NotInSheet {
		unlisted = append(unlisted, u.Code)
	}
	if !slices.Equal(unlisted, []string{"jwc1", "leader1", "office1", "rsc1"}) {
		t.Errorf("not in the sheet: %v", unlisted)
	}
	for user, want := range map[string]model.Account{
		"bangongshi": {Role: model.RoleOffice, Unit: "DB", Name: "周敏", Email: "zhoumin@example.edu.cn"},
		"zhangsan":   {Role: model.RoleLeader, Unit: "LDR", Name: "张三", Email: "zhangsan@example.edu.cn"},
		"t0002":      {Role: model.RoleLeader, Unit: "LDR", Name: "李四"},
		"kjc1":       {Role: model.RoleUnit, Unit: "KJC", Name: "科技处联络员", Email: "kjc@example.edu.cn"},
	} {
		acct, hash, err := apptest.Store(a).PasswordHash(ctx, user)
		if err != nil || acct.Role != want.Role || acct.Unit != want.Unit || acct.Name != want.Name || acct.Email != want.Email || acct.PersonID == 0 {
			t.Errorf("%s: %+v %v", user, acct, err)
		}
		if user != "kjc1" && hash != "" {
			t.Errorf("%s was given a password", user)
		}
		p, err := apptest.Store(a).Person(ctx, acct.PersonID)
		if err != nil || p.Name != want.Name || p.Unit != want.Unit {
			t.Errorf("%s's person: %+v %v", user, p, err)
		}
	}
	head, err := apptest.Store(a).PersonByStaffNo(ctx, "T2002")
	if err != nil || head.Title != "处长" || head.Unit != "JWC" {
		t.Errorf("person without an account: %+v %v", head, err)
	}
	ps, _ := a.Portfolios(ctx, app.System)
	cur := ps.At(apptest.Today)
	if p := cur["zhangsan"]; p.From != apptest.Today || !slices.Equal(p.Units, []string{"JWC", "KJC"}) || p.By != apptest.Admin {
		t.Errorf("zhangsan's portfolio: %+v", p)
	}
	if p := cur["t0002"]; !slices.Equal(p.Units, []string{"RSC"}) {
		t.Errorf("t0002's portfolio: %+v", p)
	}

	audits = sheetAudits(t, a)
	res, err = a.ImportPeople(ctx, admin, leaderSheet(), app.ImportOptions{})
	if err != nil || res.Count(app.ImportUnchanged) != 5 || len(res.NewAccounts) != 0 || sheetAudits(t, a) != audits {
		t.Fatalf("second import: %v %+v %v, %d audit events", err, res.Actions, res.Errors, sheetAudits(t, a)-audits)
	}

	// Changed rows: an e-mail, a portfolio; a leader row without 账号 finds
	// the leader account made before.
	rows := leaderSheet()
	rows[0].Email = "zhou.min@example.edu.cn"
	rows[2].Portfolio = []string{"人事处", "教务处"}
	res, err = a.ImportPeople(ctx, admin, rows, app.ImportOptions{})
	if err != nil || res.Count(app.ImportUpdate) != 2 || res.Count(app.ImportUnchanged) != 3 {
		t.Fatalf("changed rows: %v %+v %v", err, res.Actions, res.Errors)
	}
	// person + account of row 3, portfolio of row 5.
	if n := sheetAudits(t, a) - audits; n != 3 {
		t.Errorf("audit events of the changed rows: %d, want 3", n)
	}
	if acct := apptest.Account(t, a, "bangongshi"); acct.Email != "zhou.min@example.edu.cn" {
		t.Errorf("e-mail not updated: %+v", acct)
	}
	ps, _ = a.Portfolios(ctx, app.System)
	if p := ps.At(apptest.Today)["t0002"]; !slices.Equal(p.Units, []string{"RSC", "JWC"}) {
		t.Errorf("t0002's new portfolio: %+v", p)
	}
}

// TestImportPeopleBadRows checks every bad row of a people sheet is listed
// with its field and nothing is written.
func TestImportPeopleBadRows(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	if err := a.SavePerson(ctx, admin, &model.Person{Name: "王芳", Unit: "JWC"}); err != nil {
		t.Fatal(err)
	}
	if err := a.SavePerson(ctx, admin, &model.Person{Name: "王芳", Unit: "JWC"}); err != nil {
		t.Fatal(err)
	}
	if err := a.SavePerson(ctx, admin, &model.Person{Name: "赵敏", Unit: "RSC", StaffNo: "T9"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveNewAccount(ctx, admin, app.NewAccount{Account: model.Account{Username: "liu", Role: model.RoleUnit, Unit: "KJC", Name: "刘洋"}}); err != nil {
		t.Fatal(err)
	}
	rows := []app.PersonRow{
		{Line: 3, Name: "好人", Unit: "教务处", Role: "单位", Username: "haoren"},
		{Line: 4, Name: "甲", Unit: "宇宙研究处"},
		{Line: 5, Name: "乙", Unit: "教务处", Role: "单位", Username: "haoren"},
		{Line: 6, Name: "丙", Unit: "教务处", Role: "单位", Username: "bing", Portfolio: []string{"人事处"}},
		{Line: 7, Name: "丁", Unit: "教务处", Role: "单位", Username: "ding", Email: "ding@"},
		{Line: 8, Name: "戊", Unit: "校领导班子", Role: "校领导"},
		{Line: 9, Name: "管理", Unit: "党政办公室", Username: "admin"},
		{Line: 10, Name: "己", Unit: "教务处", Role: "管理员", Username: "ji"},
		{Line: 11, Name: "庚", Unit: "教务处", Role: "处长", Username: "geng"},
		{Line: 12, Name: "王芳", Unit: "教务处"},
		{Line: 13, Name: "辛", Unit: "教务处", Username: "xin"},
		{Line: 14, Name: "壬", Unit: "教务处", Role: "单位"},
		{Line: 15, Name: "癸", StaffNo: "T9", Unit: "人事处", Role: "单位", Username: "liu"},
		{Line: 16, Name: "子", StaffNo: "T10", Unit: "教务处"},
		{Line: 17, Name: "丑", StaffNo: "T10", Unit: "教务处"},
		{Line: 18, Name: "寅", Unit: "校领导班子", Role: "校领导", Username: "yin", Portfolio: []string{"宇宙研究处"}},
		{Line: 19, Name: "", Unit: ""},
	}
	before := dumpAll(t, a)
	res, err := a.ImportPeople(ctx, admin, rows, app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID || len(res.Actions) != 0 || len(res.NewAccounts) != 0 {
		t.Fatalf("bad rows: %v %+v", err, res)
	}
	wantRowErrors(t, res.Errors, map[int]string{
		4:  `unit: unknown unit "宇宙研究处"`,
		5:  "username: account haoren is also on row 3",
		6:  "portfolio: 分管单位 is only for 校领导 rows",
		7:  `email: "ding@" is not an e-mail address`,
		8:  "username: a 校领导 needs a 账号, or a 工号",
		9:  "username: admin is an admin account",
		10: "role: admin accounts are not made or changed by an import",
		11: `role: unknown role "处长"`,
		12: "name: 2 people are called 王芳 in 教务处",
		13: "role: is required for the new account xin",
		14: "username: a 单位 account needs a 账号",
		15: "username: account liu belongs to 刘洋 (科学技术处)",
		17: "staff_no: T10 is also on row 16",
		18: `portfolio: unknown unit "宇宙研究处"`,
		19: "name: is required && unit: is required",
	})
	if diff := cmp.Diff(before, dumpAll(t, a)); diff != "" {
		t.Fatalf("a refused import wrote (-before +after):\n%s", diff)
	}
	if _, err := a.ImportPeople(ctx, apptest.Account(t, a, apptest.Office), rows[:1], app.ImportOptions{}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("office import: %v", err)
	}
}

// TestImportPeopleKeepsOffice: a sheet that would demote the last office
// account is refused on its row, like the admin's form, and writes nothing.
func TestImportPeopleKeepsOffice(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	before := dumpAll(t, a)
	rows := []app.PersonRow{{Line: 3, Name: "林晓", Unit: "党政办公室", Role: "单位", Username: apptest.Office}}
	res, err := a.ImportPeople(ctx, admin, rows, app.ImportOptions{})
	if model.ErrorCode(err) != model.EINVALID || len(res.Errors) != 1 || res.Errors[0].Line != 3 || res.Errors[0].Field != "role" {
		t.Fatalf("demoting the last office account: %v %+v", err, res.Errors)
	}
	if diff := cmp.Diff(before, dumpAll(t, a)); diff != "" {
		t.Fatalf("a refused import wrote (-before +after):\n%s", diff)
	}
}

// TestInstitutionSheetsRoundTrip exports both sheets of an institution
// made by importing them and imports the export: nothing changes.
func TestInstitutionSheetsRoundTrip(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	admin := apptest.Account(t, a, apptest.Admin)
	if _, err := a.ImportUnits(ctx, admin, newUnits(), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if res, err := a.ImportPeople(ctx, admin, leaderSheet(), app.ImportOptions{}); err != nil {
		t.Fatal(err, res.Errors)
	}
	office := apptest.Account(t, a, apptest.Office)
	units, title, err := a.UnitSheet(ctx, office)
	if err != nil || title != "单位名单" || len(units) != 8 {
		t.Fatalf("unit sheet: %v %q %d", err, title, len(units))
	}
	if units[0].Code != "LDR" || units[0].Kind != "校领导班子" {
		t.Errorf("first unit row: %+v", units[0])
	}
	people, title, err := a.PeopleSheet(ctx, office)
	if err != nil || title != "人员名单" {
		t.Fatal(err, title)
	}
	var zhang app.PersonRow
	for _, p := range people {
		if p.Username == "zhangsan" {
			zhang = p
		}
		if p.Username == apptest.Admin {
			t.Errorf("the admin account is in the people sheet: %+v", p)
		}
	}
	if zhang.Role != "校领导" || !slices.Equal(zhang.Portfolio, []string{"教务处", "科学技术处"}) || zhang.StaffNo != "T0001" {
		t.Errorf("zhangsan's row: %+v", zhang)
	}
	for i := range units {
		units[i].Line = i + 3
	}
	for i := range people {
		people[i].Line = i + 3
	}
	// The fixture's accounts without a person get one on the first round.
	if _, err := a.ImportPeople(ctx, admin, people, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	people, _, _ = a.PeopleSheet(ctx, office)
	for i := range people {
		people[i].Line = i + 3
	}
	audits := sheetAudits(t, a)
	ur, err := a.ImportUnits(ctx, admin, units, app.ImportOptions{})
	if err != nil || ur.Count(app.ImportUnchanged) != len(units) || len(ur.NotInSheet) != 0 {
		t.Errorf("units again: %v %+v %v", err, ur.Actions, ur.Errors)
	}
	pr, err := a.ImportPeople(ctx, admin, people, app.ImportOptions{})
	if err != nil || pr.Count(app.ImportUnchanged) != len(people) || len(pr.NotInSheet) != 0 {
		t.Errorf("people again: %v %+v %v %+v", err, pr.Actions, pr.Errors, pr.NotInSheet)
	}
	if n := sheetAudits(t, a); n != audits {
		t.Errorf("a round trip wrote %d audit events", n-audits)
	}
	if _, _, err := a.PeopleSheet(ctx, apptest.Account(t, a, apptest.UnitKJC)); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("unit account export: %v", err)
	}
}

func TestUnitKindAndRoleNames(t *testing.T) {
	for in, want := range map[string]string{
		"校领导班子": model.UnitLeadership, "党群部门": model.UnitParty, "职能部门": model.UnitDepartment, "行政部门": model.UnitDepartment,
		"学院": model.UnitSchool, "研究院": model.UnitInstitute, "研究机构": model.UnitInstitute, "直属单位": model.UnitAffiliated,
		"直属附属单位": model.UnitAffiliated, "School": model.UnitSchool, " 学　院 ": model.UnitSchool, "委员会": "",
	} {
		if got, _ := app.UnitKindOf(in); got != want {
			t.Errorf("UnitKindOf(%q) = %q, want %q", in, got, want)
		}
	}
	for _, k := range model.UnitKinds {
		if got, ok := app.UnitKindOf(app.UnitKindName(k)); !ok || got != k {
			t.Errorf("kind %s does not survive its name %s", k, app.UnitKindName(k))
		}
	}
	for in, want := range map[string]string{"办公室": "office", "校领导": "leader", "单位": "unit", "管理员": "admin", "Leader": "leader", "处长": ""} {
		if got, _ := app.RoleOf(in); got != want {
			t.Errorf("RoleOf(%q) = %q, want %q", in, got, want)
		}
	}
}
