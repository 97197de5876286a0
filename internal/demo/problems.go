package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// problemDef is one demo problem, drawn from the "key and difficult
// problems" the retreat analysed (fictional wording). measures are
// fragments of the titles of the demo measures that address it; status is
// where it stands on Today; closed problems were closed out by closer.
type problemDef struct {
	title, description string
	severity, owner    string
	leader             string
	fromRetreat        bool
	measures           []string
	status             string
	closer, closeNote  string
}

var demoProblems = []problemDef{
	{title: "高层次领军人才和青年拔尖人才引育不足", severity: "high", owner: "RSC", leader: president, fromRetreat: true,
		description: "领军人才数量与学校发展目标差距较大，青年人才成长通道不畅。",
		measures:    []string{"建设高水平人才队伍", "推进人才队伍建设"}, status: model.ProblemInProgress},
	{title: "重大科研平台和标志性成果偏少", severity: "high", owner: "KJC", leader: vpResearch, fromRetreat: true,
		description: "国家级平台布局不足，有组织科研的合力尚未形成。",
		measures:    []string{"推进有组织科研", "厚植潜心科研土壤"}, status: model.ProblemInProgress},
	{title: "理科、文科对工科支撑不够，学科交叉融合不深", severity: "medium", owner: "FGC", leader: president, fromRetreat: true,
		measures: []string{"精准服务推进理科发展", "精准切入推进新兴交叉学科建设"}, status: model.ProblemOpen},
	{title: "体制机制堵点制约学院办学活力", severity: "medium", owner: "DB", leader: secretary, fromRetreat: true,
		measures: []string{"打通体制机制堵点"}, status: model.ProblemOpen},
	{title: "资源配置统筹不足，部分资源使用效率不高", severity: "high", owner: "CWC", leader: vpResources, fromRetreat: true,
		measures: []string{"全面提高资源统筹效率", "加强资源整合"}, status: model.ProblemInProgress},
	{title: "本科教学内涵质量提升缺少抓手", severity: "medium", owner: "JWC", leader: vpTeaching, fromRetreat: true,
		measures: []string{"落实“教学第一”理念"}, status: model.ProblemResolved},
	// Raised by a unit, and no measure addresses it yet: the register flags it.
	{title: "实验用房紧张，新引进团队难以落地", severity: "high", owner: "ZCC", leader: vpResources,
		description: "新引进团队平均等待实验用房超过半年。", status: model.ProblemOpen},
	{title: "实验室安全责任体系不健全", severity: "low", owner: "ZCC", leader: vpResources,
		measures: []string{"开展实验室安全专项检查"}, status: model.ProblemResolved,
		closer: vpResources, closeNote: "专项检查已实现全覆盖，整改完成，同意销号。"},
}

// allocationDef is one demo grant: to the measure whose title holds
// measure, or else to unit; amounts in the kind's unit.
type allocationDef struct {
	kind, measure, unit, period string
	granted, spent              string
	note                        string
}

var demoAllocations = []allocationDef{
	{kind: "budget", measure: "推进有组织科研", period: "2024-H2", granted: "800", spent: "520", note: "重大平台培育专项"},
	{kind: "budget", measure: "建设高水平人才队伍", period: "2024-H2", granted: "1200", spent: "1350", note: "人才引进配套经费（超支）"},
	{kind: "posts", measure: "推进人才队伍建设", period: "2024-H2", granted: "30", spent: "12", note: "专职科研岗位"},
	{kind: "budget", measure: "精准切入推进新兴交叉学科建设", period: "2024-H2", granted: "300", spent: "10", note: "交叉学科培育（闲置）"},
	{kind: "space", unit: "JCY", period: "2024-H2", granted: "1500", spent: "80", note: "交叉科学研究院过渡用房（闲置）"},
	{kind: "budget", measure: "落实“教学第一”理念", period: "2024-H2", granted: "200", spent: "150", note: "教学改革项目"},
	{kind: "space", unit: "KJC", period: "2024-H2", granted: "2000", spent: "2300", note: "重点实验室用房（超支）"},
	{kind: "budget", unit: "XGB", period: "2024-H2", granted: "60", spent: "45", note: "新生入学教育"},
	{kind: "posts", unit: "JDXY", period: "2024", granted: "8", spent: "5", note: "机电学院教师岗位"},
	{kind: "budget", measure: "推进校园基本建设项目", period: "2024-H2", granted: "5000", spent: "300", note: "年度基建（闲置）"},
}

// queueProblems queues the demo's problems and allocations: the office
// registers the problems the week after the retreat's measures, moves them
// to their statuses later in the half-year (the leader in charge signs the
// closed one off), and records the grants once the standing committee's
// measures exist.
func queueProblems(st *story, a *app.App, office *model.Account, items *[numRefs]model.AgendaItem) {
	codeOf := func(ctx context.Context, fragment string) (string, error) {
		ms, _, err := a.Measures(ctx, app.System, model.MeasureFilter{Limit: 1000})
		if err != nil {
			return "", fmt.Errorf("demo: problems: %w", err)
		}
		for _, m := range ms {
			if strings.Contains(m.Title, fragment) {
				return m.Code, nil
			}
		}
		return "", fmt.Errorf("demo: no measure titled like %q", fragment)
	}
	for i, d := range demoProblems {
		p := &model.Problem{}
		st.at(model.Ymd(2024, 7, 10), 10, 4*i, "problem "+d.title, func(ctx context.Context) error {
			*p = model.Problem{Title: d.title, Description: d.description, Severity: d.severity, OwnerUnit: d.owner, Leader: d.leader, Measures: []string{}}
			if d.fromRetreat {
				p.Source, p.AgendaItem = model.SourceMeeting, items[retreatPresident].ID
			}
			for _, f := range d.measures {
				code, err := codeOf(ctx, f)
				if err != nil {
					return err
				}
				p.Measures = append(p.Measures, code)
			}
			if err := a.CreateProblem(ctx, *office, p); err != nil {
				return fmt.Errorf("demo: problem %s: %w", d.title, err)
			}
			return nil
		})
		if d.status != model.ProblemOpen {
			day := model.Ymd(2024, 7, 24)
			if d.status == model.ProblemResolved {
				day = model.Ymd(2024, 9, 24)
			}
			st.during(day, 9, 12, d.title, "problem status", func(ctx context.Context) error {
				status := d.status
				if _, err := a.UpdateProblem(ctx, *office, p.Code, app.ProblemPatch{Status: &status}); err != nil {
					return fmt.Errorf("demo: problem %s: %w", p.Code, err)
				}
				return nil
			})
		}
		if d.closer != "" {
			st.during(model.Ymd(2024, 9, 26), 14, 17, d.title, "close out", func(ctx context.Context) error {
				closer, err := a.AccountOf(ctx, app.System, d.closer)
				if err != nil {
					return err
				}
				if _, err := a.CloseProblem(ctx, closer, p.Code, d.closeNote); err != nil {
					return fmt.Errorf("demo: close out %s: %w", p.Code, err)
				}
				return nil
			})
		}
	}
	for i, d := range demoAllocations {
		st.at(model.Ymd(2024, 9, 13), 14, 5*i, "allocation "+d.note, func(ctx context.Context) error {
			al := model.Allocation{Kind: d.kind, Unit: d.unit, Period: d.period, Note: d.note}
			var err error
			if d.measure != "" {
				if al.Measure, err = codeOf(ctx, d.measure); err != nil {
					return err
				}
			}
			if al.Granted, err = model.ParseAmount(d.granted); err != nil {
				return err
			}
			if al.Spent, err = model.ParseAmount(d.spent); err != nil {
				return err
			}
			if err := a.CreateAllocation(ctx, *office, &al); err != nil {
				return fmt.Errorf("demo: allocation %s: %w", d.note, err)
			}
			return nil
		})
	}
}
