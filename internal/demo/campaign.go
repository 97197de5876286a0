package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The study campaign the retreat "informed the school to carry out": 党纪
// 学习教育, April to July 2024. The office opens it in the first week of
// April; each unit's liaison records its sessions on their days (a group
// study every month, a Party lecture by the end of June, a warning
// education by mid-July) and its summary by the end of July. A few units
// fall short, so the matrix shows red.

// DemoCampaign is the demo campaign's title.
const DemoCampaign = "党纪学习教育"

var demoCampaign = model.Campaign{
	Title: DemoCampaign, Start: model.Ymd(2024, 4, 1), End: model.Ymd(2024, 7, 31), SummaryDue: model.Ymd(2024, 7, 31),
	Materials: "《中国共产党纪律处分条例》；《党纪学习教育读本》；违纪违法典型案例警示录",
	Requirements: []model.Requirement{
		{Kind: "group_study", Title: "每月至少一次集中学习", Count: 1, Monthly: true},
		{Kind: "party_lecture", Title: "一次专题党课", Count: 1, Due: model.Ymd(2024, 6, 30)},
		{Kind: "warning_education", Title: "一次警示教育", Count: 1, Due: model.Ymd(2024, 7, 15)},
	},
}

// studyTopics are the group studies' topics, by month (April to July).
var studyTopics = []string{
	"学习《中国共产党纪律处分条例》总则和政治纪律",
	"学习组织纪律、廉洁纪律专章",
	"学习群众纪律、工作纪律专章",
	"学习生活纪律专章，交流学习体会",
}

// campaignGaps are the units that fall short, and where: a month's group
// study (its month, 4 to 7) left out, the lecture or the warning education
// not held, the summary not submitted.
var campaignGaps = map[string]struct {
	month            int
	lecture, warning bool // held
	summary          bool // submitted
}{
	"ZCC":  {month: 7, lecture: true, warning: true, summary: true},
	"GJC":  {month: 5, lecture: true, warning: true, summary: false},
	"JCY":  {lecture: true, warning: false, summary: true},
	"XXXY": {lecture: false, warning: true, summary: false},
}

// queueCampaign queues the campaign: opened by the office, sessions by the
// units' liaisons on their days, summaries at the end of July.
func queueCampaign(st *story, a *app.App, office *model.Account) {
	c := demoCampaign
	c.Requirements = append([]model.Requirement(nil), demoCampaign.Requirements...)
	// The units' people, whose attendance the sessions take: the head and
	// the liaison where they have accounts, and staff.
	st.at(model.Ymd(2024, 4, 2), 9, 50, "people", func(ctx context.Context) error {
		for i, u := range demoUnits {
			if u.Kind == model.UnitLeadership {
				continue
			}
			for _, p := range unitPeople(u.Code, i) {
				if err := a.SavePerson(ctx, app.System, &p); err != nil {
					return fmt.Errorf("demo: person %s: %w", p.Name, err)
				}
			}
		}
		return nil
	})
	st.at(model.Ymd(2024, 4, 2), 10, 0, "campaign", func(ctx context.Context) error {
		if err := a.SaveCampaign(ctx, *office, &c); err != nil {
			return fmt.Errorf("demo: campaign: %w", err)
		}
		return nil
	})
	for _, u := range demoUnits {
		if u.Kind == model.UnitLeadership {
			continue
		}
		gap, short := campaignGaps[u.Code]
		type held struct {
			kind, topic string
			day         model.Date
		}
		var sessions []held
		for i, topic := range studyTopics {
			month := 4 + i
			if short && gap.month == month {
				continue
			}
			day := recordDay(model.Ymd(2024, time.Month(month), 7+minuteOf(u.Code+topic, 14)))
			sessions = append(sessions, held{"group_study", topic, day})
		}
		if !short || gap.lecture {
			sessions = append(sessions, held{"party_lecture", "支部书记讲授专题党课：严守党的纪律规矩", recordDay(model.Ymd(2024, 6, 12+minuteOf(u.Code, 10)))})
		}
		if !short || gap.warning {
			sessions = append(sessions, held{"warning_education", "观看警示教育片，剖析典型案例", recordDay(model.Ymd(2024, 7, 2+minuteOf(u.Code+"w", 8)))})
		}
		for _, h := range sessions {
			st.during(recordDay(h.day), 14, 17, u.Code+h.topic, "study session "+u.Code, func(ctx context.Context) error {
				return recordStudy(ctx, a, office, c.ID, u.Code, h.kind, h.topic, h.day)
			})
		}
		if !short || gap.summary {
			st.during(recordDay(model.Ymd(2024, 7, 22+minuteOf(u.Code+"s", 7))), 9, 12, u.Code+"summary", "campaign summary "+u.Code, func(ctx context.Context) error {
				acct, err := a.AccountOf(ctx, *office, liaison(u.Code))
				if err != nil {
					return err
				}
				body := u.Name + "党纪学习教育工作总结\n\n" +
					"一、按照学校党纪学习教育部署，本单位坚持每月集中学习，逐章学习《中国共产党纪律处分条例》，领导班子成员带头讲授专题党课，组织观看警示教育片。\n" +
					"二、通过学习教育，全体人员进一步增强了纪律意识和规矩意识，做到学纪、知纪、明纪、守纪。\n" +
					"三、下一步将推动党纪学习教育常态化长效化，把学习成效转化为推动工作的实际行动。"
				_, err = a.SubmitCampaignSummary(ctx, acct, c.ID, u.Code, body)
				return err
			})
		}
	}
}

// recordStudy records one session as the unit's liaison: everyone of the
// unit attended, but the second of its people, away on business (出差) in
// the months whose number is odd.
func recordStudy(ctx context.Context, a *app.App, office *model.Account, campaign int64, unit, kind, topic string, day model.Date) error {
	acct, err := a.AccountOf(ctx, *office, liaison(unit))
	if err != nil {
		return err
	}
	people, err := a.StudyPeople(ctx, acct, unit)
	if err != nil {
		return err
	}
	s := model.StudySession{Campaign: campaign, Unit: unit, Kind: kind, Date: day, Topic: topic, Place: "本单位会议室",
		Materials: "《中国共产党纪律处分条例》"}
	for i, p := range people {
		at := model.Attendance{Person: p.ID, Present: true}
		if i == 1 && day.Time().Month()%2 == 1 {
			at.Present, at.Reason = false, "出差"
		}
		s.Attendance = append(s.Attendance, at)
	}
	if err := a.RecordStudySession(ctx, acct, &s); err != nil {
		return fmt.Errorf("demo: study session of %s on %s: %w", unit, day, err)
	}
	return nil
}

// Surnames and given names the units' staff are named from.
var (
	staffSurnames = []rune("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗")
	staffGiven    = []string{"建平", "晓燕", "志强", "丽娟", "海涛", "文静", "国庆", "雪梅", "振华", "小龙", "秀英", "明辉"}
)

// unitPeople are the people of the nth unit: its head and liaison, and
// staff to make four.
func unitPeople(unit string, n int) []model.Person {
	var out []model.Person
	if h, ok := unitHeads[unit]; ok {
		out = append(out, model.Person{Name: h.Name, Unit: unit, Title: "处长"})
	}
	out = append(out, model.Person{Name: liaisonNames[unit], Unit: unit, Title: "联络员"})
	for k := 0; len(out) < 4; k++ {
		name := string(staffSurnames[(n*3+k)%len(staffSurnames)]) + staffGiven[(n*5+k*7)%len(staffGiven)]
		out = append(out, model.Person{Name: name, Unit: unit, Title: "科员"})
	}
	return out
}
