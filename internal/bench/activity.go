package bench

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Activity is the everyday work AddActivity does on a generated
// institution, through app as its users would: Generate's bulk rows hold
// no review but the pending one, no notice, half-year report, problem,
// draft, comment, portfolio or indicator, so the to-do lines that count
// those (reports returned, notices unread, reports waiting, problems
// waiting for close-out, the unit's own report, drafts to decide,
// mentions, indicator values to enter) would all be empty. Generate never
// does this itself: the benchmark databases stay as they are.
type Activity struct {
	// Returned progress reports: the office returns this many of the
	// reports waiting for review, spread over the queue, with a comment.
	Returned int
	// UnitReports is how many units write their report for the current
	// half-year; in turn it stays a draft, is sent, is sent and returned,
	// and is sent, returned and sent again.
	UnitReports int
	// Problems is how many problems the office raises, each for a unit;
	// every other one is then resolved and waits for the close-out.
	Problems int
	// Notices runs the daily job once (the day's notices, unread), after
	// which each unit account opens up to ReadNotices of its own.
	Notices     bool
	ReadNotices int
	// Portfolios gives each leader units to be in charge of, in turn,
	// from the start of the current half-year (their measures stay theirs).
	Portfolios bool
	// Drafts is how many meetings, the latest, have their speeches drafted
	// into measures by the decomposer, left for the office to decide.
	Drafts int
	// Mentions is how many measures get an office comment naming the
	// measure's leader and its lead unit's liaison (@username).
	Mentions int
	// Indicators is how many indicators the office creates, each owned by
	// a unit in turn, with a target for the half-year just ended; the
	// owner enters the actual figure of every third.
	Indicators int
}

// Busy is a day's work on a small institution: some of everything.
var Busy = Activity{Returned: 40, UnitReports: 8, Problems: 6, Notices: true, ReadNotices: 2,
	Portfolios: true, Drafts: 2, Mentions: 12, Indicators: 10}

// unitReportText is what generated units write in their half-year report.
var unitReportText = app.ReportText{
	Achievements: "对照年度工作要点，逐项落实牵头督办事项，建立周调度、月通报工作机制。",
	Situation:    "学科评估和“双一流”建设竞争日趋激烈，对本单位工作提出了更高要求。",
	Problems:     "个别督办事项推进滞后，跨部门协同机制还不够顺畅。",
	NextMeasures: "倒排工期、挂图作战，确保年底前完成牵头事项。",
}

// AddActivity does act's work on the institution Generate wrote under a,
// whose clock should be pinned to Today, as the benchmarks pin it, so the
// changes are stamped on the institution's day.
func AddActivity(ctx context.Context, a *app.App, act Activity) error {
	office, err := a.AccountOf(ctx, app.System, OfficeAccount)
	if err != nil {
		return fmt.Errorf("bench: activity: %w", err)
	}
	accts, err := a.Accounts(ctx, app.System)
	if err != nil {
		return fmt.Errorf("bench: activity: %w", err)
	}
	// Each unit's liaison: its first unit account.
	var units []string
	liaison := map[string]model.Account{}
	for _, ac := range accts {
		if ac.Role == model.RoleUnit && ac.Unit != "" && !ac.Disabled {
			if _, ok := liaison[ac.Unit]; !ok {
				units = append(units, ac.Unit)
				liaison[ac.Unit] = ac
			}
		}
	}
	slices.Sort(units)
	var leaders []string
	for _, ac := range accts {
		if ac.Role == model.RoleLeader && !ac.Disabled {
			leaders = append(leaders, ac.Username)
		}
	}
	slices.Sort(leaders)
	if act.Portfolios && len(leaders) > 0 {
		of := map[string][]string{}
		for i, u := range units {
			of[leaders[i%len(leaders)]] = append(of[leaders[i%len(leaders)]], u)
		}
		for _, l := range leaders {
			pc := app.PortfolioChange{Portfolio: model.Portfolio{Leader: l, From: model.HalfYearOf(Today).Start, Units: of[l]}}
			if _, err := a.SetPortfolio(ctx, office, pc); err != nil {
				return fmt.Errorf("bench: activity: portfolio of %s: %w", l, err)
			}
		}
	}
	if err := returnReports(ctx, a, office, act.Returned); err != nil {
		return err
	}
	if err := writeUnitReports(ctx, a, office, units, liaison, act.UnitReports); err != nil {
		return err
	}
	for i := range act.Problems {
		p := model.Problem{Title: fmt.Sprintf("%s推进中的难点%d", objects[i%len(objects)], i+1), OwnerUnit: units[i%len(units)],
			Severity: model.Severities[i%len(model.Severities)]}
		if err := a.CreateProblem(ctx, office, &p); err != nil {
			return fmt.Errorf("bench: activity: problem: %w", err)
		}
		if i%2 == 0 {
			resolved := model.ProblemResolved
			if _, err := a.UpdateProblem(ctx, office, p.Code, app.ProblemPatch{Status: &resolved}); err != nil {
				return fmt.Errorf("bench: activity: resolve %s: %w", p.Code, err)
			}
		}
	}
	if err := draftSpeeches(ctx, a, office, act.Drafts); err != nil {
		return err
	}
	if err := mention(ctx, a, office, liaison, act.Mentions); err != nil {
		return err
	}
	if err := openIndicators(ctx, a, office, units, liaison, act.Indicators); err != nil {
		return err
	}
	if !act.Notices {
		return nil
	}
	if _, err := a.RunDay(ctx, "bench"); err != nil {
		return fmt.Errorf("bench: activity: daily job: %w", err)
	}
	for _, u := range units {
		if act.ReadNotices == 0 {
			break
		}
		ns, err := a.Notices(ctx, liaison[u], model.NoticeFilter{Recipient: liaison[u].Username, Limit: act.ReadNotices})
		if err != nil {
			return fmt.Errorf("bench: activity: notices of %s: %w", u, err)
		}
		for _, n := range ns {
			if _, err := a.ReadNotice(ctx, liaison[u], n.ID); err != nil {
				return fmt.Errorf("bench: activity: read notice %d: %w", n.ID, err)
			}
		}
	}
	return nil
}

// returnReports returns n of the reports waiting for review, every k-th of
// the queue so that many units get one back.
func returnReports(ctx context.Context, a *app.App, office model.Account, n int) error {
	if n <= 0 {
		return nil
	}
	var queue []int64
	f := model.ReviewFilter{Review: model.ReviewPending, Limit: model.MaxReviewLimit}
	for {
		rs, next, err := a.ReviewQueue(ctx, office, f)
		if err != nil {
			return fmt.Errorf("bench: activity: review queue: %w", err)
		}
		for _, r := range rs {
			queue = append(queue, r.ID)
		}
		if next == "" {
			break
		}
		if f.After, err = strconv.ParseInt(next, 10, 64); err != nil {
			return fmt.Errorf("bench: activity: review cursor %q: %w", next, err)
		}
	}
	step := max(1, len(queue)/n)
	for i := 0; i < len(queue) && i/step < n; i += step {
		if err := a.ReviewProgress(ctx, office, queue[i], model.ReviewReturned, "请补充佐证材料，并说明下一步时间节点。"); err != nil {
			return fmt.Errorf("bench: activity: return report %d: %w", queue[i], err)
		}
	}
	return nil
}

// writeUnitReports takes n units' reports for the current half-year to a
// draft, sent, returned, and sent again, in turn.
func writeUnitReports(ctx context.Context, a *app.App, office model.Account, units []string, liaison map[string]model.Account, n int) error {
	period := model.HalfYearOf(Today).Code
	for i, u := range units[:min(n, len(units))] {
		who := liaison[u]
		wrap := func(err error) error { return fmt.Errorf("bench: activity: report of %s: %w", u, err) }
		if _, err := a.SaveReport(ctx, who, u, period, unitReportText); err != nil {
			return wrap(err)
		}
		if i%4 == 0 {
			continue // a draft
		}
		if _, err := a.SubmitReport(ctx, who, u, period); err != nil {
			return wrap(err)
		}
		if i%4 == 1 {
			continue // sent, waiting for the office
		}
		if _, err := a.ReturnReport(ctx, office, u, period, "请结合逾期事项逐项分析原因。"); err != nil {
			return wrap(err)
		}
		if i%4 == 3 {
			if _, err := a.SubmitReport(ctx, who, u, period); err != nil {
				return wrap(err)
			}
		}
	}
	return nil
}

// draftSpeeches has the decomposer draft measures from the speeches of the
// n latest meetings.
func draftSpeeches(ctx context.Context, a *app.App, office model.Account, n int) error {
	if n <= 0 {
		return nil
	}
	ms, err := a.Meetings(ctx, app.System, model.LeadershipKinds()...)
	if err != nil {
		return fmt.Errorf("bench: activity: meetings: %w", err)
	}
	for _, m := range ms[:min(n, len(ms))] {
		full, err := a.Meeting(ctx, app.System, m.ID)
		if err != nil {
			return fmt.Errorf("bench: activity: meeting %d: %w", m.ID, err)
		}
		for _, it := range full.Items {
			if it.Kind != "speech" {
				continue
			}
			if _, err := a.DecomposeItem(ctx, office, it.ID); err != nil {
				return fmt.Errorf("bench: activity: drafts of item %d: %w", it.ID, err)
			}
		}
	}
	return nil
}

// mention comments, as the office, on n open measures spread over the
// list, naming each one's leader and its lead unit's liaison.
func mention(ctx context.Context, a *app.App, office model.Account, liaison map[string]model.Account, n int) error {
	if n <= 0 {
		return nil
	}
	ms, err := allMeasures(ctx, a, model.MeasureFilter{})
	if err != nil {
		return fmt.Errorf("bench: activity: measures: %w", err)
	}
	step := max(1, len(ms)/n)
	for i := 0; i < len(ms) && i/step < n; i += step {
		m := ms[i]
		text := "请抓紧推进，按期报送进展。"
		if m.Leader != "" {
			text += " @" + m.Leader
		}
		if l, ok := liaison[m.LeadUnit]; ok {
			text += " @" + l.Username
		}
		if _, err := a.AddComment(ctx, office, m.Code, text); err != nil {
			return fmt.Errorf("bench: activity: comment on %s: %w", m.Code, err)
		}
	}
	return nil
}

// openIndicators creates n indicators, owned by the units in turn, and
// opens their value for the half-year just ended with a target; the owner
// enters the actual figure of every third.
func openIndicators(ctx context.Context, a *app.App, office model.Account, units []string, liaison map[string]model.Account, n int) error {
	period := model.HalfYearOf(model.HalfYearOf(Today).Start.AddDays(-1)).Code
	for i := range n {
		u := units[i%len(units)]
		ind := model.Indicator{Code: fmt.Sprintf("ZB-%03d", i+1), Name: objects[i%len(objects)] + "指标", Kind: model.IndicatorKinds[i%len(model.IndicatorKinds)],
			MeasureUnit: "项", OwnerUnit: u}
		if err := a.CreateIndicator(ctx, office, &ind); err != nil {
			return fmt.Errorf("bench: activity: indicator %s: %w", ind.Code, err)
		}
		target := float64(10 + i)
		if _, err := a.SetIndicatorValue(ctx, office, ind.Code, period, app.ValuePatch{Target: app.Figure{Set: true, Value: &target}}); err != nil {
			return fmt.Errorf("bench: activity: target of %s: %w", ind.Code, err)
		}
		if i%3 == 2 {
			actual := target - 1
			if _, err := a.SetIndicatorValue(ctx, liaison[u], ind.Code, period, app.ValuePatch{Actual: app.Figure{Set: true, Value: &actual}}); err != nil {
				return fmt.Errorf("bench: activity: actual of %s: %w", ind.Code, err)
			}
		}
	}
	return nil
}
