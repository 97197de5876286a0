package demo

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// reportPlan is where each unit's 2024-H2 report stands in the demo: a mix
// the office's overview shows at a glance. Units not listed have not
// started theirs (科学技术处 among them, for the browser test to write).
var reportPlan = map[string]string{
	"JWC": model.ReportSubmitted, "YJSY": model.ReportSubmitted, "RSC": model.ReportSubmitted,
	"CWC": model.ReportSubmitted, "FGC": model.ReportSubmitted, "ZZB": model.ReportSubmitted,
	"XCB": model.ReportAccepted, "DB": model.ReportResubmitted,
	"SKC":  model.ReportReturned,
	"JDXY": model.ReportDraft, "LXY": model.ReportDraft, "GJC": model.ReportDraft,
}

// reportsH1Missing are the units whose 2024-H1 report the office never got;
// every other unit's is accepted.
var reportsH1Missing = map[string]bool{"JCY": true, "XXXY": true}

// returnComment is the office's comment on the returned demo report.
const returnComment = "“存在问题”部分过于笼统，请结合本单位牵头的逾期事项逐项分析原因，并补充下半年整改的时间节点。"

// reportText is a unit's demo report for a period.
func reportText(u model.Unit, period string) app.ReportText {
	p, _ := model.PeriodFromCode(period)
	return app.ReportText{
		Achievements: fmt.Sprintf("%s，%s紧紧围绕学校年度工作要点，扎实推进各项重点任务。\n"+
			"一是对照暑期工作研讨会部署，逐项落实牵头督办事项，建立周调度、月通报工作机制。\n"+
			"二是完善内部管理制度，修订工作规程3项，服务师生满意度稳步提升。\n"+
			"三是加强队伍建设，开展专题培训4次，干部职工履职能力进一步增强。", p.Name, u.Name),
		Situation: "当前高等教育改革发展进入新阶段，学科评估和“双一流”建设竞争日趋激烈，" +
			"对本单位工作的系统性、前瞻性提出了更高要求。\n同时，兄弟高校在相关领域加快布局，形成了较大的比学赶超压力。",
		Problems: "一是个别督办事项推进滞后，存在时间节点把握不严的问题。\n" +
			"二是跨部门协同机制还不够顺畅，配合单位参与度有待提高。\n三是信息化支撑不足，数据统计仍依赖手工汇总。",
		NextMeasures: "一是聚焦学校重点任务，倒排工期、挂图作战，确保年底前完成牵头事项。\n" +
			"二是健全协同推进机制，主动对接配合单位，定期会商解决难点问题。\n" +
			"三是加强过程督导，按月报送进展，及时发现和化解风险。",
	}
}

// loadReports writes the units' half-year reports: 2024-H1 accepted for
// most units, 2024-H2 as reportPlan says. Units write and submit through
// their liaison accounts, the office reviews as its clerk.
func loadReports(ctx context.Context, a *app.App, office model.Account) error {
	for _, u := range demoUnits {
		if u.Kind == model.UnitLeadership {
			continue
		}
		unitAcct, err := a.AccountOf(ctx, app.System, liaison(u.Code))
		if err != nil {
			return fmt.Errorf("demo: report of %s: %w", u.Code, err)
		}
		if !reportsH1Missing[u.Code] {
			if err := reportTo(ctx, a, unitAcct, office, u, "2024-H1", model.ReportAccepted); err != nil {
				return err
			}
		}
		if state, ok := reportPlan[u.Code]; ok {
			if err := reportTo(ctx, a, unitAcct, office, u, "2024-H2", state); err != nil {
				return err
			}
		}
	}
	return nil
}

// reportTo takes a unit's report through the workflow to state.
func reportTo(ctx context.Context, a *app.App, unitAcct, office model.Account, u model.Unit, period, state string) error {
	wrap := func(err error) error { return fmt.Errorf("demo: %s report of %s: %w", period, u.Code, err) }
	if _, err := a.SaveReport(ctx, unitAcct, u.Code, period, reportText(u, period)); err != nil {
		return wrap(err)
	}
	if state == model.ReportDraft {
		return nil
	}
	if _, err := a.SubmitReport(ctx, unitAcct, u.Code, period); err != nil {
		return wrap(err)
	}
	switch state {
	case model.ReportReturned, model.ReportResubmitted:
		if _, err := a.ReturnReport(ctx, office, u.Code, period, returnComment); err != nil {
			return wrap(err)
		}
		if state == model.ReportResubmitted {
			if _, err := a.SubmitReport(ctx, unitAcct, u.Code, period); err != nil {
				return wrap(err)
			}
		}
	case model.ReportAccepted:
		if _, err := a.AcceptReport(ctx, office, u.Code, period); err != nil {
			return wrap(err)
		}
	}
	return nil
}
