// Package bench generates large, realistic, deterministic institutions for
// benchmarks: units, people, meetings with speeches, measures spread over
// four half-years and every status, progress reports and audit events. It
// writes through store's bulk inserts, not through app: six hundred thousand
// reports one audited change at a time would take far too long.
package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/auth"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Password signs in every generated account (the load test signs in with
// it). It is hashed once per generation and the hash shared, since one
// argon2id hash costs tens of milliseconds and there are thousands of
// accounts.
const Password = "bench-pw"

// Generated account names: person i's account is fmt.Sprintf("p%05d", i),
// in unit i mod Units. OfficeAccount is an office account; unit index u ≥ 2
// has the unit account fmt.Sprintf("p%05d", u).
const OfficeAccount = "p00001"

// Scale is how big a generated institution is.
type Scale struct {
	Name     string
	Units    int
	People   int
	Measures int
	Reports  int
	Meetings int
}

// Tiny is for tests (well under a second, and every to-do list shorter
// than the count's cap); Small is quick to build (a few seconds); Large is
// the size DESIGN.md plans for: 60,000 measures and 600,000 progress
// reports.
var (
	Tiny  = Scale{Name: "tiny", Units: 12, People: 60, Measures: 300, Reports: 2000, Meetings: 4}
	Small = Scale{Name: "small", Units: 30, People: 300, Measures: 2000, Reports: 20000, Meetings: 20}
	Large = Scale{Name: "large", Units: 120, People: 3000, Measures: 60000, Reports: 600000, Meetings: 200}
)

// Today is the day generated institutions are read on.
var Today = model.Ymd(2024, 10, 15)

// Periods are the half-years generated measures fall in.
var Periods = []string{"2023-H1", "2023-H2", "2024-H1", "2024-H2"}

var (
	verbs   = []string{"推进", "加强", "深化", "完善", "落实", "建设", "优化", "健全", "提升", "实施"}
	objects = []string{"学科建设", "有组织科研", "本科教育教学改革", "研究生培养质量", "人才队伍建设", "重大科研平台", "国际交流合作",
		"基层党组织建设", "校园文化建设", "财务预算管理", "实验室安全管理", "招生就业工作", "数字校园建设", "资产配置效率",
		"师德师风建设", "科研成果转化", "学生心理健康教育", "教师发展体系", "内部控制体系", "后勤服务保障"}
	quals = []string{"工作", "体系", "机制", "专项行动", "三年行动计划", "试点", "改革方案", "质量提升工程"}
	notes = []string{"已制定工作方案，明确责任分工和时间节点。", "召开专题推进会，协调解决相关问题。", "按计划推进，完成阶段性任务。",
		"部分配合单位材料尚未报齐，正在协调。", "形成初步成果，正在征求意见。", "已提交校长办公会审议。"}
	speech = []string{"要深刻把握高质量发展的实践要求，", "We need to strengthen discipline-led development,", "一是加强有组织科研，",
		"It is necessary to build a team of high-level talents,", "二是深化人才培养改革，", "Promote organized school management,",
		"三是提高资源统筹效率，", "We should focus on improving organizational effectiveness。", "要持续巩固特色优势，", "推进治理体系现代化。"}
)

// Generate writes an institution of the given scale into an empty, migrated
// store. The same seed writes the same rows.
func Generate(ctx context.Context, s *store.Store, sc Scale, seed int64) error {
	return GenerateProgress(ctx, s, sc, seed, nil)
}

// GenerateProgress is Generate telling progress, when it is not nil, how
// many of the institution's rows are written: its units, people, meetings,
// measures and progress reports (the rows that join them are not counted).
// The total is the scale's; the reports' count comes out near it, and the
// last call says done = total.
func GenerateProgress(ctx context.Context, s *store.Store, sc Scale, seed int64, progress func(done, total int)) error {
	g := &gen{sc: sc, rnd: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)), told: progress}
	g.total = sc.Units + sc.People + sc.Meetings + sc.Measures + sc.Reports
	g.hash = auth.HashPassword(Password)
	// The bulk inserts bypass the store's write paths, so the search index
	// is built once at the end.
	reindex := func(ctx context.Context, tx *store.Tx) error { return tx.Reindex(ctx) }
	steps := []func(context.Context, *store.Tx) error{g.genUnits, g.genMeetings, g.genMeasures, g.genReports, syncIDs, reindex}
	for _, step := range steps {
		if err := s.Write(ctx, func(tx *store.Tx) error { return step(ctx, tx) }); err != nil {
			return fmt.Errorf("bench: generate: %w", err)
		}
	}
	if err := s.SettleAfterLoad(ctx, loadedTables); err != nil {
		return fmt.Errorf("bench: generate: %w", err)
	}
	if progress != nil {
		progress(g.total, g.total)
	}
	return nil
}

// loadedTables are the tables the generator fills.
var loadedTables = []string{"units", "people", "accounts", "meetings", "agenda_items", "measures", "measure_units", "progress_reports", "audit_events", "audit_chain", "counters", "search_docs"}

// insertChunk is how many rows insert writes between two progress calls.
const insertChunk = 5000

// insert bulk-inserts rows into table; when counted, they are rows the
// progress counts, told as each chunk is written.
func (g *gen) insert(ctx context.Context, tx *store.Tx, table string, cols []string, rows [][]any, counted bool) error {
	for len(rows) > 0 {
		n := min(insertChunk, len(rows))
		if err := tx.BulkInsert(ctx, table, cols, rows[:n]); err != nil {
			return err
		}
		rows = rows[n:]
		if counted && g.told != nil {
			// The reports' count only comes near the scale's: stay below
			// the total until the end says it.
			g.done += n
			g.told(min(g.done, g.total-1), g.total)
		}
	}
	return nil
}

// syncIDs moves PostgreSQL's identity sequences past the ids the generator
// wrote itself, so the application can add rows afterwards (the tables are
// vacuumed and analyzed once the load has committed).
func syncIDs(ctx context.Context, tx *store.Tx) error {
	return tx.FinishBulkLoad(ctx, []string{"people", "accounts", "meetings", "agenda_items", "measures"})
}

type gen struct {
	told        func(done, total int) // progress, or nil
	done, total int                   // counted rows written, and planned
	hash        string                // the shared password hash
	sc          Scale
	rnd         *rand.Rand
	units       []string
	leaders     []string
	people      [][]string // account usernames by unit index
	items       []int64    // agenda item ids
	itemLen     []int
	ms          []genMeasure
}

type genMeasure struct {
	id       int64
	code     string
	start    model.Date
	due      model.Date
	progress int
	unit     int
}

func (g *gen) genUnits(ctx context.Context, tx *store.Tx) error {
	var rows [][]any
	for i := 0; i < g.sc.Units; i++ {
		code, kind := fmt.Sprintf("U%03d", i), model.UnitSchool
		switch {
		case i == 0:
			code, kind = "LDR", model.UnitLeadership
		case i < g.sc.Units*2/5:
			kind = model.UnitDepartment
		case i >= g.sc.Units-g.sc.Units/10:
			kind = model.UnitInstitute
		}
		g.units = append(g.units, code)
		rows = append(rows, []any{code, fmt.Sprintf("单位%03d", i), fmt.Sprintf("Unit %03d", i), kind, i})
	}
	if err := g.insert(ctx, tx, "units", []string{"code", "name", "name_en", "kind", "seq"}, rows, true); err != nil {
		return err
	}
	g.people = make([][]string, len(g.units))
	var people, accounts [][]any
	for i := 0; i < g.sc.People; i++ {
		u := i % len(g.units)
		role := model.RoleUnit
		switch {
		case u == 0:
			role = model.RoleLeader
		case i%len(g.units) == 1 && i < 5*len(g.units):
			role = model.RoleOffice
		}
		name := fmt.Sprintf("p%05d", i)
		if role == model.RoleLeader {
			g.leaders = append(g.leaders, name)
		}
		g.people[u] = append(g.people[u], name)
		people = append(people, []any{i + 1, fmt.Sprintf("人员%05d", i), g.units[u], "", ""})
		accounts = append(accounts, []any{i + 1, name, role, g.units[u], fmt.Sprintf("人员%05d", i), i + 1, g.hash, 0})
	}
	if err := g.insert(ctx, tx, "people", []string{"id", "name", "unit", "title", "email"}, people, true); err != nil {
		return err
	}
	if err := tx.BulkInsert(ctx, "accounts", []string{"id", "username", "role", "unit", "name", "person_id", "password_hash", "created_at"}, accounts); err != nil {
		return err
	}
	for _, code := range Periods {
		p, _ := model.PeriodFromCode(code)
		if err := tx.EnsurePeriod(ctx, p); err != nil {
			return err
		}
	}
	return tx.SetSetting(ctx, "clock.today", Today.String())
}

func (g *gen) genMeetings(ctx context.Context, tx *store.Tx) error {
	kinds := []string{"retreat", "standing_committee", "president_office", "work_conference"}
	var meetings, items [][]any
	id := int64(0)
	for i := 0; i < g.sc.Meetings; i++ {
		period := Periods[i%len(Periods)]
		p, _ := model.PeriodFromCode(period)
		day := p.Start + model.Date(g.rnd.IntN(int(p.End-p.Start)+1))
		meetings = append(meetings, []any{i + 1, kinds[i%len(kinds)], fmt.Sprintf("会议%04d", i+1), int64(day), "主楼会议室", "校长", "校领导", period})
		for seq := 1; seq <= 3; seq++ {
			var b strings.Builder
			for b.Len() < 1500 {
				b.WriteString(speech[g.rnd.IntN(len(speech))])
			}
			id++
			kind := "speech"
			if seq == 1 {
				kind = "briefing"
			}
			items = append(items, []any{id, i + 1, seq, kind, fmt.Sprintf("议程%d", seq), "校长", b.String()})
			g.items = append(g.items, id)
			g.itemLen = append(g.itemLen, b.Len())
		}
	}
	if err := g.insert(ctx, tx, "meetings", []string{"id", "kind", "title", "day", "place", "presider", "attendees", "period"}, meetings, true); err != nil {
		return err
	}
	return tx.BulkInsert(ctx, "agenda_items", []string{"id", "meeting_id", "seq", "kind", "title", "speaker", "body"}, items)
}

// genMeasures spreads measures over the periods so that on Today many are
// overdue, many done, and those due within the next weeks light yellow and
// orange.
func (g *gen) genMeasures(ctx context.Context, tx *store.Tx) error {
	r := g.rnd
	seq := map[string]int{}
	var rows, coop, audit [][]any
	const ms0 = int64(1719792000000) // 2024-07-01, for created_at stamps
	for i := 0; i < g.sc.Measures; i++ {
		// Half of the measures belong to the current half-year.
		period := Periods[3]
		if x := r.IntN(6); x < 3 {
			period = Periods[x]
		}
		p, _ := model.PeriodFromCode(period)
		seq[period]++
		code := model.MeasureCode(p, seq[period])
		start := p.Start + model.Date(r.IntN(30))
		var due model.Date
		deadline := "长期坚持"
		if r.IntN(10) > 0 {
			due = start + model.Date(30+r.IntN(200))
			deadline = due.String()
		}
		progress := 0
		switch {
		case due != 0 && due < Today && r.IntN(10) < 6:
			progress = 100
		case due != 0 && due < Today:
			progress = r.IntN(100)
		case r.IntN(5) == 0:
			progress = 0
		default:
			elapsed := 100
			if due != 0 {
				elapsed = int(100 * int64(Today-start) / int64(max(1, due-start)))
			}
			progress = min(99, max(1, elapsed-30+r.IntN(50)))
		}
		cancelled := r.IntN(40) == 0
		unit := 1 + r.IntN(len(g.units)-1)
		var src any
		var ss, se int
		if len(g.items) > 0 && r.IntN(5) < 2 {
			k := r.IntN(len(g.items))
			src = g.items[k]
			ss = r.IntN(g.itemLen[k] - 200)
			se = ss + 30 + r.IntN(150)
		}
		title := verbs[r.IntN(len(verbs))] + objects[r.IntN(len(objects))] + quals[r.IntN(len(quals))]
		owners := g.people[unit]
		owner := ""
		if len(owners) > 0 {
			owner = owners[r.IntN(len(owners))]
		}
		leader := ""
		if len(g.leaders) > 0 {
			leader = g.leaders[r.IntN(len(g.leaders))]
		}
		id := int64(i + 1)
		created := ms0 + int64(i)*1000
		row := []any{id, code, title, "围绕" + title + "，制定实施方案，明确任务书、时间表和路线图。",
			model.Themes[r.IntN(len(model.Themes))], period, g.units[unit], leader, owner, int64(start), nullDay(due), deadline,
			r.IntN(4), "[]", progress, b2i(cancelled), src, ss, se, created, created}
		var coopUnits []string
		if r.IntN(2) == 0 {
			seen := map[int]bool{unit: true}
			for k := 0; k < 1+r.IntN(3); k++ {
				c := 1 + r.IntN(len(g.units)-1)
				if !seen[c] {
					seen[c] = true
					coop = append(coop, []any{id, g.units[c]})
					coopUnits = append(coopUnits, g.units[c])
				}
			}
		}
		rows = append(rows, append(row, store.CooperatingText(coopUnits)))
		audit = append(audit, []any{created, "office", "create", "measure", code, "", `{"code":"` + code + `"}`})
		g.ms = append(g.ms, genMeasure{id: id, code: code, start: start, due: due, progress: progress, unit: unit})
	}
	cols := []string{"id", "code", "title", "detail", "theme", "period", "lead_unit", "leader", "owner", "start_day", "due_day", "deadline",
		"priority", "milestones", "progress", "cancelled", "source_item", "source_start", "source_end", "created_at", "updated_at",
		"cooperating_units"}
	if err := g.insert(ctx, tx, "measures", cols, rows, true); err != nil {
		return err
	}
	if err := tx.BulkInsert(ctx, "measure_units", []string{"measure_id", "unit"}, coop); err != nil {
		return err
	}
	if err := tx.BulkInsert(ctx, "audit_events", []string{"at", "actor", "action", "entity", "entity_id", "before", "after"}, audit); err != nil {
		return err
	}
	for period, n := range seq {
		if err := tx.Exec(ctx, `INSERT INTO counters (name, value) VALUES (?, ?)`, "measure_seq:"+period, n); err != nil {
			return err
		}
	}
	return nil
}

// genReports files progress reports so that each measure's latest report is
// its progress; measures at 0 % have none.
func (g *gen) genReports(ctx context.Context, tx *store.Tx) error {
	r := g.rnd
	withProgress := 0
	for _, m := range g.ms {
		if m.progress > 0 {
			withProgress++
		}
	}
	// Each measure with progress gets 1…2·avg−1 reports (avg on average),
	// and one more with the probability of the remainder, so the total
	// comes out near Scale.Reports.
	avg, extra := 1, 0.0
	if withProgress > 0 {
		avg = max(1, g.sc.Reports/withProgress)
		extra = float64(g.sc.Reports-avg*withProgress) / float64(withProgress)
	}
	cols := []string{"measure_id", "day", "percent", "note", "risk", "author", "review", "comment", "created_at"}
	var rows, audit [][]any
	total := 0
	flush := func() error {
		if err := g.insert(ctx, tx, "progress_reports", cols, rows, true); err != nil {
			return err
		}
		if err := tx.BulkInsert(ctx, "audit_events", []string{"at", "actor", "action", "entity", "entity_id", "before", "after"}, audit); err != nil {
			return err
		}
		rows, audit = rows[:0], audit[:0]
		return nil
	}
	for _, m := range g.ms {
		if m.progress == 0 {
			continue
		}
		k := 1 + r.IntN(2*avg-1)
		if r.Float64() < extra {
			k++
		}
		last := Today - 1
		if m.due != 0 && m.progress == 100 && m.due < last {
			last = m.due
		}
		first := min(m.start, last)
		author := ""
		if ps := g.people[m.unit]; len(ps) > 0 {
			author = ps[0]
		}
		for j := 1; j <= k; j++ {
			day := first + (last-first)*model.Date(j)/model.Date(k)
			pct := m.progress * j / k
			review := model.ReviewAccepted
			if j == k {
				review = model.ReviewPending
			}
			at := int64(day)*86400000 + 3600000
			rows = append(rows, []any{m.id, int64(day), pct, notes[r.IntN(len(notes))], b2i(r.IntN(20) == 0), author, review, "", at})
			if r.IntN(10) == 0 {
				audit = append(audit, []any{at, author, "report_progress", "measure", m.code, "", fmt.Sprintf(`{"percent":%d}`, pct)})
			}
			total++
		}
		if len(rows) >= 50000 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := tx.RefreshLastReports(ctx); err != nil {
		return err
	}
	return tx.Exec(ctx, `INSERT INTO counters (name, value) VALUES ('measures', ?)`, len(g.ms)+total)
}

func nullDay(d model.Date) any {
	if d == 0 {
		return nil
	}
	return int64(d)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
