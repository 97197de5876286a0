package demo

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// summaryOpening is the sentence the office puts before the generated
// overview of the 2024-H1 summary: the office edits the text around the
// figures, never the figures.
const summaryOpening = "上半年，学校坚持以习近平新时代中国特色社会主义思想为指导，紧紧围绕年度工作要点，扎实推进各项重点任务。"

// queueSummary has the office draft the 2024-H1 summary from the figures
// once the half-year's indicators and problems are in, edit its overview
// and issue it into the summer retreat's agenda, where it becomes the
// first briefing item.
func queueSummary(st *story, a *app.App, office *model.Account) {
	st.at(model.Ymd(2024, 7, 12), 10, 0, "2024-H1 summary", func(ctx context.Context) error {
		d, err := a.Summary(ctx, *office, "2024-H1")
		if err != nil {
			return fmt.Errorf("demo: summary: %w", err)
		}
		secs := d.Summary.Sections
		for i := range secs {
			if secs[i].Key == model.SectionOverview {
				secs[i].Text = summaryOpening + secs[i].Text
			}
		}
		if _, err := a.SaveSummary(ctx, *office, "2024-H1", secs); err != nil {
			return fmt.Errorf("demo: save summary: %w", err)
		}
		return nil
	})
	st.at(model.Ymd(2024, 7, 12), 16, 0, "2024-H1 summary issued", func(ctx context.Context) error {
		if _, err := a.IssueSummary(ctx, *office, "2024-H1"); err != nil {
			return fmt.Errorf("demo: issue summary: %w", err)
		}
		return nil
	})
}
