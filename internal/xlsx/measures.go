package xlsx

import (
	"context"
	"io"
	"sort"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Report is what importing a sheet did: app's result, and every problem
// found, reading the sheet or checking its rows, in row order with the
// column an office sees.
type Report struct {
	app.ImportResult
	Errors []RowError
}

// ImportMeasures reads a sheet and imports its measures through app: all of
// them or, with any bad row, none. Rows the sheet reader refused are
// reported together with the rows app refused, so one run lists every
// problem. The error is EINVALID when any row is bad.
func ImportMeasures(ctx context.Context, a *app.App, actor model.Account, r io.Reader, opt app.ImportOptions) (Report, error) {
	if !app.CanManage(actor) {
		return Report{}, model.Errorf(model.EFORBIDDEN, "not allowed to import measures")
	}
	rows, errs, lay := Read(r)
	for _, e := range errs {
		if e.Row == 0 {
			return Report{Errors: errs}, e.invalid("file")
		}
	}
	opt.Columns = lay.Fields()
	readErrs := len(errs) > 0
	if readErrs {
		// Check the readable rows too, but write nothing.
		opt.DryRun = true
	}
	var res app.ImportResult
	var err error
	if len(rows) > 0 {
		res, err = a.ImportMeasures(ctx, actor, ToMeasureRows(rows), opt)
		if err != nil && model.ErrorCode(err) != model.EINVALID {
			return Report{}, err
		}
	}
	rep := Report{ImportResult: res, Errors: errs}
	for _, e := range res.Errors {
		rep.Errors = append(rep.Errors, rowErrorOf(e, lay.Column(e.Field)))
	}
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Row < rep.Errors[j].Row })
	if len(rep.Errors) > 0 {
		rep.Actions = nil
		lines := map[int]bool{}
		for _, e := range rep.Errors {
			lines[e.Row] = true
		}
		return rep, model.Invalid("rows", "%d rows have errors; nothing was imported", len(lines))
	}
	return rep, err
}

// ExportMeasures writes the measures a filter selects as a task
// decomposition table.
func ExportMeasures(ctx context.Context, a *app.App, w io.Writer, f model.MeasureFilter) error {
	rows, title, err := a.ExportRows(ctx, app.System, f)
	if err != nil {
		return err
	}
	return Export(w, title, FromMeasureRows(rows))
}

// ToMeasureRows converts read rows for app.
func ToMeasureRows(rows []Row) []app.MeasureRow {
	out := make([]app.MeasureRow, len(rows))
	for i, r := range rows {
		out[i] = app.MeasureRow{Line: r.Line, Seq: r.Seq, Task: r.Task, Title: r.Title, Leader: r.Leader, LeadUnit: r.LeadUnit,
			CooperatingUnits: r.CooperatingUnits, Deadline: r.Deadline, Note: r.Note, Code: r.Code}
	}
	return out
}

// FromMeasureRows converts app's rows for Export.
func FromMeasureRows(rows []app.MeasureRow) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = Row{Line: r.Line, Seq: r.Seq, Task: r.Task, Title: r.Title, Leader: r.Leader, LeadUnit: r.LeadUnit,
			CooperatingUnits: r.CooperatingUnits, Deadline: r.Deadline, Note: r.Note, Code: r.Code, Due: r.Due, Cancelled: r.Cancelled}
	}
	return out
}
