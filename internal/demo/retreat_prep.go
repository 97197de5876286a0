package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The 2024 summer retreat's preparation (研讨会筹备), as the seed tells it:
// the school leadership discussed in depth "加快推进高质量发展，奋力开创中国
// 特色世界一流大学建设新局面", summarised the first half-year and analysed the
// key and difficult problems, with Party discipline learning and education
// beside the work. The office enters the retreat when it prepares it, with
// the briefing (the speeches follow once it is held, saveMeetings), sets
// its topics and groups, and asks every leader and unit in a group for
// remarks by 25 June. Most come in on time, two after the day, and three
// never do.

// retreatAnnounced is the day the office enters the retreat and prepares it.
var retreatAnnounced = model.Ymd(2024, 6, 12)

// retreatRemarksDue is the day the remarks are asked for.
var retreatRemarksDue = model.Ymd(2024, 6, 25)

var retreatTopics = []model.RetreatTopic{
	{Title: "加快推进高质量发展，奋力开创中国特色世界一流大学建设新局面",
		Description: "深入研讨主题。围绕教育科技人才“三位一体”，研讨学科引领、人才培养、科研创新和队伍建设如何精准发力，推动学校事业高质量发展。"},
	{Title: "系统总结上半年工作，研判制约发展的重点难点问题",
		Description: "总结上半年工作成效，分析当前形势任务和制约发展的重点难点问题，提出下半年工作举措。"},
	{Title: "以党纪学习教育为契机，全面加强党的建设",
		Description: "推动党员干部学纪、知纪、明纪、守纪，以高质量党建引领学校事业高质量发展。"},
}

// retreatGroups: each group's leaders (the convener first), units (the
// reporter first) and topics by their place in retreatTopics.
var retreatGroups = []struct {
	name    string
	leaders []string
	units   []string
	topics  []int
}{
	{"第一组（人才培养）", []string{vpTeaching, deputySec}, []string{"JWC", "YJSY", "XGB", "JDXY"}, []int{0, 1}},
	{"第二组（科学研究与学科建设）", []string{vpResearch, president}, []string{"KJC", "SKC", "FGC", "LXY", "XXXY", "JCY"}, []int{0, 1}},
	{"第三组（队伍建设与资源保障）", []string{vpResources}, []string{"RSC", "CWC", "ZCC", "GJC", "RWXY"}, []int{0, 1}},
	{"第四组（党的建设与治理）", []string{secretary}, []string{"ZZB", "XCB", "JW", "DB"}, []int{0, 2}},
}

// remarksFocus is what each participant's remarks dwell on.
var remarksFocus = map[string]string{
	vpTeaching: "人才培养体系建设", deputySec: "思想政治工作和学生发展", vpResearch: "有组织科研和学科布局",
	vpResources: "资源统筹配置和办学条件保障", secretary: "全面从严治党和党纪学习教育",
	"JWC": "本科教育教学改革和专业评估", "YJSY": "研究生培养质量和学位点建设", "XGB": "学生思想引领和就业工作",
	"JDXY": "国防特色学科建设", "KJC": "重大科研项目组织和成果转化", "SKC": "文科繁荣和智库建设",
	"FGC": "“十四五”规划中期评估", "LXY": "基础学科拔尖人才培养", "RSC": "高层次人才引育和评价改革",
	"CWC": "预算绩效管理", "ZCC": "实验室安全和公用房调配", "GJC": "国际合作与交流", "RWXY": "新文科建设",
	"ZZB": "干部队伍建设和基层党组织建设", "XCB": "意识形态工作和校园文化建设", "JW": "党纪学习教育和监督执纪",
	"DB": "督查督办和服务保障",
}

// remarksMissing never send their remarks; remarksLate send them after the
// day (the day they do).
var (
	remarksMissing = map[string]bool{president: true, "XXXY": true, "JCY": true}
	remarksLate    = map[string]model.Date{"FGC": model.Ymd(2024, 6, 27), "JDXY": model.Ymd(2024, 6, 26)}
)

// remarksText is a participant's remarks on the retreat's theme.
func remarksText(name, focus string) string {
	return strings.Join([]string{
		fmt.Sprintf("围绕“加快推进高质量发展，奋力开创中国特色世界一流大学建设新局面”的研讨主题，结合%s，谈几点认识和建议。", focus),
		fmt.Sprintf("一、上半年工作进展。%s对照年度工作要点，扎实推进%s各项任务，重点工作总体按计划推进，部分指标提前完成。", name, focus),
		fmt.Sprintf("二、存在的主要问题。%s方面仍存在体制机制堵点，资源统筹效率有待提升，部分任务进度滞后于预期。", focus),
		"三、下半年工作举措。坚持问题导向，细化任务清单和时间节点，加强与相关单位协同，确保各项举措落地见效。",
	}, "\n")
}

// queueRetreatPrep enters the retreat on retreatAnnounced with its
// briefing (retreat gets its ID and the briefing's), then prepares it.
func queueRetreatPrep(st *story, a *app.App, office *model.Account, retreat *model.Meeting) {
	st.at(retreatAnnounced, 10, 0, "retreat announced", func(ctx context.Context) error {
		m := *retreat
		m.Items = []model.AgendaItem{retreat.Items[0]}
		if err := a.SaveMeeting(ctx, *office, &m); err != nil {
			return fmt.Errorf("demo: retreat: %w", err)
		}
		retreat.ID, retreat.Items[0].ID = m.ID, m.Items[0].ID
		return nil
	})
	st.at(retreatAnnounced, 10, 30, "retreat topics and groups", func(ctx context.Context) error {
		ids := make([]int64, len(retreatTopics))
		for i, t := range retreatTopics {
			if err := a.SaveRetreatTopic(ctx, *office, retreat.ID, &t); err != nil {
				return fmt.Errorf("demo: retreat topic %d: %w", i+1, err)
			}
			ids[i] = t.ID
		}
		for _, g := range retreatGroups {
			rg := model.RetreatGroup{Name: g.name, Leaders: g.leaders, Units: g.units, Convener: g.leaders[0], Reporter: g.units[0]}
			for _, i := range g.topics {
				rg.Topics = append(rg.Topics, ids[i])
			}
			if err := a.SaveRetreatGroup(ctx, *office, retreat.ID, &rg); err != nil {
				return fmt.Errorf("demo: retreat group %s: %w", g.name, err)
			}
		}
		return nil
	})
	st.at(model.Ymd(2024, 6, 14), 9, 30, "retreat remarks requested", func(ctx context.Context) error {
		if _, err := a.RequestRemarks(ctx, *office, retreat.ID, nil, retreatRemarksDue); err != nil {
			return fmt.Errorf("demo: request remarks: %w", err)
		}
		return nil
	})
	// Each participant sends theirs on a day of its own between 17 and 25
	// June (the late ones after), in the afternoon.
	n := 0
	for _, g := range retreatGroups {
		for _, ref := range append(append([]string{}, g.leaders...), g.units...) {
			if remarksMissing[ref] {
				continue
			}
			day := model.Ymd(2024, 6, 17).AddDays(n % 7)
			if d, ok := remarksLate[ref]; ok {
				day = d
			}
			if wd := day.Time().Weekday(); wd == 0 || wd == 6 {
				day = day.AddDays(2)
			}
			n++
			ref := ref
			st.at(day, 14+n%3, 10*(n%5), "retreat remarks "+ref, func(ctx context.Context) error {
				return submitDemoRemarks(ctx, a, retreat.ID, ref)
			})
		}
	}
}

// submitDemoRemarks sends ref's remarks as its own account: the leader,
// or the unit's liaison.
func submitDemoRemarks(ctx context.Context, a *app.App, meeting int64, ref string) error {
	username, kind := ref, model.ParticipantLeader
	if ref == strings.ToUpper(ref) {
		username, kind = liaison(ref), model.ParticipantUnit
	}
	acct, err := a.AccountOf(ctx, app.System, username)
	if err != nil {
		return fmt.Errorf("demo: remarks of %s: %w", ref, err)
	}
	rs, err := a.RetreatRemarks(ctx, acct, meeting)
	if err != nil {
		return fmt.Errorf("demo: remarks of %s: %w", ref, err)
	}
	for _, r := range rs {
		if r.Participant.Kind == kind && r.Participant.Ref == ref {
			name := r.Name
			_, err := a.SubmitRemarks(ctx, acct, meeting, r.ID, app.RemarksSubmission{
				Title: "关于" + remarksFocus[ref] + "的研讨发言", Text: remarksText(name, remarksFocus[ref])})
			if err != nil {
				return fmt.Errorf("demo: remarks of %s: %w", ref, err)
			}
			return nil
		}
	}
	return fmt.Errorf("demo: no request for remarks of %s", ref)
}
