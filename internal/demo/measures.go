package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// measureDef is one demo measure, written as an office would, with the
// words of the agenda item it came from and the progress reports its lead
// unit filed. want is the status and light it must show on Today; Load
// fails if it does not, so a change to the rules shows up here at once.
type measureDef struct {
	from       agendaRef
	quote      string // words of the agenda item the measure came from
	title      string
	detail     string
	theme      string
	period     string // default 2024-H2
	lead       string
	coop       []string
	leader     string
	deadline   string
	start      model.Date
	milestones []model.Milestone
	reports    []int // percents of successive progress reports
	returned   bool  // the latest report was returned by the office
	comments   []comment
	cancel     bool
	recur      string
	want       model.Status
	light      model.Alert
}

type comment struct{ author, text string }

var demoMeasures = []measureDef{
	// The president's speech at the retreat.
	{from: retreatPresident, quote: "要深刻把握习近平新时代中国特色社会主义思想的精髓要义和实践要求",
		title: "深入学习贯彻习近平新时代中国特色社会主义思想，推动入脑入心、真学真用", theme: "party_building",
		lead: "XCB", coop: []string{"ZZB"}, leader: secretary, deadline: "长期坚持", reports: []int{10, 30},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatPresident, quote: "Take Party discipline learning and education as an opportunity,Strengthen and improve Party building",
		title: "以党纪学习教育为契机，加强和改进党的建设", theme: "party_building",
		lead: "ZZB", coop: []string{"JW", "XCB"}, leader: secretary, deadline: "2024年9月", reports: []int{40, 80, 100},
		want: model.Done, light: model.AlertNone},
	{from: retreatPresident, quote: "We will deepen comprehensive and strict management of the Party and the university",
		title: "深化全面从严治党、从严治校", theme: "party_building",
		lead: "JW", coop: []string{"ZZB"}, leader: deputySec, deadline: "本学期内", reports: []int{20, 50},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatPresident, quote: `strengthen the "trinity" of education and technology talents, focus on training leading talents`,
		title: "强化教育科技人才“三位一体”，着力培养领军人才", theme: "talent_training",
		detail: "制定领军人才培养专项方案，统筹本研一体化培养。",
		lead:   "JWC", coop: []string{"YJSY", "RSC"}, leader: vpTeaching, deadline: "2024年12月底前",
		want: model.NotStarted, light: model.AlertNone},
	{from: retreatPresident, quote: `firmly promote the implementation of the concept of "teaching first", strengthen wisdom and empowerment, promote the connotation and quality, and build a talent training brand`,
		title: "落实“教学第一”理念，以智赋能提升内涵质量，打造人才培养品牌", theme: "talent_training",
		lead: "JWC", coop: []string{"XGB"}, leader: vpTeaching, deadline: "2024年11月20日前", reports: []int{15, 40},
		want: model.AtRisk, light: model.AlertYellow},
	{from: retreatPresident, quote: "We need to strengthen discipline-led development,Advance engineering with precision force",
		title: "加强学科引领发展，精准发力推进工科建设", theme: "discipline",
		lead: "FGC", coop: []string{"JDXY", "XXXY"}, leader: president, deadline: "2024年10月底前", reports: []int{30, 60},
		comments: []comment{{president, "请抓紧推进，10月底前务必完成阶段任务，有困难及时报告。"}},
		want:     model.AtRisk, light: model.AlertOrange},
	{from: retreatPresident, quote: "Advanced science with precision service",
		title: "精准服务推进理科发展", theme: "discipline",
		lead: "LXY", coop: []string{"FGC"}, leader: vpResearch, deadline: "2024年12月底前", reports: []int{20},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatPresident, quote: "Promote liberal arts leadership with precise support",
		title: "精准支持推动文科引领发展", theme: "discipline",
		lead: "RWXY", coop: []string{"SKC"}, leader: vpResearch, deadline: "2024年9月底", reports: []int{30, 70},
		comments: []comment{{vpResearch, "该事项已逾期，请人文学院说明原因并提出补救措施。"},
			{officeClerk, "@陈国强 该事项已逾期，人文学院已说明原因，拟列入下次校长办公会研究，请阅示。"}},
		want: model.Overdue, light: model.AlertRed},
	{from: retreatPresident, quote: "Advance emerging interdisciplinary leadership with precise cutting",
		title: "精准切入推进新兴交叉学科建设", theme: "discipline",
		lead: "JCY", coop: []string{"FGC", "KJC"}, leader: vpResearch, deadline: "2024年12月底前",
		want: model.NotStarted, light: model.AlertNone},
	{from: retreatPresident, quote: "We will continue to consolidate and deepen the distinctive strengths of national defense",
		title: "持续巩固深化国防特色优势", theme: "research",
		lead: "KJC", coop: []string{"JDXY"}, leader: president, deadline: "长期坚持",
		want: model.NotStarted, light: model.AlertNone},
	{from: retreatPresident, quote: "Cultivate the soil of concentration, meditation and perseverance to do scientific research,Ten thousand people gather strength, one thousand people pull,One hundred breakthroughs and ten breakthroughs,Better service technology self-reliance",
		title: "厚植潜心科研土壤，凝聚攻关合力，服务高水平科技自立自强", theme: "research",
		lead: "KJC", coop: []string{"SKC", "JCY"}, leader: vpResearch, deadline: "2025年6月底前", reports: []int{10, 25},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatPresident, quote: "It is necessary to build a team of high-level talents, based on the characteristics of the background of national defense, strengthen forward-looking planning of talent work",
		title: "建设高水平人才队伍，加强人才工作前瞻谋划", theme: "talent_team",
		lead: "RSC", coop: []string{"ZZB"}, leader: president, start: model.Ymd(2024, 8, 1), deadline: "2024年10月25日前", reports: []int{20, 50},
		comments: []comment{{president, "人才工作要前瞻谋划，请人事处加快推进，按期完成。"}},
		want:     model.AtRisk, light: model.AlertOrange},
	{from: retreatPresident, quote: "break through the institutional mechanism blocking points",
		title: "提升一流大学治理效能，打通体制机制堵点", theme: "governance",
		lead: "FGC", coop: []string{"DB", "RSC"}, leader: president, deadline: "2024年12月底前", reports: []int{10, 30},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatPresident, quote: "comprehensively improve the efficiency of resource coordination, accurately and efficiently use all kinds of resources",
		title: "全面提高资源统筹效率，精准高效用好各类资源", theme: "resources",
		lead: "CWC", coop: []string{"ZCC", "FGC"}, leader: vpResources, deadline: "2024年11月15日前", reports: []int{15, 35},
		want: model.AtRisk, light: model.AlertYellow},

	// The Party secretary's concluding speech.
	{from: retreatSecretary, quote: "要认真学习贯彻习近平总书记在“科技三会”、在中央政治局第十五次集体学习时的重要讲话精神",
		title: "认真学习贯彻“科技三会”精神和中央政治局第十五次集体学习重要讲话精神", theme: "party_building",
		lead: "XCB", coop: []string{"ZZB"}, leader: secretary, deadline: "2024年7月", reports: []int{60, 100},
		want: model.Done, light: model.AlertNone},
	{from: retreatSecretary, quote: "It is necessary to ensure steady progress in basic work, leap-forward growth of competitive indicators",
		title: "确保基础性工作稳步推进、竞争性指标跨越增长", theme: "governance",
		lead: "FGC", coop: []string{"JDXY", "LXY", "RWXY", "XXXY"}, leader: president, deadline: "2024年12月底前", reports: []int{20, 40, 55},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatSecretary, quote: "We will comprehensively build a first-class cultural ecosystem",
		title: "全面构建一流文化生态", theme: "culture",
		lead: "XCB", coop: []string{"RWXY"}, leader: secretary, deadline: "2024年12月底前", reports: []int{10},
		comments: []comment{{officeClerk, "经党委常委会研究，本事项并入“加快存量文化资源育人转化”统筹推进，本条撤销。"}},
		cancel:   true, want: model.Cancelled, light: model.AlertNone},
	{from: retreatSecretary, quote: `Promote "organized school management"`,
		title: "推进“有组织办学”", theme: "governance",
		lead: "DB", coop: []string{"FGC"}, leader: secretary, deadline: "持续推进", reports: []int{20, 40},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatSecretary, quote: `Deepen the reform of personnel training "organized" overall design`,
		title: "深化人才培养“有组织”整体设计改革", theme: "talent_training",
		lead: "JWC", coop: []string{"YJSY"}, leader: vpTeaching, deadline: "2024年9月", reports: []int{30, 60, 85}, returned: true,
		want: model.Overdue, light: model.AlertRed},
	{from: retreatSecretary, quote: `We will focus on "organized" research and innovation`,
		title: "推进有组织科研，建设重大科研平台", theme: "research",
		detail: "聚焦国家战略需求，凝练重大科研方向，组建跨学院攻关团队，推动重大科研平台落地。",
		lead:   "KJC", coop: []string{"JCY", "JDXY", "XXXY"}, leader: vpResearch, deadline: "2024年12月底前",
		milestones: []model.Milestone{
			{Title: "完成平台建设方案论证", Due: model.Ymd(2024, 9, 30), Done: true},
			{Title: "报送平台申报材料", Due: model.Ymd(2024, 11, 15)},
			{Title: "完成平台组建", Due: model.Ymd(2024, 12, 20)},
		},
		reports:  []int{15, 30, 45},
		comments: []comment{{vpResearch, "平台建设要与学科布局统筹考虑，请科技处牵头做好论证，交叉科学研究院全力配合。"}},
		want:     model.OnTrack, light: model.AlertNone},
	{from: retreatSecretary, quote: `Promote the "organized" forward-looking layout of talent team construction`,
		title: "推进人才队伍建设“有组织”前瞻布局", theme: "talent_team",
		lead: "RSC", coop: []string{"ZZB"}, leader: secretary, deadline: "2024年11月20日前", reports: []int{10, 20},
		want: model.AtRisk, light: model.AlertYellow},
	{from: retreatSecretary, quote: "Promote party members and cadres to learn to deeply understand and engrave the rules and discipline in their hearts and fall on the line",
		title: "推动党员干部学纪知纪明纪守纪，把纪律规矩刻在心上、落在行动上", theme: "party_building",
		lead: "JW", coop: []string{"ZZB"}, leader: deputySec, deadline: "长期坚持", reports: []int{30, 60},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatSecretary, quote: "Constantly improve the modern university system",
		title: "不断完善现代大学制度", theme: "governance",
		lead: "DB", coop: []string{"FGC", "RSC"}, leader: secretary, deadline: "2024年12月底前",
		want: model.NotStarted, light: model.AlertNone},
	{from: retreatSecretary, quote: "Strengthen the integration, allocation and coordination of resources",
		title: "加强资源整合、配置与统筹", theme: "resources",
		lead: "ZCC", coop: []string{"CWC"}, leader: vpResources, deadline: "2024年9月", reports: []int{50, 100},
		want: model.Done, light: model.AlertNone},
	{from: retreatSecretary, quote: "We will show more care for teachers and students",
		title: "加大对师生的关心关爱力度", theme: "culture",
		lead: "XGB", coop: []string{"RSC"}, leader: deputySec, deadline: "本学期内", reports: []int{25},
		want: model.OnTrack, light: model.AlertNone},
	{from: retreatSecretary, quote: "Accelerate the transformation of existing cultural resources into education",
		title: "加快存量文化资源育人转化", theme: "culture",
		lead: "XCB", coop: []string{"RWXY"}, leader: deputySec, deadline: "2024年12月底前",
		want: model.NotStarted, light: model.AlertNone},

	// The president's office meeting in March (2024-H1).
	{from: officeDecision, quote: "启动2024年度本科专业评估工作，由教务处牵头，6月底前完成各专业自评报告",
		title: "启动2024年度本科专业评估，完成各专业自评报告", theme: "talent_training", period: "2024-H1",
		lead: "JWC", leader: vpTeaching, deadline: "2024年6月底前", reports: []int{30, 70, 100},
		want: model.Done, light: model.AlertNone},
	{from: officeDecision, quote: "加快推进研究生招生计划调整，由研究生院牵头，5月底前形成调整方案报校长办公会审议",
		title: "调整研究生招生计划，形成方案报校长办公会审议", theme: "talent_training", period: "2024-H1",
		lead: "YJSY", coop: []string{"JWC"}, leader: vpTeaching, deadline: "2024年5月底前", reports: []int{40, 80},
		want: model.Overdue, light: model.AlertRed},
	{from: officeDecision, quote: "开展实验室安全专项检查，由资产管理处牵头，上半年完成全校实验室全覆盖检查",
		title: "开展实验室安全专项检查，实现全校实验室全覆盖", theme: "resources", period: "2024-H1",
		lead: "ZCC", coop: []string{"KJC"}, leader: vpResources, deadline: "2024年上半年", reports: []int{50, 100},
		want: model.Done, light: model.AlertNone},
	{from: officeDecision, quote: "推进国际合作伙伴院校拓展，由国际交流合作处牵头，长期坚持，每学期报告进展",
		title: "拓展国际合作伙伴院校", theme: "other", period: "2024-H1",
		lead: "GJC", leader: president, deadline: "长期坚持", reports: []int{20, 40},
		want: model.OnTrack, light: model.AlertNone},

	// The standing committee in September.
	{from: standingDecision, quote: "关于做好2024年度教职工年度考核工作的安排，由人事处牵头，12月底前完成",
		title: "做好2024年度教职工年度考核工作", theme: "talent_team",
		lead: "RSC", leader: president, start: model.Ymd(2024, 9, 10), deadline: "2024年12月底前",
		want: model.NotStarted, light: model.AlertNone},
	{from: standingDecision, quote: "关于加强2024级新生入学教育的方案，由学生工作部牵头，9月底前完成",
		title: "加强2024级新生入学教育", theme: "talent_training",
		lead: "XGB", coop: []string{"JWC"}, leader: deputySec, start: model.Ymd(2024, 9, 10), deadline: "2024年9月底前", reports: []int{60, 100},
		want: model.Done, light: model.AlertNone},
	{from: standingDecision, quote: "关于推进校园基本建设项目的安排，由资产管理处牵头、财务处配合，本学期内完成年度建设任务",
		title: "推进校园基本建设项目，完成年度建设任务", theme: "resources",
		lead: "ZCC", coop: []string{"CWC"}, leader: vpResources, start: model.Ymd(2024, 9, 10), deadline: "本学期内", reports: []int{30},
		want: model.OnTrack, light: model.AlertNone},
	{from: standingDecision, quote: "关于加强实验室安全管理的意见，由资产管理处牵头，每月开展一次实验室安全检查",
		title: "每月开展一次实验室安全检查", theme: "resources", recur: "monthly",
		lead: "ZCC", leader: vpResources, start: model.Ymd(2024, 9, 10), deadline: "2024年9月底前", reports: []int{100},
		want: model.Done, light: model.AlertNone},
	{from: standingDecision, quote: "关于做好期中教学检查的安排，由教务处牵头，每学期开展一次期中教学检查",
		title: "每学期开展一次期中教学检查", theme: "talent_training", recur: "term",
		lead: "JWC", leader: vpTeaching, start: model.Ymd(2024, 9, 10), deadline: "本学期内", reports: []int{20},
		want: model.OnTrack, light: model.AlertNone},
}

// queue queues the measure's life: the office enters it the workday after
// its meeting was recorded (the nth of its meeting, a few minutes apart, so
// codes follow the order of demoMeasures), its lead unit's liaison files
// the reports on their days, the office reviews each the workday after, the
// comments follow the latest report, and a cancelled measure is cancelled
// the day after its comment. The returned check, run after the story,
// fails if the measure does not show the status and light it must.
func (d measureDef) queue(st *story, a *app.App, office *model.Account, items *[numRefs]model.AgendaItem, nth, idx int) func(context.Context) error {
	period := d.period
	if period == "" {
		period = "2024-H2"
	}
	m := &model.Measure{}
	key := fmt.Sprint("measure", idx)
	enteredOn := workdayAfter(recordDay(meetingDay[d.from]), 1)
	min := 9*60 + 5*nth
	st.at(enteredOn, min/60, min%60, "measure "+d.title, func(ctx context.Context) error {
		it := items[d.from]
		start := strings.Index(it.Text, d.quote)
		if start < 0 {
			return fmt.Errorf("demo: quote %q not found in agenda item %q", d.quote, it.Title)
		}
		*m = model.Measure{
			Title: d.title, Detail: d.detail, Theme: d.theme, Period: period, LeadUnit: d.lead,
			CooperatingUnits: d.coop, Leader: d.leader, Owner: ownerOf(d.lead), Start: d.start, Deadline: d.deadline,
			Milestones: d.milestones, Source: model.Source{AgendaItem: it.ID, Start: start, End: start + len(d.quote)},
			Recur: d.recur,
		}
		if d.light != model.AlertNone {
			m.Priority = 1
		}
		if err := a.CreateMeasure(ctx, *office, m); err != nil {
			return fmt.Errorf("demo: measure %d (%s): %w", idx+1, d.title, err)
		}
		return nil
	})
	// Reports fall between ten days after the start (or the meeting, if
	// later) and a few days before today, or before the due day for work
	// finished in time, each on a workday.
	p, err := model.PeriodFromCode(period)
	if err != nil {
		panic(err)
	}
	begin := d.start
	if begin == 0 {
		begin = p.Start
	}
	if begin < enteredOn {
		begin = enteredOn
	}
	first, last := begin.AddDays(10), Today.AddDays(-5)
	if due := dueOf(d, p); len(d.reports) > 0 && d.reports[len(d.reports)-1] == 100 && due != 0 && due.AddDays(-2) < last {
		last = due.AddDays(-2)
	}
	ids := make([]int64, len(d.reports))
	lastDay := enteredOn
	for i, pct := range d.reports {
		day := workdayBefore(first + (last-first)*model.Date(i+1)/model.Date(len(d.reports)))
		lastDay = day
		i, pct := i, pct
		st.during(day, 9, 16, fmt.Sprint(key, "report", i), "report", func(ctx context.Context) error {
			author, err := actorOf(ctx, a, liaison(d.lead))
			if err != nil {
				return err
			}
			r := model.ProgressReport{Date: day, Percent: pct, Note: note(d, i)}
			r.Risk = i == len(d.reports)-1 && d.want == model.AtRisk
			if _, err := a.ReportProgress(ctx, author, m.Code, &r); err != nil {
				return fmt.Errorf("demo: %s report %d%%: %w", m.Code, pct, err)
			}
			ids[i] = r.ID
			return nil
		})
		latest := i == len(d.reports)-1
		var verdict, comment string
		switch {
		case latest && d.returned:
			verdict, comment = model.ReviewReturned, "进展描述过于笼统，且已超过完成时限，请补充已完成的具体工作、佐证材料和下一步时间安排后重新报送。"
		case !latest || pct == 100:
			verdict = model.ReviewAccepted
		default:
			continue
		}
		st.during(workdayAfter(day, 1), 9, 12, fmt.Sprint(key, "review", i), "review", func(ctx context.Context) error {
			if err := a.ReviewProgress(ctx, *office, ids[i], verdict, comment); err != nil {
				return fmt.Errorf("demo: %s review: %w", m.Code, err)
			}
			return nil
		})
	}
	for j, c := range d.comments {
		st.during(workdayAfter(lastDay, 2+j), 14, 17, fmt.Sprint(key, "comment", j), "comment", func(ctx context.Context) error {
			who, err := actorOf(ctx, a, c.author)
			if err != nil {
				return err
			}
			if _, err := a.AddComment(ctx, who, m.Code, c.text); err != nil {
				return fmt.Errorf("demo: %s comment: %w", m.Code, err)
			}
			return nil
		})
	}
	if d.cancel {
		st.during(workdayAfter(lastDay, 3+len(d.comments)), 9, 12, key+"cancel", "cancel", func(ctx context.Context) error {
			yes := true
			if _, err := a.UpdateMeasure(ctx, *office, m.Code, app.MeasurePatch{Cancelled: &yes}); err != nil {
				return fmt.Errorf("demo: cancel %s: %w", m.Code, err)
			}
			return nil
		})
	}
	return func(ctx context.Context) error {
		det, err := a.Measure(ctx, app.System, m.Code)
		if err != nil {
			return err
		}
		got := det.Measure
		if got.Status != d.want || got.Alert != d.light {
			return fmt.Errorf("%s is %s/%s on %s, want %s/%s", m.Code, got.Status, got.Alert, Today, d.want, d.light)
		}
		return nil
	}
}

// dueOf is the due day the measure's deadline words give in period p, for
// the story's planning (app reads them again when it creates the measure);
// 0 for words that need the calendar or name no day.
func dueOf(d measureDef, p model.Period) model.Date {
	due, _, err := model.ParseDeadline(d.deadline, p)
	if err != nil {
		return 0
	}
	return due
}

// note is the narrative of the i-th report of a measure.
func note(d measureDef, i int) string {
	pct := d.reports[i]
	switch {
	case pct == 100:
		return "各项任务已全部完成，相关材料已整理归档，申请办结。"
	case i == 0:
		return fmt.Sprintf("已制定工作方案，明确责任分工和时间节点，召开专题推进会，完成约%d%%。", pct)
	case i == len(d.reports)-1 && d.want == model.AtRisk:
		return fmt.Sprintf("部分配合单位材料尚未报齐，整体进度滞后于计划，正在协调推进，目前完成约%d%%。", pct)
	case i == len(d.reports)-1 && d.returned:
		return "按计划推进中。"
	}
	return fmt.Sprintf("按计划推进，已完成阶段性任务，正在组织相关单位落实后续工作，完成约%d%%。", pct)
}
