package xlsx

import (
	"context"
	"io"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// The attendance sheet of a study session (签到表): who of the unit
// attended and who was absent and why, as a unit keeps it in Excel or WPS.

// attendanceColumns are the attendance sheet's columns in order.
var attendanceColumns = []column{
	{"name", "姓名", 10, true, []string{"姓名", "名字", "name"}},
	{"staff_no", "工号", 12, true, []string{"工号", "职工号", "教工号", "staffno"}},
	{"status", "出席情况", 10, true, []string{"出席情况", "出席", "参会情况", "是否参加", "是否出席", "签到", "签到情况", "attendance", "status"}},
	{"reason", "缺席原因", 24, false, []string{"缺席原因", "请假原因", "原因", "备注", "reason"}},
}

// ReadAttendance reads an attendance sheet: the first sheet with a header
// row naming 姓名 and 出席情况.
func ReadAttendance(r io.Reader) (rows []app.AttendanceRow, errs []RowError, lay tableLayout) {
	defer func() {
		// excelize is not hardened against every malformed file (see Read).
		if p := recover(); p != nil {
			rows, errs, lay = nil, []RowError{unreadable()}, tableLayout{}
		}
	}()
	cells, lay, errs := readTable(r, attendanceColumns, []string{"name", "status"}, "attendance sheet")
	if errs != nil {
		return nil, errs, lay
	}
	tableRows(cells, lay, func(line int, get func(string) string) {
		rows = append(rows, app.AttendanceRow{Line: line, Name: get("name"), StaffNo: get("staff_no"), Status: get("status"), Reason: get("reason")})
	})
	if len(rows) == 0 {
		errs = append(errs, reasonf(lay.header, "", "no people under the header row"))
	}
	return rows, errs, lay
}

// ImportAttendance reads an attendance sheet for a session of unit and
// matches its rows to the unit's people. Every bad row comes back with its
// column and reason (and no attendance), so the form shows them all.
func ImportAttendance(ctx context.Context, a *app.App, actor model.Account, unit string, r io.Reader) ([]model.Attendance, []RowError, error) {
	rows, errs, lay := ReadAttendance(r)
	if len(errs) > 0 {
		return nil, errs, errs[0].invalid("attendance_file")
	}
	out, bad, err := a.MatchAttendance(ctx, actor, unit, rows)
	if err != nil {
		return nil, nil, err
	}
	if len(bad) > 0 {
		for _, e := range bad {
			errs = append(errs, rowErrorOf(e, lay.column(e.Field)))
		}
		return nil, errs, errs[0].invalid("attendance_file")
	}
	return out, nil, nil
}
