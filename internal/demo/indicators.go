package demo

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// demoFigures are an indicator's figures for one period; a nil actual is
// not reported yet.
type demoFigures struct {
	baseline, target, actual *float64
	benchmark, note          string
}

// demoIndicator is an indicator with its figures for 2024-H1 and 2024-H2.
type demoIndicator struct {
	ind    model.Indicator
	h1, h2 demoFigures
}

func n(f float64) *float64 { return &f }

// demoIndicators are chosen so that the two half-years show every
// judgement: held and fell, met, on course and behind, not reported and
// not set.
var demoIndicators = []demoIndicator{
	{model.Indicator{Code: "ZB-01", Name: "本科生就业率", Kind: model.IndicatorBasic, MeasureUnit: "%", OwnerUnit: "JWC", Theme: "talent_training"},
		demoFigures{n(95), n(95), n(96.1), "", "截至6月30日初次去向落实率"}, demoFigures{n(96.1), n(96), n(95.2), "", "受行业招聘收缩影响"}},
	{model.Indicator{Code: "ZB-02", Name: "师生比（生/师）", Kind: model.IndicatorBasic, MeasureUnit: "生/师", Direction: model.LowerIsBetter, OwnerUnit: "RSC", Theme: "talent_team"},
		demoFigures{n(18.5), nil, n(18.2), "", ""}, demoFigures{n(18.2), nil, n(18.0), "", ""}},
	{model.Indicator{Code: "ZB-03", Name: "国家级一流本科课程", Kind: model.IndicatorCompetitive, MeasureUnit: "门", OwnerUnit: "JWC", Theme: "talent_training"},
		demoFigures{n(42), n(50), n(46), "", "第三批认定结果未公布"}, demoFigures{n(46), n(55), n(55), "", ""}},
	{model.Indicator{Code: "ZB-04", Name: "学科评估A类学科数", Kind: model.IndicatorCompetitive, MeasureUnit: "个", OwnerUnit: "FGC", Theme: "discipline",
		Description: "第五轮学科评估A-及以上学科数"},
		demoFigures{n(6), n(8), n(7), "A-", ""}, demoFigures{n(7), n(8), n(8), "A+ 1个、A 3个、A- 4个", "对标分析完成"}},
	{model.Indicator{Code: "ZB-05", Name: "科研经费（到账）", Kind: model.IndicatorCompetitive, MeasureUnit: "万元", OwnerUnit: "KJC", Theme: "research"},
		demoFigures{n(52000), n(60000), n(58800), "", "纵向42600万元、横向16200万元"}, demoFigures{n(58800), n(65000), nil, "", ""}},
	{model.Indicator{Code: "ZB-06", Name: "国家级科研项目立项数", Kind: model.IndicatorCompetitive, MeasureUnit: "项", OwnerUnit: "KJC", Theme: "research"},
		demoFigures{n(120), n(140), n(143), "", ""}, demoFigures{n(143), n(160), n(150), "", "国家自然科学基金结果已公布"}},
	{model.Indicator{Code: "ZB-07", Name: "高被引论文数", Kind: model.IndicatorCompetitive, MeasureUnit: "篇", OwnerUnit: "JCY", Theme: "research"},
		demoFigures{n(35), n(40), n(39), "全国第28名", ""}, demoFigures{n(39), n(45), nil, "", ""}},
	{model.Indicator{Code: "ZB-08", Name: "研究生毕业去向落实率", Kind: model.IndicatorBasic, MeasureUnit: "%", OwnerUnit: "YJSY", Theme: "talent_training"},
		demoFigures{n(94), nil, n(93.5), "", ""}, demoFigures{n(93.5), nil, nil, "", ""}},
	{model.Indicator{Code: "ZB-09", Name: "实验室安全责任事故", Kind: model.IndicatorBasic, MeasureUnit: "起", Direction: model.LowerIsBetter, OwnerUnit: "ZCC", Theme: "resources"},
		demoFigures{n(0), n(0), n(0), "", "全覆盖检查127个实验室"}, demoFigures{n(0), n(0), n(0), "", ""}},
	{model.Indicator{Code: "ZB-10", Name: "国际合作伙伴院校数", Kind: model.IndicatorCompetitive, MeasureUnit: "所", OwnerUnit: "GJC", Theme: "governance"},
		demoFigures{n(85), n(90), n(92), "", ""}, demoFigures{n(92), n(100), nil, "", ""}},
	{model.Indicator{Code: "ZB-11", Name: "ESI前1%学科数", Kind: model.IndicatorCompetitive, MeasureUnit: "个", OwnerUnit: "FGC", Theme: "discipline"},
		demoFigures{n(9), n(10), n(9), "全国第35名", ""}, demoFigures{n(9), n(11), n(10), "全国第33名", "新增材料科学"}},
	{model.Indicator{Code: "ZB-12", Name: "生均教学经费", Kind: model.IndicatorBasic, MeasureUnit: "元", OwnerUnit: "CWC", Theme: "resources"},
		demoFigures{nil, nil, n(5200), "", "基期值待财务决算确定"}, demoFigures{n(5200), nil, n(5350), "", ""}},
	{model.Indicator{Code: "ZB-13", Name: "高层次人才引进", Kind: model.IndicatorCompetitive, MeasureUnit: "人", OwnerUnit: "RSC", Theme: "talent_team"},
		demoFigures{n(0), n(20), n(12), "", ""}, demoFigures{n(12), n(30), n(27), "", "含青年人才15人"}},
}

func figure(f *float64) app.Figure {
	if f == nil {
		return app.Figure{}
	}
	return app.Figure{Set: true, Value: f}
}

// queueIndicators queues the demo indicators and their figures: the office
// creates them with 2024-H1's baselines and targets in March and sets
// 2024-H2's in July; each owner unit's liaison (the office where a unit
// has none) enters 2024-H1's actuals in the first days of July and
// 2024-H2's after the National Day holiday; 2024-H1 is locked on 5 July
// and one of its values corrected the Monday after. Units' reports, which
// freeze their figures, come after each.
func queueIndicators(st *story, a *app.App, office *model.Account) {
	set := func(who func(ctx context.Context) (model.Account, error), code, period string, p app.ValuePatch) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			acct, err := who(ctx)
			if err != nil {
				return err
			}
			if _, err := a.SetIndicatorValue(ctx, acct, code, period, p); err != nil {
				return fmt.Errorf("demo: indicator %s %s: %w", code, period, err)
			}
			return nil
		}
	}
	theOffice := func(context.Context) (model.Account, error) { return *office, nil }
	for i, d := range demoIndicators {
		ind := d.ind
		enterer := func(ctx context.Context) (model.Account, error) {
			if acct, err := a.AccountOf(ctx, app.System, liaison(ind.OwnerUnit)); err == nil && acct.Role == model.RoleUnit {
				return acct, nil
			}
			return *office, nil
		}
		st.at(model.Ymd(2024, 3, 4), 10, 3*i, "indicator "+ind.Code, func(ctx context.Context) error {
			if err := a.CreateIndicator(ctx, *office, &ind); err != nil {
				return fmt.Errorf("demo: indicator %s: %w", ind.Code, err)
			}
			return set(theOffice, ind.Code, "2024-H1", app.ValuePatch{Baseline: figure(d.h1.baseline), Target: figure(d.h1.target)})(ctx)
		})
		st.at(model.Ymd(2024, 7, 8), 10, 3*i, "indicator targets", set(theOffice, ind.Code, "2024-H2",
			app.ValuePatch{Baseline: figure(d.h2.baseline), Target: figure(d.h2.target)}))
		for _, pf := range []struct {
			period string
			from   model.Date
			f      demoFigures
		}{{"2024-H1", model.Ymd(2024, 7, 1), d.h1}, {"2024-H2", model.Ymd(2024, 10, 8), d.h2}} {
			if pf.f.actual == nil {
				continue
			}
			note, bench := pf.f.note, pf.f.benchmark
			st.during(workdayAfter(pf.from, i%3), 14, 17, ind.Code+pf.period, "indicator actual", set(enterer, ind.Code, pf.period,
				app.ValuePatch{Actual: figure(pf.f.actual), Note: &note, Benchmark: &bench}))
		}
	}
	st.at(model.Ymd(2024, 7, 5), 16, 0, "lock 2024-H1", func(ctx context.Context) error {
		if _, err := a.LockPeriod(ctx, *office, "2024-H1"); err != nil {
			return fmt.Errorf("demo: lock 2024-H1: %w", err)
		}
		return nil
	})
	st.at(model.Ymd(2024, 7, 8), 10, 50, "correction", set(theOffice, "ZB-06", "2024-H1", app.ValuePatch{Actual: figure(n(145)),
		Reason: "科技处复核：2项国家重点研发计划课题漏统"}))
}
