// Package demo loads the demo institution: twenty units, forty people with
// accounts of every role, the 2024 summer retreat with the president's and the
// Party secretary's speeches, two smaller meetings, and some thirty measures
// drawn by hand from them with progress histories, so that on the pinned day
// 2024-10-15 the board shows every status and every light.
//
// Everything is written through app, so the demo's history is audited like
// real work. The people are fictional; the retreat text is a public news
// report with the speakers' names replaced by their titles.
package demo

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Password is every demo account's password. It breaks the password rules
// on purpose: the demo is for trying luoshi out, prints it, and loads its
// accounts through app.CreateDemoAccounts, which does not apply them.
const Password = "demo"

// Today is the day the demo institution lives on; Load pins the clock to it.
var Today = model.Ymd(2024, 10, 15)

//go:embed retreat-2024.txt
var retreatText string

// themeUnits is the office's theme → lead unit map: who usually leads work
// of each theme, the suggestion for drafts until the demo's own measures
// say better.
var themeUnits = map[string]string{
	"talent_training": "JWC", "discipline": "FGC", "research": "KJC", "talent_team": "RSC",
	"governance": "DB", "party_building": "ZZB", "resources": "CWC", "culture": "XCB", "other": "DB",
}

// Summary says what Load wrote, for serve to print.
type Summary struct {
	Units    int
	Accounts []model.Account
	Meetings int
	Measures int
	Reports  int
	Comments int
	Notices  int
	Today    model.Date
	Password string
}

// Load writes the demo institution into an empty database. It refuses, with
// a conflict error and nothing written, when units or measures exist already.
func Load(ctx context.Context, a *app.App) (Summary, error) {
	sum := Summary{Today: Today, Password: Password}
	units, err := a.Units(ctx)
	if err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	ms, _, err := a.Measures(ctx, app.System, model.MeasureFilter{Limit: 1})
	if err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	if len(units) > 0 || len(ms) > 0 {
		return sum, model.Errorf(model.ECONFLICT, "demo: the database already holds %d units and measures; the demo loads only into an empty database", len(units)+len(ms))
	}
	if err := a.PinToday(ctx, app.System, Today); err != nil {
		return sum, fmt.Errorf("demo: pin clock: %w", err)
	}
	for _, u := range demoUnits {
		if err := a.CreateUnit(ctx, app.System, u); err != nil {
			return sum, fmt.Errorf("demo: unit %s: %w", u.Code, err)
		}
	}
	sum.Units = len(demoUnits)
	if _, err := a.SetInstitution(ctx, app.System, demoInstitution); err != nil {
		return sum, fmt.Errorf("demo: institution: %w", err)
	}
	for _, y := range demoCalendar {
		if _, err := a.SetAcademicYear(ctx, app.System, y); err != nil {
			return sum, fmt.Errorf("demo: calendar %d: %w", y.Year, err)
		}
	}
	accts := demoAccounts()
	if err := a.CreateDemoAccounts(ctx, accts, Password); err != nil {
		return sum, fmt.Errorf("demo: accounts: %w", err)
	}
	sum.Accounts = accts
	office, err := a.AccountOf(ctx, app.System, officeClerk)
	if err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	for _, pf := range demoPortfolios {
		if _, err := a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: pf}); err != nil {
			return sum, fmt.Errorf("demo: portfolio of %s: %w", pf.Leader, err)
		}
	}
	if err := a.SetThemeUnits(ctx, office, themeUnits); err != nil {
		return sum, fmt.Errorf("demo: theme map: %w", err)
	}
	items, err := saveMeetings(ctx, a, office)
	if err != nil {
		return sum, err
	}
	sum.Meetings = 3
	for i, d := range demoMeasures {
		nr, nc, err := d.load(ctx, a, office, items)
		if err != nil {
			return sum, fmt.Errorf("demo: measure %d (%s): %w", i+1, d.title, err)
		}
		sum.Measures++
		sum.Reports += nr
		sum.Comments += nc
	}
	// Indicators before reports: a submitted report freezes the unit's
	// indicator figures with its own.
	if err := loadIndicators(ctx, a, office); err != nil {
		return sum, err
	}
	if err := loadProblems(ctx, a, office, items); err != nil {
		return sum, err
	}
	if err := loadReports(ctx, a, office); err != nil {
		return sum, err
	}
	if err := loadBulletins(ctx, a, office); err != nil {
		return sum, err
	}
	run, err := loadNotices(ctx, a, office)
	if err != nil {
		return sum, err
	}
	sum.Notices = run.Notices
	sum.Measures += len(run.Renewed)
	sum.Meetings++
	if err := saveRecentMeeting(ctx, a, office); err != nil {
		return sum, err
	}
	sum.Meetings++
	return sum, nil
}

const recentDecisionText = `会议研究决定：一、做好2024年秋季学期期中教学检查，由教务处牵头，11月15日前完成检查并形成通报。` +
	`二、启动2025年度专业技术职务评审准备工作，由人事处牵头，12月底前发布评审工作通知。` +
	`三、做好2025年度国家自然科学基金申报动员，由科学技术处牵头，12月20日前完成校内形式审查。`

// saveRecentMeeting records a meeting three days before Today whose
// decisions the decomposer has drafted and the office has not reviewed
// yet: the drafts wait on the office's to-do list.
func saveRecentMeeting(ctx context.Context, a *app.App, office model.Account) error {
	m := model.Meeting{Kind: "president_office", Title: "2024年第16次校长办公会", Date: Today.AddDays(-3),
		Place: "中关村校区主楼会议室", Presider: "校长", Attendees: "校长、副校长，党政办公室、教务处、人事处、科学技术处负责人",
		Items: []model.AgendaItem{{Kind: "decision", Title: "会议决定事项", Speaker: "校长", Text: recentDecisionText}}}
	if err := a.SaveMeeting(ctx, office, &m); err != nil {
		return fmt.Errorf("demo: meeting %s: %w", m.Title, err)
	}
	if _, err := a.DecomposeItem(ctx, office, m.Items[0].ID); err != nil {
		return fmt.Errorf("demo: drafts of %s: %w", m.Title, err)
	}
	return nil
}

// agendaRef names an agenda item of the demo meetings.
type agendaRef int

const (
	retreatBriefing agendaRef = iota
	retreatPresident
	retreatSecretary
	officeDecision
	standingDecision
	numRefs
)

// retreatParts splits the embedded news report into the retreat's agenda
// items: the opening narration (two paragraphs), the president's speech and
// the secretary's concluding speech.
func retreatParts() (briefing, president, secretary string) {
	p := strings.Split(strings.TrimSpace(retreatText), "\n\n")
	if len(p) != 4 {
		panic(fmt.Sprintf("demo: retreat-2024.txt has %d paragraphs, want 4", len(p)))
	}
	return p[0] + "\n\n" + p[1], p[2], p[3]
}

const officeDecisionText = `会议研究决定：一、启动2024年度本科专业评估工作，由教务处牵头，6月底前完成各专业自评报告。` +
	`二、加快推进研究生招生计划调整，由研究生院牵头，5月底前形成调整方案报校长办公会审议。` +
	`三、开展实验室安全专项检查，由资产管理处牵头，上半年完成全校实验室全覆盖检查。` +
	`四、推进国际合作伙伴院校拓展，由国际交流合作处牵头，长期坚持，每学期报告进展。`

const standingDecisionText = `会议审议通过以下事项：一、关于做好2024年度教职工年度考核工作的安排，由人事处牵头，12月底前完成。` +
	`二、关于加强2024级新生入学教育的方案，由学生工作部牵头，9月底前完成。` +
	`三、关于推进校园基本建设项目的安排，由资产管理处牵头、财务处配合，本学期内完成年度建设任务。` +
	`四、关于加强实验室安全管理的意见，由资产管理处牵头，每月开展一次实验室安全检查。` +
	`五、关于做好期中教学检查的安排，由教务处牵头，每学期开展一次期中教学检查。`

// saveMeetings records the three meetings and returns their agenda items'
// ids and texts by reference.
func saveMeetings(ctx context.Context, a *app.App, office model.Account) ([numRefs]model.AgendaItem, error) {
	var out [numRefs]model.AgendaItem
	briefing, president, secretary := retreatParts()
	office1 := model.Meeting{Kind: "president_office", Title: "2024年第5次校长办公会", Date: model.Ymd(2024, 3, 12),
		Place: "中关村校区主楼会议室", Presider: "校长", Attendees: "校长、副校长，党政办公室、教务处、研究生院、资产管理处、国际交流合作处负责人",
		Items: []model.AgendaItem{
			{Kind: "briefing", Title: "教务处汇报本科专业评估工作方案", Speaker: "教务处处长", Text: "教务处汇报了2024年度本科专业评估工作方案，研究生院汇报了研究生招生计划调整的初步考虑。"},
			{Kind: "decision", Title: "会议决定事项", Speaker: "校长", Text: officeDecisionText},
		}}
	retreat := model.Meeting{Kind: "retreat", Title: "2024年暑期工作研讨会", Date: model.Ymd(2024, 6, 29),
		Place: "良乡校区", Presider: "党委书记", Attendees: "全体校领导，各职能部门（机构）主要负责人",
		Items: []model.AgendaItem{
			{Kind: "briefing", Title: "会议通报", Speaker: "党政办公室", Text: briefing},
			{Kind: "speech", Title: "校长讲话", Speaker: "校长", Text: president},
			{Kind: "speech", Title: "党委书记总结讲话", Speaker: "党委书记", Text: secretary},
		}}
	standing := model.Meeting{Kind: "standing_committee", Title: "2024年第18次党委常委会", Date: model.Ymd(2024, 9, 10),
		Place: "中关村校区主楼会议室", Presider: "党委书记", Attendees: "党委常委，党政办公室、人事处、学生工作部、资产管理处负责人",
		Items: []model.AgendaItem{
			{Kind: "decision", Title: "会议审议事项", Speaker: "党委书记", Text: standingDecisionText},
		}}
	for _, m := range []*model.Meeting{&office1, &retreat, &standing} {
		if err := a.SaveMeeting(ctx, office, m); err != nil {
			return out, fmt.Errorf("demo: meeting %s: %w", m.Title, err)
		}
	}
	out[officeDecision] = office1.Items[1]
	out[retreatBriefing] = retreat.Items[0]
	out[retreatPresident] = retreat.Items[1]
	out[retreatSecretary] = retreat.Items[2]
	out[standingDecision] = standing.Items[0]
	return out, nil
}
