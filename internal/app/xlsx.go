package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// MeasureRow is one row of a task decomposition table (任务分解表) as an
// office writes it: units and the leader by name, the deadline as written.
// The xlsx package reads and writes sheets of these; app resolves the names,
// so app never depends on a spreadsheet format.
type MeasureRow struct {
	// Line is the spreadsheet row the row came from (1-based), so errors
	// can point at it; 0 for rows not read from a sheet.
	Line int
	Seq  string
	// Task is the 重点任务 the row falls under: a theme's name or a heading.
	Task             string
	Title            string
	Leader           string
	LeadUnit         string
	CooperatingUnits []string
	Deadline         string
	Note             string
	Code             string
	// Due is the day the deadline resolves to (YYYY-MM-DD; "" for work
	// with no due date), and Cancelled marks a cancelled measure: both
	// only in exports, never read back.
	Due       string
	Cancelled bool
}

// RowError is one problem with one row of an import: the row's Line, the
// measure field at fault (title, lead_unit, cooperating_units, leader,
// deadline, code, detail, …) and the reason.
type RowError struct {
	Line    int
	Field   string
	Message string
	// Format and Args are the message's id and arguments, for the faces to
	// put it in the reader's language (see model.Error).
	Format string
	Args   []any
}

// rowError is a row's problem with its message id and arguments; a
// model.Error argument alone (a rule the model checked) lends its own.
func rowError(line int, field, format string, args ...any) RowError {
	if e, ok := singleModelError(format, args); ok {
		return RowError{Line: line, Field: field, Message: e.Message, Format: e.Format, Args: e.Args}
	}
	return RowError{Line: line, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// singleModelError is the model.Error of a "%s" or "%v" message whose one
// argument is one.
func singleModelError(format string, args []any) (*model.Error, bool) {
	if (format != "%s" && format != "%v") || len(args) != 1 {
		return nil, false
	}
	err, ok := args[0].(error)
	if !ok {
		return nil, false
	}
	e := model.ErrorOf(err)
	return e, e != nil && e.Format != ""
}

func (e RowError) Error() string { return fmt.Sprintf("row %d: %s: %s", e.Line, e.Field, e.Message) }

// ImportOptions steer ImportMeasures.
type ImportOptions struct {
	// DryRun validates and reports what would be done, writing nothing.
	DryRun bool
	// Period is the period of new measures whose deadline names no day
	// ("本学期内", "长期坚持", blank); "" means the current half-year.
	Period string
	// Columns are the fields the sheet has a column for; an update leaves
	// the others alone. nil means every field.
	Columns []string
	// Progress, when set, hears how far the import is: the rows checked
	// (stage "checking"), then the rows written ("writing"; in a dry run
	// too, before the rollback). A write run again after a lost batch
	// tells its stages again from the start.
	Progress func(stage string, done, total int)
}

// told tells Progress, if any.
func (o ImportOptions) told(stage string, done, total int) {
	if o.Progress != nil {
		o.Progress(stage, done, total)
	}
}

func (o ImportOptions) has(field string) bool {
	return o.Columns == nil || slices.Contains(o.Columns, field)
}

// Import actions.
const (
	ImportCreate    = "create"
	ImportUpdate    = "update"
	ImportUnchanged = "unchanged"
)

// ImportAction is what an import did (or, dry, would do) with one row.
type ImportAction struct {
	Line   int
	Code   string
	Action string
	Title  string
}

// ImportResult says what an import did, or why it did nothing.
type ImportResult struct {
	DryRun  bool
	Actions []ImportAction
	Errors  []RowError
}

// Count counts the actions of one kind.
func (r ImportResult) Count(action string) int {
	n := 0
	for _, a := range r.Actions {
		if a.Action == action {
			n++
		}
	}
	return n
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("app: dry run")

// errRows rolls back an import with bad rows.
var errRows = errors.New("app: bad rows")

// importPlan is one validated row, ready to write.
type importPlan struct {
	line   int
	create bool
	m      model.Measure // the measure to insert, or the updated one
	before model.Measure
}

// ImportMeasures creates and updates measures from the rows of a task
// decomposition table (office). Every row is checked first and every
// problem collected with its row and field; only when no row failed are
// all of them written, in one transaction with one audit event per measure,
// so a sheet is imported whole or not at all. A row whose code exists
// updates that measure as UpdateMeasure would; a row without a code (or
// with a new one) creates a measure. Rows that would change nothing are
// reported as unchanged and not written. With bad rows the result lists
// them and the error is EINVALID.
func (a *App) ImportMeasures(ctx context.Context, actor model.Account, rows []MeasureRow, opt ImportOptions) (ImportResult, error) {
	res := ImportResult{DryRun: opt.DryRun}
	if !CanManage(actor) {
		return res, forbidden("import measures")
	}
	if len(rows) == 0 {
		return res, model.Invalid("rows", "the sheet holds no measures")
	}
	t, err := a.Today(ctx)
	if err != nil {
		return res, err
	}
	if opt.Period == "" {
		opt.Period = model.HalfYearOf(t.Day).Code
	}
	defPeriod, err := model.PeriodFromCode(opt.Period)
	if err != nil {
		return res, err
	}
	dir, err := a.directory(ctx)
	if err != nil {
		return res, err
	}
	start := res // a write lost with its batch runs again (store/commit.go): from here
	err = a.write(ctx, func(tx *store.Tx) error {
		res = start
		var plans []importPlan
		seen := map[string]int{}
		for i, row := range rows {
			p, errs := a.planRow(ctx, tx, t, dir, defPeriod, opt, row, seen)
			opt.told("checking", i+1, len(rows))
			if len(errs) > 0 {
				res.Errors = append(res.Errors, errs...)
				continue
			}
			plans = append(plans, p)
		}
		if len(res.Errors) > 0 {
			return errRows
		}
		for i, p := range plans {
			opt.told("writing", i, len(plans))
			act, err := a.writePlan(ctx, tx, actor, t, &p)
			if err != nil {
				if e := model.ErrorOf(err); e != nil && e.Code == model.EINVALID {
					res.Errors = append(res.Errors, RowError{Line: p.line, Field: e.Field, Message: e.Message})
					continue
				}
				return err
			}
			res.Actions = append(res.Actions, act)
		}
		if len(res.Errors) > 0 {
			return errRows
		}
		opt.told("writing", len(plans), len(plans))
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	switch {
	case errors.Is(err, errRows):
		res.Actions = nil
		return res, model.Invalid("rows", "%d of %d rows have errors; nothing was imported", badLines(res.Errors), len(rows))
	case errors.Is(err, errDryRun):
		return res, nil
	case err != nil:
		return ImportResult{DryRun: opt.DryRun}, err
	}
	return res, nil
}

func badLines(errs []RowError) int {
	lines := map[int]bool{}
	for _, e := range errs {
		lines[e.Line] = true
	}
	return len(lines)
}

// planRow checks one row and builds the measure it creates or updates.
func (a *App) planRow(ctx context.Context, tx *store.Tx, t model.Today, dir *directory, defPeriod model.Period, opt ImportOptions, row MeasureRow, seen map[string]int) (importPlan, []RowError) {
	p := importPlan{line: row.Line}
	var errs []RowError
	bad := func(field, format string, args ...any) {
		errs = append(errs, rowError(row.Line, field, format, args...))
	}
	code := strings.TrimSpace(row.Code)
	if code != "" {
		if !model.ValidMeasureCode(code) {
			bad("code", "%q is not a measure code like 2024H2-017", code)
		} else if prev, ok := seen[code]; ok {
			bad("code", "%s is also on row %d", code, prev)
		} else {
			seen[code] = row.Line
		}
	}
	lead, err := dir.unit(row.LeadUnit)
	if err != nil {
		bad("lead_unit", "%s", err)
	}
	var coop []string
	for _, name := range row.CooperatingUnits {
		if strings.TrimSpace(name) == "" {
			continue
		}
		u, err := dir.unit(name)
		if err != nil {
			bad("cooperating_units", "%s", err)
			continue
		}
		if !slices.Contains(coop, u) {
			coop = append(coop, u)
		}
	}
	leader, err := dir.leader(row.Leader)
	if err != nil {
		bad("leader", "%s", err)
	}
	theme := ThemeOfTask(row.Task)

	var existing *model.Measure
	if code != "" && model.ValidMeasureCode(code) {
		m, err := tx.Measure(ctx, code, t)
		switch model.ErrorCode(err) {
		case "":
			existing = &m
		case model.ENOTFOUND:
		default:
			bad("code", "cannot read measure %s", code)
			a.Log.Error("app: import: read measure", "code", code, "err", err)
		}
	}
	if len(errs) > 0 {
		// Still check what needs no names, so one pass reports it all.
		m := model.Measure{Title: row.Title, Detail: row.Note, Period: defPeriod.Code, LeadUnit: "-", Deadline: row.Deadline}
		if err := m.Normalize(); err != nil {
			if e := model.ErrorOf(err); e != nil && e.Field != "lead_unit" && e.Field != "cooperating_units" {
				bad(e.Field, "%s", e)
			}
		}
		return p, errs
	}
	if existing == nil {
		p.create = true
		m := model.Measure{Code: code, Title: row.Title, Detail: row.Note, Theme: theme, LeadUnit: lead,
			CooperatingUnits: coop, Leader: leader, Deadline: row.Deadline, Period: periodOfDeadline(row.Deadline, defPeriod).Code}
		if m.Theme == "" {
			m.Theme = "other"
		}
		if err := a.resolveDeadline(ctx, tx, &m, t.Day); err != nil {
			return p, []RowError{errorRow(row.Line, err)}
		}
		if err := m.Normalize(); err != nil {
			return p, []RowError{errorRow(row.Line, err)}
		}
		p.m = m
	} else {
		patch := MeasurePatch{}
		str := func(field string, v string) *string {
			if !opt.has(field) {
				return nil
			}
			return &v
		}
		patch.Title = str("title", row.Title)
		patch.Detail = str("detail", row.Note)
		patch.LeadUnit = str("lead_unit", lead)
		patch.Leader = str("leader", leader)
		patch.Deadline = str("deadline", row.Deadline)
		if opt.has("cooperating_units") {
			patch.CooperatingUnits = &coop
		}
		if theme != "" {
			patch.Theme = &theme
		}
		p.before = *existing
		m := *existing
		patch.apply(&m)
		if patch.Deadline != nil && *patch.Deadline == "" {
			// A blank 完成时限 means the period's end, as for a new measure.
			m.Due = 0
		}
		if m.Deadline != existing.Deadline && model.SaidDayDeadline(m.Deadline) {
			if err := a.resolveDeadline(ctx, tx, &m, t.Day); err != nil {
				return p, []RowError{errorRow(row.Line, err)}
			}
		}
		if err := m.Normalize(); err != nil {
			return p, []RowError{errorRow(row.Line, err)}
		}
		p.m = m
	}
	if err := a.checkRefs(ctx, tx, &p.m); err != nil {
		return p, []RowError{errorRow(row.Line, err)}
	}
	return p, nil
}

func errorRow(line int, err error) RowError {
	if e := model.ErrorOf(err); e != nil {
		return RowError{Line: line, Field: e.Field, Message: e.Message, Format: e.Format, Args: e.Args}
	}
	return RowError{Line: line, Field: "", Message: "internal error"}
}

// writePlan writes one checked row: a new measure (insertMeasure) or an
// update (saveMeasure, as UpdateMeasure does), each with its audit event.
func (a *App) writePlan(ctx context.Context, tx *store.Tx, actor model.Account, t model.Today, p *importPlan) (ImportAction, error) {
	act := ImportAction{Line: p.line, Title: p.m.Title}
	if p.create {
		if err := a.insertMeasure(ctx, tx, t, &p.m); err != nil {
			return act, err
		}
		act.Code, act.Action = p.m.Code, ImportCreate
		return act, tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: actor.Username, Action: "create", Entity: "measure",
			EntityID: p.m.Code, After: marshal(p.m)})
	}
	act.Code = p.m.Code
	if sameMeasure(p.before, p.m) {
		act.Action = ImportUnchanged
		return act, nil
	}
	if err := saveMeasure(ctx, tx, t, &p.m); err != nil {
		return act, err
	}
	act.Action = ImportUpdate
	return act, tx.InsertAudit(ctx, model.AuditEvent{At: tx.Now(), Actor: actor.Username, Action: "update", Entity: "measure",
		EntityID: p.m.Code, Before: marshal(p.before), After: marshal(p.m)})
}

// sameMeasure reports whether an import leaves a measure as it was.
func sameMeasure(a, b model.Measure) bool {
	ca, cb := slices.Clone(a.CooperatingUnits), slices.Clone(b.CooperatingUnits)
	slices.Sort(ca)
	slices.Sort(cb)
	return a.Title == b.Title && a.Detail == b.Detail && a.Theme == b.Theme && a.Period == b.Period &&
		a.LeadUnit == b.LeadUnit && a.Leader == b.Leader && a.Deadline == b.Deadline && a.Due == b.Due &&
		a.Start == b.Start && slices.Equal(ca, cb)
}

// periodOfDeadline is the half-year a deadline's day falls in; a deadline
// that names no day of its own (ongoing, "本学期内", blank) keeps def.
func periodOfDeadline(deadline string, def model.Period) model.Period {
	due, ongoing, err := model.ParseDeadline(deadline, model.Period{})
	if err != nil || ongoing || due == 0 {
		return def
	}
	return model.HalfYearOf(due)
}

// themeNames are the built-in themes' Chinese names, as the zh-CN catalog
// and the exported sheets write them, with the words offices use for them.
var themeNames = []struct{ theme, name string }{
	{"talent_training", "人才培养"}, {"discipline", "学科建设"}, {"research", "科学研究"},
	{"talent_team", "师资队伍"}, {"governance", "治理体系"}, {"party_building", "党的建设"},
	{"resources", "资源保障"}, {"culture", "文化建设"}, {"other", "其他"},
	{"talent_training", "本科教育"}, {"talent_training", "研究生教育"}, {"talent_training", "教育教学"},
	{"discipline", "学科"}, {"research", "科研"}, {"research", "科技创新"},
	{"talent_team", "人才队伍"}, {"talent_team", "师资"}, {"governance", "治理"}, {"governance", "综合改革"},
	{"party_building", "党建"}, {"party_building", "从严治党"}, {"resources", "条件保障"}, {"resources", "办学条件"},
	{"culture", "校园文化"}, {"culture", "文化"},
}

// ThemeName is a theme's Chinese name, as a 重点任务 cell writes it: the
// catalog's word, the one the pages show.
func ThemeName(theme string) string {
	if i18n.Has(i18n.Default, "theme."+theme) {
		return i18n.T(i18n.Default, "theme."+theme)
	}
	for _, n := range themeNames {
		if n.theme == theme {
			return n.name
		}
	}
	return theme
}

// ThemeOfTask maps a 重点任务 cell to a theme: its code or name exactly,
// else the first theme word it contains; "" when it names none.
func ThemeOfTask(task string) string {
	s := strings.TrimSpace(task)
	if s == "" {
		return ""
	}
	if slices.Contains(model.Themes, s) {
		return s
	}
	for _, n := range themeNames {
		if s == n.name {
			return n.theme
		}
	}
	for _, n := range themeNames {
		if n.theme != "other" && strings.Contains(s, n.name) {
			return n.theme
		}
	}
	return ""
}

// ExportRows returns the measures a filter selects (f.Meeting: those drawn
// from one meeting's agenda) as rows of a task decomposition table, with a
// title for it: grouped by theme in the built-in order, in code order within
// a theme, units and leaders by name as an office writes them.
func (a *App) ExportRows(ctx context.Context, actor model.Account, f model.MeasureFilter) ([]MeasureRow, string, error) {
	title := "重点任务分解表"
	if f.Meeting != 0 {
		m, err := a.store.Meeting(ctx, f.Meeting)
		if err != nil {
			return nil, "", err
		}
		title = m.Title + title
	} else if f.Period != "" {
		if p, err := model.PeriodFromCode(f.Period); err == nil {
			title = p.Name + title
		}
	}
	if in, err := a.Institution(ctx); err != nil {
		return nil, "", err
	} else if in.Name != "" && !strings.HasPrefix(title, in.Name) {
		title = in.Name + title
	}
	var all []model.Measure
	f.Limit, f.After = 1000, 0
	for {
		ms, next, err := a.Measures(ctx, actor, f)
		if err != nil {
			return nil, "", err
		}
		all = append(all, ms...)
		if next == "" {
			break
		}
		if f.After, err = parseCursor(next); err != nil {
			return nil, "", err
		}
	}
	order := map[string]int{}
	for i, th := range model.Themes {
		order[th] = i
	}
	sort.SliceStable(all, func(i, j int) bool {
		if oi, oj := order[all[i].Theme], order[all[j].Theme]; oi != oj {
			return oi < oj
		}
		return all[i].Code < all[j].Code
	})
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, "", err
	}
	unitName := map[string]string{}
	for _, u := range units {
		unitName[u.Code] = u.Name
	}
	var leaders []string
	for _, m := range all {
		leaders = append(leaders, m.Leader)
	}
	people, err := a.AccountNames(ctx, actor, leaders)
	if err != nil {
		return nil, "", err
	}
	nameOf := func(m map[string]string, k string) string {
		if v, ok := m[k]; ok && v != "" {
			return v
		}
		return k
	}
	rows := make([]MeasureRow, len(all))
	for i, m := range all {
		coop := make([]string, len(m.CooperatingUnits))
		for j, c := range m.CooperatingUnits {
			coop[j] = nameOf(unitName, c)
		}
		leader := ""
		if m.Leader != "" {
			leader = nameOf(people, m.Leader)
		}
		rows[i] = MeasureRow{Seq: fmt.Sprint(i + 1), Task: ThemeName(m.Theme), Title: m.Title, Leader: leader,
			LeadUnit: nameOf(unitName, m.LeadUnit), CooperatingUnits: coop, Deadline: m.Deadline, Note: m.Detail, Code: m.Code,
			Cancelled: m.Cancelled}
		if m.Due != 0 {
			rows[i].Due = m.Due.String()
		}
	}
	return rows, title, nil
}

func parseCursor(s string) (int64, error) {
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		return 0, fmt.Errorf("app: cursor %q: %w", s, err)
	}
	return n, nil
}
