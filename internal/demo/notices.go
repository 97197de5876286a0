package demo

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// queueNotices runs the daily job on the demo day, at half past eight
// (after the digest hour): it issues the notices (the overdue measures'
// 通报, the orange ones' 督办单, the yellow ones' 提醒单, due-date and report
// reminders) and renews the monthly lab safety check for October. Then the
// office schedules the next president's office meeting and carries the
// oldest overdue measure onto its agenda, leaving the others proposed for
// it. run receives what the job did.
func queueNotices(st *story, a *app.App, office *model.Account, run *app.DayRun) {
	st.at(Today, 8, 30, "daily job", func(ctx context.Context) error {
		var err error
		if *run, err = a.RunDay(ctx, "demo"); err != nil {
			return fmt.Errorf("demo: notices: %w", err)
		}
		return nil
	})
	next := model.Meeting{Kind: "president_office", Title: "2024年第21次校长办公会", Date: model.Ymd(2024, 10, 22),
		Place: "中关村校区主楼会议室", Presider: "校长", Attendees: "校长、副校长，党政办公室及议题相关单位负责人",
		Items: []model.AgendaItem{
			{Kind: "briefing", Title: "党政办公室通报第三季度督查督办情况", Speaker: "党政办公室主任",
				Text: "党政办公室通报第三季度重点工作督查督办情况，对逾期和亮橙灯事项提出督办意见。"},
		}}
	st.at(Today, 9, 40, "next meeting", func(ctx context.Context) error {
		if err := a.SaveMeeting(ctx, *office, &next); err != nil {
			return fmt.Errorf("demo: meeting %s: %w", next.Title, err)
		}
		return nil
	})
	st.at(Today, 9, 55, "carry over", func(ctx context.Context) error {
		proposed, err := a.CarryOverProposals(ctx, *office)
		if err != nil {
			return err
		}
		if len(proposed) > 0 {
			if _, err := a.CarryOver(ctx, *office, proposed[0].ID, next.ID); err != nil {
				return fmt.Errorf("demo: carry over %s: %w", proposed[0].Measure, err)
			}
		}
		return nil
	})
}
