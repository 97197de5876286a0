// Package demo loads the demo institution: twenty units, forty people with
// accounts of every role, the 2024 summer retreat with the president's and the
// Party secretary's speeches, four smaller meetings (one with a
// vice-president's speech), and some thirty measures drawn by hand from them
// with progress histories, so that on the pinned day 2024-10-15 the board
// shows every status and every light.
//
// Everything is written through app, so the demo's history is audited like
// real work, and at the moments of the demo's own 2024 (story.go). The
// people are fictional; the retreat text is a public news report with the
// speakers' names replaced by their titles.
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
// a conflict error and nothing written, when units, measures or accounts
// other than the admin exist already.
//
// Every write happens on the demo's own calendar (see story.go): Load moves
// a.Now through 2024 and gives the caller's clock back when it returns.
func Load(ctx context.Context, a *app.App) (Summary, error) {
	sum := Summary{Today: Today, Password: Password}
	h, err := Holds(ctx, a)
	if err != nil {
		return sum, err
	}
	if !h.Empty() {
		return sum, model.Errorf(model.ECONFLICT, "demo: the database already holds %s; the demo loads only into an empty database", h)
	}
	clk := &storyClock{}
	clk.set(Opening(a.Location))
	prev := a.Now
	a.Now = clk.now
	defer func() { a.Now = prev }()

	st := &story{loc: a.Location}
	var office model.Account
	setUp := Opening(a.Location)
	st.at(model.DateOf(setUp), 9, 0, "set-up", func(ctx context.Context) error {
		if err := a.PinToday(ctx, app.System, Today); err != nil {
			return fmt.Errorf("demo: pin clock: %w", err)
		}
		for _, u := range demoUnits {
			if err := a.CreateUnit(ctx, app.System, u); err != nil {
				return fmt.Errorf("demo: unit %s: %w", u.Code, err)
			}
		}
		if _, err := a.SetInstitution(ctx, app.System, demoInstitution); err != nil {
			return fmt.Errorf("demo: institution: %w", err)
		}
		for _, y := range demoCalendar {
			if _, err := a.SetAcademicYear(ctx, app.System, y); err != nil {
				return fmt.Errorf("demo: calendar %d: %w", y.Year, err)
			}
		}
		if err := a.CreateDemoAccounts(ctx, demoAccounts(), Password); err != nil {
			return fmt.Errorf("demo: accounts: %w", err)
		}
		var err error
		office, err = a.AccountOf(ctx, app.System, officeClerk)
		return err
	})
	sum.Units = len(demoUnits)
	sum.Accounts = demoAccounts()
	// The leaders' portfolios for the second half-year, on its first day.
	st.at(model.Ymd(2024, 7, 1), 9, 10, "portfolios", func(ctx context.Context) error {
		for _, pf := range demoPortfolios {
			if _, err := a.SetPortfolio(ctx, office, app.PortfolioChange{Portfolio: pf}); err != nil {
				return fmt.Errorf("demo: portfolio of %s: %w", pf.Leader, err)
			}
		}
		if err := a.SetThemeUnits(ctx, office, themeUnits); err != nil {
			return fmt.Errorf("demo: theme map: %w", err)
		}
		return nil
	})
	var items [numRefs]model.AgendaItem
	saveMeetings(st, a, &office, &items)
	sum.Meetings = 3
	var checks []func(ctx context.Context) error
	created := map[model.Date]int{} // measures entered so far, by meeting day
	for i, d := range demoMeasures {
		check := d.queue(st, a, &office, &items, created[meetingDay[d.from]], i)
		created[meetingDay[d.from]]++
		checks = append(checks, check)
		sum.Measures++
		sum.Reports += len(d.reports)
		sum.Comments += len(d.comments)
	}
	queueIndicators(st, a, &office)
	queueProblems(st, a, &office, &items)
	queueReports(st, a, &office)
	queueCampaign(st, a, &office) // study campaign (0027)
	queueSummary(st, a, &office)  // 0029: the issued 2024-H1 summary
	saveRecentMeeting(st, a, &office)
	sum.Meetings++
	var run app.DayRun
	queueNotices(st, a, &office, &run)
	sum.Meetings++
	queueBulletins(st, a, &office)
	queueAssessment(st, a, &office) // assessment.go: the 2023 assessment
	if err := st.run(ctx, clk); err != nil {
		return sum, err
	}
	for i, check := range checks {
		if err := check(ctx); err != nil {
			return sum, fmt.Errorf("demo: measure %d (%s): %w", i+1, demoMeasures[i].title, err)
		}
	}
	sum.Notices = run.Notices
	sum.Measures += len(run.Renewed)
	return sum, nil
}

// Holding is what a database holds already, as far as the demo cares.
type Holding struct {
	Units, Measures int
	Accounts        int  // besides the admin
	Demo            bool // the demo institution, loaded before
}

// Empty says the demo may load.
func (h Holding) Empty() bool { return h.Units == 0 && h.Measures == 0 && h.Accounts == 0 }

func (h Holding) String() string {
	return fmt.Sprintf("%d units, %d measures and %d accounts besides the admin", h.Units, h.Measures, h.Accounts)
}

// Holds looks at what the database holds: Load refuses anything but an
// empty one (an admin account aside), and serve --demo tells the demo,
// loaded earlier, from other data.
func Holds(ctx context.Context, a *app.App) (Holding, error) {
	var h Holding
	units, err := a.Units(ctx)
	if err != nil {
		return h, fmt.Errorf("demo: %w", err)
	}
	h.Units = len(units)
	ms, _, err := a.Measures(ctx, app.System, model.MeasureFilter{Limit: 1})
	if err != nil {
		return h, fmt.Errorf("demo: %w", err)
	}
	h.Measures = len(ms)
	accts, err := a.Accounts(ctx, app.System)
	if err != nil {
		return h, fmt.Errorf("demo: %w", err)
	}
	for _, ac := range accts {
		if ac.Username != "admin" {
			h.Accounts++
		}
	}
	inst, err := a.Institution(ctx)
	if err == nil && inst.Name == demoInstitution.Name && h.Units == len(demoUnits) {
		h.Demo = true
	}
	return h, nil
}

const recentDecisionText = `会议研究决定：一、做好2024年秋季学期期中教学检查，由教务处牵头，11月15日前完成检查并形成通报。` +
	`二、启动2025年度专业技术职务评审准备工作，由人事处牵头，12月底前发布评审工作通知。` +
	`三、做好2025年度国家自然科学基金申报动员，由科学技术处牵头，12月20日前完成校内形式审查。`

// saveRecentMeeting records a meeting three days before Today whose
// decisions the decomposer has drafted and the office has not reviewed
// yet: the drafts wait on the office's to-do list.
func saveRecentMeeting(st *story, a *app.App, office *model.Account) {
	m := model.Meeting{Kind: "president_office", Title: "2024年第16次校长办公会", Date: Today.AddDays(-3),
		Place: "中关村校区主楼会议室", Presider: "校长", Attendees: "校长、副校长，党政办公室、教务处、人事处、科学技术处负责人",
		Items: []model.AgendaItem{{Kind: "decision", Title: "会议决定事项", Speaker: "校长", Text: recentDecisionText}}}
	st.at(m.Date, 16, 20, "recent meeting", func(ctx context.Context) error {
		if err := a.SaveMeeting(ctx, *office, &m); err != nil {
			return fmt.Errorf("demo: meeting %s: %w", m.Title, err)
		}
		return nil
	})
	st.at(m.Date, 16, 35, "recent meeting's drafts", func(ctx context.Context) error {
		if _, err := a.DecomposeItem(ctx, *office, m.Items[0].ID); err != nil {
			return fmt.Errorf("demo: drafts of %s: %w", m.Title, err)
		}
		return nil
	})
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

// vicePresidentSpeech is what the vice-president in charge of teaching
// said at the March president's office meeting, after the two briefings
// and before the decisions (fictional, written for the demo).
const vicePresidentSpeech = `刚才，教务处汇报了2024年度本科专业评估工作方案，研究生院汇报了研究生招生计划调整的初步考虑，总体上我都同意。下面，我再讲三点意见。

第一，要充分认识本科专业评估的重要意义。专业是人才培养的基本单元，今年的专业评估既是迎接2025年本科教育教学审核评估的一次预演，也是优化专业布局的一次契机。各学院要把评估作为“一把手”工程来抓：一是要实事求是开展自评，不回避问题、不粉饰数据；二是要用好评估结果，对连续两年招生不足、就业率偏低的专业，该调整的调整，该停招的停招；三是要把评估与一流课程建设结合起来，以评促建、以评促改。教务处要在6月底前汇总各专业自评报告，7月份向校长办公会专题汇报。

第二，要加快推进研究生招生计划调整。招生计划是学校资源配置最直接的指挥棒，调整要把握好三个方向：一是向国家战略急需领域倾斜，二是向高水平团队和重大平台倾斜，三是向博士层次倾斜。研究生院要会同发展规划处和各学院抓紧测算，5月底前形成调整方案提交校长办公会审议。调整中要做好与学院和导师的沟通，既要讲原则，也要讲方法。

第三，要始终绷紧实验室安全这根弦。实验室安全无小事，一旦出事就是大事。资产管理处要牵头，上半年对全校所有实验室开展一次全覆盖检查，做到不留死角、不留盲区；查出的问题要建立台账，明确整改责任人和整改时限，整改一项、销号一项。各学院院长是本单位实验室安全第一责任人，要切实把责任扛在肩上。

最后，我再强调一下作风。今年学校任务很重，各单位要有“马上就办”的意识，会上定了的事情就要抓紧办、办到位，不能层层传达、层层衰减。党政办公室要把今天议定的事项列入督办，按月通报进展。`

const standingDecisionText = `会议审议通过以下事项：一、关于做好2024年度教职工年度考核工作的安排，由人事处牵头，12月底前完成。` +
	`二、关于加强2024级新生入学教育的方案，由学生工作部牵头，9月底前完成。` +
	`三、关于推进校园基本建设项目的安排，由资产管理处牵头、财务处配合，本学期内完成年度建设任务。` +
	`四、关于加强实验室安全管理的意见，由资产管理处牵头，每月开展一次实验室安全检查。` +
	`五、关于做好期中教学检查的安排，由教务处牵头，每学期开展一次期中教学检查。`

// saveMeetings queues the three meetings, each recorded by the office on
// its day (the retreat, held on a Saturday, on the Monday after), and fills
// items with their agenda items by reference once they are saved.
func saveMeetings(st *story, a *app.App, office *model.Account, items *[numRefs]model.AgendaItem) {
	briefing, president, secretary := retreatParts()
	office1 := model.Meeting{Kind: "president_office", Title: "2024年第5次校长办公会", Date: model.Ymd(2024, 3, 12),
		Place: "中关村校区主楼会议室", Presider: "校长", Attendees: "校长、副校长，党政办公室、教务处、研究生院、资产管理处、国际交流合作处负责人",
		Items: []model.AgendaItem{
			{Kind: "briefing", Title: "教务处汇报本科专业评估工作方案", Speaker: "教务处处长", Text: "教务处汇报了2024年度本科专业评估工作方案，研究生院汇报了研究生招生计划调整的初步考虑。"},
			{Kind: "speech", Title: "分管副校长讲话", Speaker: "副校长", Text: vicePresidentSpeech},
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
	// The retreat is entered in June as the office prepares it
	// (retreat_prep.go); its speeches are recorded once it is held.
	queueRetreatPrep(st, a, office, &retreat)
	for _, m := range []*model.Meeting{&office1, &retreat, &standing} {
		st.at(recordDay(m.Date), 16, 0, "meeting "+m.Title, func(ctx context.Context) error {
			if err := a.SaveMeeting(ctx, *office, m); err != nil {
				return fmt.Errorf("demo: meeting %s: %w", m.Title, err)
			}
			switch m {
			case &office1:
				items[officeDecision] = office1.Items[2]
			case &retreat:
				items[retreatBriefing], items[retreatPresident], items[retreatSecretary] = retreat.Items[0], retreat.Items[1], retreat.Items[2]
			case &standing:
				items[standingDecision] = standing.Items[0]
			}
			return nil
		})
	}
}

// meetingDay is the day each source of measures was held.
var meetingDay = [numRefs]model.Date{
	retreatBriefing: model.Ymd(2024, 6, 29), retreatPresident: model.Ymd(2024, 6, 29), retreatSecretary: model.Ymd(2024, 6, 29),
	officeDecision: model.Ymd(2024, 3, 12), standingDecision: model.Ymd(2024, 9, 10),
}

// recordDay is the day the office records a meeting held on day: the same
// day, or the first workday after a weekend meeting.
func recordDay(day model.Date) model.Date {
	if isWorkday(day) {
		return day
	}
	return workdayAfter(day, 1)
}
