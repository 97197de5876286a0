package app

import (
	"context"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// AttendanceRow is one row of a study session's attendance sheet (签到表):
// 姓名 · 工号 · 出席情况 · 缺席原因. The xlsx package reads sheets of these.
type AttendanceRow struct {
	Line    int
	Name    string
	StaffNo string
	Status  string
	Reason  string
}

// attendanceWords are how sheets write present and absent.
var attendanceWords = map[string]bool{
	"出席": true, "参加": true, "参会": true, "到会": true, "已到": true, "到": true, "是": true, "√": true, "✓": true, "present": true, "yes": true,
	"缺席": false, "请假": false, "未参加": false, "未到": false, "否": false, "×": false, "✗": false, "absent": false, "no": false,
}

// MatchAttendance matches an attendance sheet's rows to unit's people, by
// staff number when the row has one, else by name. Each bad row comes back
// as a RowError: an unknown person, a name two people share, a status that
// is neither present nor absent, an absence without its reason, a person
// listed twice.
func (a *App) MatchAttendance(ctx context.Context, actor model.Account, unit string, rows []AttendanceRow) ([]model.Attendance, []RowError, error) {
	people, err := a.StudyPeople(ctx, actor, unit)
	if err != nil {
		return nil, nil, err
	}
	byName, byStaff := map[string][]model.Person{}, map[string]model.Person{}
	for _, p := range people {
		byName[model.FoldName(p.Name)] = append(byName[model.FoldName(p.Name)], p)
		if p.StaffNo != "" {
			byStaff[p.StaffNo] = p
		}
	}
	var out []model.Attendance
	var bad []RowError
	seen := map[int64]int{}
	for _, r := range rows {
		var p model.Person
		switch ps := byName[model.FoldName(r.Name)]; {
		case r.StaffNo != "" && byStaff[r.StaffNo].ID != 0:
			p = byStaff[r.StaffNo]
		case r.Name == "":
			bad = append(bad, rowError(r.Line, "name", "the name is missing"))
			continue
		case len(ps) == 1:
			p = ps[0]
		case len(ps) > 1:
			bad = append(bad, rowError(r.Line, "staff_no", "%s names %d people of the unit: give the staff number", r.Name, len(ps)))
			continue
		default:
			bad = append(bad, rowError(r.Line, "name", "%s is not one of the unit's people", r.Name))
			continue
		}
		present, ok := attendanceWords[strings.ToLower(strings.TrimSpace(r.Status))]
		if !ok {
			bad = append(bad, rowError(r.Line, "status", "%q is neither present (出席) nor absent (缺席)", r.Status))
			continue
		}
		if !present && strings.TrimSpace(r.Reason) == "" {
			bad = append(bad, rowError(r.Line, "reason", "%s is absent: give the reason", p.Name))
			continue
		}
		if line, dup := seen[p.ID]; dup {
			bad = append(bad, rowError(r.Line, "name", "%s is listed twice (row %d)", p.Name, line))
			continue
		}
		seen[p.ID] = r.Line
		at := model.Attendance{Person: p.ID, Name: p.Name, Present: present}
		if !present {
			at.Reason = strings.TrimSpace(r.Reason)
		}
		out = append(out, at)
	}
	return out, bad, nil
}
