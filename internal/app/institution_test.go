package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/apptest"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// wantRefused checks err is the error code on field and that the refused
// change wrote nothing: every table is as it was before.
func wantRefused(t *testing.T, a *app.App, before map[string][]string, err error, code, field string) {
	t.Helper()
	e := model.ErrorOf(err)
	if e == nil || e.Code != code || e.Field != field {
		t.Fatalf("got %v, want %s on %s", err, code, field)
	}
	if diff := cmp.Diff(before, dumpAll(t, a)); diff != "" {
		t.Fatalf("a refused change wrote (-before +after):\n%s", diff)
	}
}

func TestUnitRules(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	admin := apptest.Account(t, a, apptest.Admin)
	office := apptest.Account(t, a, apptest.Office)

	if err := a.CreateUnit(ctx, office, model.Unit{Code: "X1", Name: "新单位", Kind: model.UnitSchool}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("office created a unit: %v", err)
	}
	sci := model.Unit{Code: "KXY", Name: "科学研究院", Kind: model.UnitInstitute, Parent: "KJC", Aliases: []string{"科研院", " 科研院 ", "Research Institute"}}
	if err := a.CreateUnit(ctx, admin, sci); err != nil {
		t.Fatal(err)
	}
	u, err := a.Unit(ctx, "KXY")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(u.Aliases, []string{"Research Institute", "科研院"}) || u.Parent != "KJC" {
		t.Fatalf("stored %+v", u)
	}

	n := dumpAll(t, a)
	err = a.CreateUnit(ctx, admin, model.Unit{Code: "KXY", Name: "别的", Kind: model.UnitSchool})
	wantRefused(t, a, n, err, model.ECONFLICT, "code")
	err = a.CreateUnit(ctx, admin, model.Unit{Code: "KX2", Name: "科研处", Kind: model.UnitSchool, Aliases: []string{"科研院"}})
	wantRefused(t, a, n, err, model.ECONFLICT, "aliases")
	// KJC → KXY → KJC would be a cycle.
	kxy := "KXY"
	_, err = a.UpdateUnit(ctx, admin, "KJC", app.UnitPatch{Parent: &kxy})
	wantRefused(t, a, n, err, model.EINVALID, "parent")
	self := "KJC"
	_, err = a.UpdateUnit(ctx, admin, "KJC", app.UnitPatch{Parent: &self})
	wantRefused(t, a, n, err, model.EINVALID, "parent")
	// The office's only account is in DB.
	yes := true
	_, err = a.UpdateUnit(ctx, admin, "DB", app.UnitPatch{Inactive: &yes})
	wantRefused(t, a, n, err, model.EINVALID, "inactive")
	// KJC still has KXY under it.
	_, err = a.UpdateUnit(ctx, admin, "KJC", app.UnitPatch{Inactive: &yes})
	wantRefused(t, a, n, err, model.EINVALID, "inactive")

	// A unit deactivated under a deactivated parent stays inactive until
	// the parent is active again.
	if err := a.CreateUnit(ctx, admin, model.Unit{Code: "KXY-1", Name: "科研院下属所", Kind: model.UnitInstitute, Parent: "KXY"}); err != nil {
		t.Fatal(err)
	}
	no := false
	for _, c := range []string{"KXY-1", "KXY"} {
		if _, err := a.UpdateUnit(ctx, admin, c, app.UnitPatch{Inactive: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	n = dumpAll(t, a)
	_, err = a.UpdateUnit(ctx, admin, "KXY-1", app.UnitPatch{Inactive: &no})
	wantRefused(t, a, n, err, model.EINVALID, "inactive")
	if _, err := a.UpdateUnit(ctx, admin, "KXY", app.UnitPatch{Inactive: &no}); err != nil {
		t.Fatal(err)
	}
	// An unknown unit is not found, even merged into itself.
	if _, err := a.MergeUnit(ctx, admin, "NOPE", "NOPE"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("merge of an unknown unit: %v", err)
	}

	// Rename and move to the root; then deactivate: kept, offered nowhere new.
	name, root := "科学技术研究院", ""
	if _, err := a.UpdateUnit(ctx, admin, "KXY", app.UnitPatch{Name: &name, Parent: &root}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateUnit(ctx, admin, "KXY", app.UnitPatch{Inactive: &yes}); err != nil {
		t.Fatal(err)
	}
	active, err := a.ActiveUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range active {
		if x.Code == "KXY" {
			t.Fatal("a deactivated unit is offered as active")
		}
	}
	n = dumpAll(t, a)
	err = a.CreateMeasure(ctx, office, &model.Measure{Title: "新举措", Theme: "research", Period: "2024-H2", LeadUnit: "KXY", Deadline: "2024年12月底前"})
	wantRefused(t, a, n, err, model.EINVALID, "lead_unit")
}

func TestMergeUnit(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	admin := apptest.Account(t, a, apptest.Admin)
	office := apptest.Account(t, a, apptest.Office)
	// KJC leads measure A (open) and a finished one, cooperates on B; it has
	// an account (kjc1), an indicator and an open problem.
	done := model.Measure{Title: "已完成的举措", Theme: "research", Period: "2024-H2", LeadUnit: "KJC", Deadline: "2024年9月"}
	if err := a.CreateMeasure(ctx, office, &done); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReportProgress(ctx, office, done.Code, &model.ProgressReport{Date: apptest.Today, Percent: 100, Note: "已完成"}); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateIndicator(ctx, office, &model.Indicator{Code: "I-KJC", Name: "科研经费", Kind: model.IndicatorBasic, MeasureUnit: "万元", Direction: model.HigherIsBetter, OwnerUnit: "KJC", Theme: "research"}); err != nil {
		t.Fatal(err)
	}
	// Two problems (one closed out: it stays, as history), half-year
	// reports of KJC for H1 (JWC has one too: KJC's stays) and H2 (moves).
	for i, title := range []string{"平台运行经费不足", "已销号的问题"} {
		p := model.Problem{Title: title, Source: model.SourceUnit, OwnerUnit: "KJC", Severity: "high"}
		if err := a.CreateProblem(ctx, office, &p); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			resolved := model.ProblemResolved
			if _, err := a.UpdateProblem(ctx, office, p.Code, app.ProblemPatch{Status: &resolved}); err != nil {
				t.Fatal(err)
			}
			if _, err := a.CloseProblem(ctx, office, p.Code, "已解决"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range []struct{ author, unit, period string }{{apptest.UnitKJC, "KJC", "2024-H1"}, {apptest.UnitJWC, "JWC", "2024-H1"}, {apptest.UnitKJC, "KJC", "2024-H2"}} {
		if _, err := a.SaveReport(ctx, apptest.Account(t, a, r.author), r.unit, r.period, app.ReportText{Achievements: "一是……"}); err != nil {
			t.Fatal(err)
		}
	}
	// leader1 is in charge of KJC and RSC.
	if _, err := a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.Leader, From: model.Ymd(2024, 7, 1), Units: []string{"KJC", "RSC"}}}); err != nil {
		t.Fatal(err)
	}
	before, err := apptest.Store(a).CountUnitRecords(ctx, "KJC")
	if err != nil {
		t.Fatal(err)
	}
	into, err := apptest.Store(a).CountUnitRecords(ctx, "JWC")
	if err != nil {
		t.Fatal(err)
	}

	n := dumpAll(t, a)
	_, err = a.MergeUnit(ctx, admin, "KJC", "KJC")
	wantRefused(t, a, n, err, model.EINVALID, "into")
	_, err = a.MergeUnit(ctx, office, "KJC", "JWC")
	if model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("office merged units: %v", err)
	}
	// A unit cannot go into its own child.
	if err := a.CreateUnit(ctx, admin, model.Unit{Code: "KJC-A", Name: "科技处下属中心", Kind: model.UnitInstitute, Parent: "KJC"}); err != nil {
		t.Fatal(err)
	}
	n = dumpAll(t, a)
	_, err = a.MergeUnit(ctx, admin, "KJC", "KJC-A")
	wantRefused(t, a, n, err, model.EINVALID, "into")

	events := apptest.AuditCount(t, a)
	res, err := a.MergeUnit(ctx, admin, "KJC", "JWC")
	if err != nil {
		t.Fatal(err)
	}
	if got := apptest.AuditCount(t, a) - events; got != 1 {
		t.Errorf("merge wrote %d audit events, want 1", got)
	}
	after, err := apptest.Store(a).CountUnitRecords(ctx, "KJC")
	if err != nil {
		t.Fatal(err)
	}
	intoAfter, err := apptest.Store(a).CountUnitRecords(ctx, "JWC")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("KJC before %v after %v; JWC before %v after %v; moved %+v", before, after, into, intoAfter, res.Moved)
	// Open measures led by KJC moved; the finished one stayed.
	if after["measures_open"] != 0 || after["measures_not_open"] != before["measures_not_open"] || before["measures_not_open"] != 1 {
		t.Errorf("measures: before %v after %v", before, after)
	}
	if intoAfter["measures_open"] != into["measures_open"]+before["measures_open"] || res.Moved.Measures != before["measures_open"] {
		t.Errorf("open measures led: JWC %d → %d, moved %d of %d", into["measures_open"], intoAfter["measures_open"], res.Moved.Measures, before["measures_open"])
	}
	// B was led by JWC with KJC cooperating: KJC is gone from it, JWC
	// does not cooperate with itself.
	bd, err := a.Measure(ctx, app.System, apptest.MeasureB)
	if err != nil {
		t.Fatal(err)
	}
	b := bd.Measure
	if len(b.CooperatingUnits) != 0 || res.Moved.Cooperations != 1 {
		t.Errorf("B cooperating %v, cooperations moved %d", b.CooperatingUnits, res.Moved.Cooperations)
	}
	for _, k := range []string{"indicators", "accounts", "people"} {
		if after[k] != 0 || intoAfter[k] != into[k]+before[k] {
			t.Errorf("%s: KJC %d → %d, JWC %d → %d", k, before[k], after[k], into[k], intoAfter[k])
		}
	}
	if before["problems"] != 2 || after["problems"] != 1 || intoAfter["problems"] != into["problems"]+1 || res.Moved.Problems != 1 {
		t.Errorf("problems: KJC %d → %d, JWC %d → %d, moved %d", before["problems"], after["problems"], into["problems"], intoAfter["problems"], res.Moved.Problems)
	}
	if after["unit_reports"] != 1 || intoAfter["unit_reports"] != 2 || res.Moved.Reports != 1 || res.Moved.ReportsKept != 1 {
		t.Errorf("reports: KJC %d → %d, JWC %d → %d, moved %+v", before["unit_reports"], after["unit_reports"], into["unit_reports"], intoAfter["unit_reports"], res.Moved)
	}
	if after["units_child"] != 0 || intoAfter["units_child"] != 1 {
		t.Errorf("child units: KJC %d, JWC %d", after["units_child"], intoAfter["units_child"])
	}
	if res.Moved.Indicators != before["indicators"] || res.Moved.Accounts != before["accounts"] || res.Moved.ChildUnits != 1 {
		t.Errorf("moved %+v, before %v", res.Moved, before)
	}
	kjc, err := a.Unit(ctx, "KJC")
	if err != nil {
		t.Fatal(err)
	}
	jwc, err := a.Unit(ctx, "JWC")
	if err != nil {
		t.Fatal(err)
	}
	if !kjc.Inactive || kjc.MergedInto != "JWC" || !slices.Contains(jwc.Aliases, "科学技术处") {
		t.Errorf("after merge KJC %+v, JWC aliases %v", kjc, jwc.Aliases)
	}
	if acct := apptest.Account(t, a, apptest.UnitKJC); acct.Unit != "JWC" {
		t.Errorf("kjc1 is in %s", acct.Unit)
	}
	// leader1's portfolio now names JWC from the merge's day; the
	// assignment before it is kept as it was.
	cur, hist, err := a.LeaderPortfolio(ctx, app.System, apptest.Leader)
	if err != nil {
		t.Fatal(err)
	}
	if res.Moved.Portfolios != 1 || cur.From != apptest.Today || !slices.Equal(cur.Units, []string{"JWC", "RSC"}) ||
		len(hist) != 2 || !slices.Equal(hist[1].Units, []string{"KJC", "RSC"}) {
		t.Errorf("portfolio after merge: moved %d, current %+v, history %+v", res.Moved.Portfolios, cur, hist)
	}
	// The report that moved is found by the surviving unit's account.
	found, err := a.Search(ctx, apptest.Account(t, a, apptest.UnitKJC), app.SearchRequest{Q: "一是"})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, h := range found.Items {
		refs = append(refs, h.Ref)
	}
	if !slices.Contains(refs, "JWC/2024-H2") || slices.Contains(refs, "KJC/2024-H2") {
		t.Errorf("search after the merge finds %v, want JWC/2024-H2 and not KJC/2024-H2", refs)
	}
	// The old name now finds the surviving unit in a sheet.
	rows := []app.MeasureRow{{Line: 3, Task: "科学研究", Title: "按旧名导入", LeadUnit: "科学技术处", Deadline: "2024年12月底前"}}
	ir, err := a.ImportMeasures(ctx, office, rows, app.ImportOptions{Period: "2024-H2"})
	if err != nil {
		t.Fatal(err)
	}
	if ir.Count("create") != 1 {
		t.Fatalf("import: %+v", ir)
	}
	md, err := a.Measure(ctx, app.System, ir.Actions[0].Code)
	if err != nil {
		t.Fatal(err)
	}
	if m := md.Measure; m.LeadUnit != "JWC" {
		t.Errorf("imported by old name → %s, want JWC", m.LeadUnit)
	}
	// The merged unit's record can still be corrected (its name is now
	// JWC's alias, which is no clash with itself).
	en := "Office of Science and Technology (merged)"
	if _, err := a.UpdateUnit(ctx, admin, "KJC", app.UnitPatch{NameEn: &en}); err != nil {
		t.Errorf("editing a merged unit: %v", err)
	}
	// And so can the unit it went into, whose alias is KJC's old name.
	seq := 3
	if _, err := a.UpdateUnit(ctx, admin, "JWC", app.UnitPatch{Seq: &seq}); err != nil {
		t.Errorf("editing the unit merged into: %v", err)
	}
	// A measure cannot be handed to the merged unit.
	kjcCode := "KJC"
	n = dumpAll(t, a)
	_, err = a.UpdateMeasure(ctx, office, apptest.MeasureB, app.MeasurePatch{LeadUnit: &kjcCode})
	wantRefused(t, a, n, err, model.EINVALID, "lead_unit")
	// Merging a merged unit again is refused.
	n = dumpAll(t, a)
	_, err = a.MergeUnit(ctx, admin, "KJC", "RSC")
	wantRefused(t, a, n, err, model.EINVALID, "from")
}

func TestAccountAdmin(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	admin := apptest.Account(t, a, apptest.Admin)
	office := apptest.Account(t, a, apptest.Office)

	n := dumpAll(t, a)
	_, err := a.SaveNewAccount(ctx, admin, app.NewAccount{Account: model.Account{Username: "kjc1", Name: "重名", Role: model.RoleUnit, Unit: "KJC"}})
	wantRefused(t, a, n, err, model.ECONFLICT, "username")
	_, err = a.SaveNewAccount(ctx, admin, app.NewAccount{Account: model.Account{Username: "weak", Name: "弱密码", Role: model.RoleUnit, Unit: "KJC"}, Password: "short"})
	wantRefused(t, a, n, err, model.EINVALID, "password")
	if _, err := a.SaveNewAccount(ctx, office, app.NewAccount{Account: model.Account{Username: "x2", Name: "X", Role: model.RoleUnit, Unit: "KJC"}}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("office created an account: %v", err)
	}
	// A leader who never signs in: an account without a password is still
	// a leader in charge.
	zhou, err := a.SaveNewAccount(ctx, admin, app.NewAccount{Account: model.Account{Username: "zhoufx", Name: "周副校长", Role: model.RoleLeader, Unit: "LDR"}, Title: "副校长", StaffNo: "19980021"})
	if err != nil {
		t.Fatal(err)
	}
	if zhou.PersonID == 0 {
		t.Error("no person made for the account")
	}
	if _, err := a.SignIn(ctx, "zhoufx", ""); err == nil {
		t.Error("an account without a password signed in")
	}
	m := model.Measure{Title: "周校长牵头", Theme: "research", Period: "2024-H2", LeadUnit: "KJC", Leader: "zhoufx", Deadline: "2024年12月底前"}
	if err := a.CreateMeasure(ctx, office, &m); err != nil {
		t.Fatal(err)
	}

	// Reset: the one-time password signs in once and must be changed.
	pw, err := a.ResetPassword(ctx, admin, "zhoufx")
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.SignIn(ctx, "zhoufx", pw)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Account.MustChangePassword {
		t.Error("a reset password need not be changed")
	}
	// Until then it may change nothing else.
	if _, err := a.AddComment(ctx, s.Account, m.Code, "改密前的意见"); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("a one-time password's account commented: %v", err)
	}
	if err := a.ChangePassword(ctx, s, pw, "Zhou-Fuxiaozhang-2024"); err != nil {
		t.Fatal(err)
	}
	s2, err := a.SignIn(ctx, "zhoufx", "Zhou-Fuxiaozhang-2024")
	if err != nil || s2.Account.MustChangePassword {
		t.Fatalf("after the change: %v %+v", err, s2.Account)
	}

	// Disabling ends the sessions at once.
	yes := true
	if _, err := a.UpdateAccount(ctx, admin, "zhoufx", app.AccountPatch{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx, s2.Token); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("a disabled account's session lives on: %v", err)
	}
	// The last admin stays an admin and enabled.
	n = dumpAll(t, a)
	_, err = a.UpdateAccount(ctx, admin, "admin", app.AccountPatch{Disabled: &yes})
	wantRefused(t, a, n, err, model.EINVALID, "disabled")
	role := model.RoleOffice
	_, err = a.UpdateAccount(ctx, admin, "admin", app.AccountPatch{Role: &role})
	wantRefused(t, a, n, err, model.EINVALID, "role")
	// The last office account stays enabled and in the office's role.
	_, err = a.UpdateAccount(ctx, admin, apptest.Office, app.AccountPatch{Disabled: &yes})
	wantRefused(t, a, n, err, model.EINVALID, "disabled")
	leaderRole := model.RoleLeader
	_, err = a.UpdateAccount(ctx, admin, apptest.Office, app.AccountPatch{Role: &leaderRole})
	wantRefused(t, a, n, err, model.EINVALID, "role")
	// Moving an account moves its person.
	unit := "RSC"
	moved, err := a.UpdateAccount(ctx, admin, "kjc1", app.AccountPatch{Unit: &unit})
	if err != nil || moved.Unit != "RSC" {
		t.Fatalf("move: %v %+v", err, moved)
	}
}

func TestPortfolioAndCalendar(t *testing.T) {
	ctx := context.Background()
	a := apptest.New(t)
	office := apptest.Account(t, a, apptest.Office)
	unit := apptest.Account(t, a, apptest.UnitKJC)

	n := dumpAll(t, a)
	_, err := a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.UnitKJC, From: model.Ymd(2024, 7, 1), Units: []string{"KJC"}}})
	wantRefused(t, a, n, err, model.EINVALID, "leader")
	_, err = a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.Leader, From: model.Ymd(2024, 7, 1), Units: []string{"NOPE"}}})
	wantRefused(t, a, n, err, model.EINVALID, "units")
	_, err = a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.Leader, From: model.Ymd(2024, 7, 1), Themes: []string{"sports"}}})
	wantRefused(t, a, n, err, model.EINVALID, "themes")
	if _, err := a.SetPortfolio(ctx, unit, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.Leader, From: model.Ymd(2024, 7, 1)}}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("a unit set a portfolio: %v", err)
	}
	if _, err := a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.Leader, From: model.Ymd(2024, 7, 1), Units: []string{"RSC", "KJC"}, Themes: []string{"research"}}}); err != nil {
		t.Fatal(err)
	}
	// A new measure without a leader gets the one in charge of its unit.
	nm := model.Measure{Title: "人事处新举措", Theme: "talent_team", Period: "2024-H2", LeadUnit: "RSC", Deadline: "2024年12月底前"}
	if err := a.CreateMeasure(ctx, office, &nm); err != nil || nm.Leader != apptest.Leader {
		t.Errorf("new measure's leader %q (%v), want %s", nm.Leader, err, apptest.Leader)
	}
	// Measure C (RSC, no leader) gets its leader only when the office asks.
	cd, err := a.Measure(ctx, app.System, apptest.MeasureC)
	if err != nil || cd.Measure.Leader != "" {
		t.Fatalf("C: %v %q", err, cd.Measure.Leader)
	}
	res, err := a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: model.Portfolio{Leader: apptest.Leader, From: model.Ymd(2024, 10, 1), Units: []string{"RSC", "KJC"}, Themes: []string{"research"}}, MoveOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	cd, _ = a.Measure(ctx, app.System, apptest.MeasureC)
	if cd.Measure.Leader != apptest.Leader || !slices.Contains(res.Moved, apptest.MeasureC) {
		t.Errorf("moved %v, C's leader %q", res.Moved, cd.Measure.Leader)
	}
	cur, hist, err := a.LeaderPortfolio(ctx, app.System, apptest.Leader)
	if err != nil {
		t.Fatal(err)
	}
	if cur.From != model.Ymd(2024, 10, 1) || len(hist) != 2 || !slices.Equal(hist[1].Units, []string{"RSC", "KJC"}) {
		t.Errorf("current %+v history %+v", cur, hist)
	}

	// Calendar: overlapping the neighbouring year is refused; then 本学期内
	// said at the late-June retreat resolves to the autumn term's end.
	y24 := model.AcademicYear{Year: 2024, Terms: []model.Term{
		{Term: model.TermAutumn, Start: model.Ymd(2024, 9, 2), End: model.Ymd(2025, 1, 17)},
		{Term: model.TermSpring, Start: model.Ymd(2025, 2, 24), End: model.Ymd(2025, 7, 4)},
	}}
	if _, err := a.SetAcademicYear(ctx, office, y24); err != nil {
		t.Fatal(err)
	}
	y23 := model.AcademicYear{Year: 2023, Terms: []model.Term{
		{Term: model.TermAutumn, Start: model.Ymd(2023, 9, 4), End: model.Ymd(2024, 1, 19)},
		{Term: model.TermSpring, Start: model.Ymd(2024, 2, 26), End: model.Ymd(2024, 9, 5)},
	}}
	n = dumpAll(t, a)
	_, err = a.SetAcademicYear(ctx, office, y23)
	wantRefused(t, a, n, err, model.EINVALID, "terms[spring].start")
	y23.Terms[1].End = model.Ymd(2024, 7, 5)
	if _, err := a.SetAcademicYear(ctx, office, y23); err != nil {
		t.Fatal(err)
	}
	_, meetings, err := meetingItem(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	drafts, err := a.DecomposeItem(ctx, office, meetings)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) < 2 {
		t.Fatalf("%d drafts", len(drafts))
	}
	// The first draft is about research: its leader comes from the portfolio.
	var ids []int64
	for _, d := range drafts[:2] {
		ids = append(ids, d.ID)
	}
	ms, err := a.AcceptDrafts(ctx, office, meetings, ids, "本学期内")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Due != model.Ymd(2025, 1, 17) || m.Deadline != "本学期内" {
			t.Errorf("%s: due %s (%q), want 2025-01-17", m.Code, m.Due, m.Deadline)
		}
		// Its period is 2025-H1, but the work starts at the meeting.
		if m.Period != "2025-H1" || m.Start != model.Ymd(2024, 6, 29) {
			t.Errorf("%s: period %s, start %s; want 2025-H1 from the meeting's 2024-06-29", m.Code, m.Period, m.Start)
		}
	}
	ds, err := apptest.Store(a).Drafts(ctx, meetings)
	if err != nil || len(ds) == 0 || ds[0].Leader != apptest.Leader {
		t.Errorf("drafts %+v (%v): the first one's leader should be %s, from the portfolio", ds, err, apptest.Leader)
	}
}

// meetingItem returns the fixture retreat's speech item.
func meetingItem(ctx context.Context, a *app.App) (model.MeetingSummary, int64, error) {
	ms, err := apptest.Store(a).Meetings(ctx)
	if err != nil || len(ms) == 0 {
		return model.MeetingSummary{}, 0, err
	}
	m, err := apptest.Store(a).Meeting(ctx, ms[0].ID)
	if err != nil {
		return ms[0], 0, err
	}
	return ms[0], m.Items[0].ID, nil
}
