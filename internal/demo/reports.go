package demo

import (
	"context"
	"fmt"
	"strings"

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

// reportText is a unit's demo report for a period: its own facts
// (reportFacts) in one of several ways of putting them, chosen by the
// unit's place and the period, as different offices write differently.
func reportText(u model.Unit, k int, period string) app.ReportText {
	p, _ := model.PeriodFromCode(period)
	f := reportFacts[u.Code]
	done, basis, asOf, ahead := f.h1, "第5次校长办公会", "6月30日", "下半年"
	if p.Code != "2024-H1" {
		done, basis, asOf, ahead = f.h2, "暑期工作研讨会", "10月10日", "下一步"
	}
	v := k // the way of putting it: the unit's own, shifted for the other half-year
	if p.Code != "2024-H1" {
		v = k + 2
	}
	var opener string
	switch v % 5 {
	case 0:
		opener = fmt.Sprintf("%s，%s围绕%s，重点抓了以下几项工作。", p.Name, u.Name, f.focus)
	case 1:
		opener = fmt.Sprintf("%s以来，%s坚持以%s为主线，各项工作总体按计划推进。", p.Name, u.Name, f.focus)
	case 2:
		opener = fmt.Sprintf("对照学校年度工作要点和%s部署，我们聚焦%s，取得了阶段性成效。", basis, f.focus)
	case 3:
		opener = fmt.Sprintf("本期工作的重点是%s。截至%s，主要进展如下。", f.focus, asOf)
	default:
		opener = ""
	}
	var situation string
	switch v % 3 {
	case 0:
		situation = f.situation + "这对我们工作的前瞻性、系统性提出了更高要求。"
	case 1:
		situation = "从外部看，" + f.situation
	default:
		situation = f.situation
	}
	var problemsIntro, nextIntro string
	switch v % 4 {
	case 0:
		problemsIntro, nextIntro = "对照目标任务，工作中还存在一些不足。", ahead+"，将重点做好以下工作。"
	case 1:
		problemsIntro, nextIntro = "", fmt.Sprintf("%s，%s将着力抓好三件事。", ahead, u.Name)
	case 2:
		problemsIntro, nextIntro = "主要问题有两个方面。", ""
	}
	return app.ReportText{
		Achievements: lines(opener, enumerate(done[:], v)),
		Situation:    situation,
		Problems:     lines(problemsIntro, enumerate(f.problems[:], v+1)),
		NextMeasures: lines(nextIntro, enumerate(f.next[:], v+2)),
	}
}

// enumerate numbers points the way style chooses: 一是…二是…, （一）（二）,
// or 1. 2.
func enumerate(points []string, style int) string {
	var b strings.Builder
	for i, pt := range points {
		if i > 0 {
			b.WriteString("\n")
		}
		end := "。"
		switch style % 3 {
		case 0:
			b.WriteString(chineseOrdinals[i] + "是")
		case 1:
			b.WriteString("（" + chineseOrdinals[i] + "）")
		default:
			fmt.Fprintf(&b, "%d. ", i+1)
			if i < len(points)-1 {
				end = "；"
			}
		}
		b.WriteString(pt + end)
	}
	return b.String()
}

var chineseOrdinals = []string{"一", "二", "三", "四", "五"}

// lines joins the non-empty parts, one a line.
func lines(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// queueReports queues the units' half-year reports: each unit's liaison
// writes 2024-H1's in the second week of July and submits it the same
// afternoon, the office accepts it three workdays later (but for the units
// that never sent one); 2024-H2's, as reportPlan says, are written after
// the National Day holiday, once the units' indicator values are in.
func queueReports(st *story, a *app.App, office *model.Account) {
	k := 0
	for _, u := range demoUnits {
		if u.Kind == model.UnitLeadership {
			continue
		}
		if !reportsH1Missing[u.Code] {
			wrote := workdayAfter(model.Ymd(2024, 7, 8), 1+k%4)
			reportTo(st, a, office, u, k, "2024-H1", model.ReportAccepted, wrote, wrote, workdayAfter(wrote, 3), 0)
		}
		if state, ok := reportPlan[u.Code]; ok {
			wrote := model.Ymd(2024, 10, 10) + model.Date(k%2)
			if state == model.ReportDraft {
				wrote = model.Ymd(2024, 10, 14)
			}
			reportTo(st, a, office, u, k, "2024-H2", state, wrote, model.Ymd(2024, 10, 11), model.Ymd(2024, 10, 14), model.Ymd(2024, 10, 14))
		}
		k++
	}
}

// reportTo queues a unit's report through the workflow to state: written
// on wrote, submitted on submitted, reviewed on reviewed and, if returned
// and sent again, resubmitted that afternoon.
func reportTo(st *story, a *app.App, office *model.Account, u model.Unit, k int, period, state string, wrote, submitted, reviewed, again model.Date) {
	key := u.Code + period
	wrap := func(err error) error { return fmt.Errorf("demo: %s report of %s: %w", period, u.Code, err) }
	unit := func(ctx context.Context) (model.Account, error) { return actorOf(ctx, a, liaison(u.Code)) }
	st.during(wrote, 9, 12, key+"write", "report", func(ctx context.Context) error {
		acct, err := unit(ctx)
		if err != nil {
			return wrap(err)
		}
		if _, err := a.SaveReport(ctx, acct, u.Code, period, reportText(u, k, period)); err != nil {
			return wrap(err)
		}
		return nil
	})
	if state == model.ReportDraft {
		return
	}
	submit := func(ctx context.Context) error {
		acct, err := unit(ctx)
		if err != nil {
			return wrap(err)
		}
		if _, err := a.SubmitReport(ctx, acct, u.Code, period); err != nil {
			return wrap(err)
		}
		return nil
	}
	st.during(submitted, 14, 17, key+"submit", "submit report", submit)
	switch state {
	case model.ReportReturned, model.ReportResubmitted:
		st.during(reviewed, 9, 11, key+"return", "return report", func(ctx context.Context) error {
			if _, err := a.ReturnReport(ctx, *office, u.Code, period, returnComment); err != nil {
				return wrap(err)
			}
			return nil
		})
		if state == model.ReportResubmitted {
			st.during(again, 15, 17, key+"again", "resubmit report", submit)
		}
	case model.ReportAccepted:
		st.during(reviewed, 9, 12, key+"accept", "accept report", func(ctx context.Context) error {
			if _, err := a.AcceptReport(ctx, *office, u.Code, period); err != nil {
				return wrap(err)
			}
			return nil
		})
	}
}
