package model

import (
	"fmt"
	"sort"
	"time"
)

// Bulletin is a supervision bulletin (督办通报): for a date range, the
// measures overdue or on an orange light as of the range's last day, and
// those completed within the range. The office issues it with a number per
// year (督办通报 2024年第3期); an issued bulletin keeps the rows it listed
// when it was issued, so later changes to the measures never alter it. A
// preview has no ID and no number.
type Bulletin struct {
	ID     int64 `json:"id"`
	Year   int   `json:"year"`
	Number int   `json:"number"`
	// NumberText is the document number as issued (督通〔2024〕3号), by the
	// office's format at the time; "" for bulletins issued before formats.
	NumberText string `json:"number_text"`
	From       Date   `json:"from"`
	To         Date   `json:"to"`
	// IssuedOn is the institution's day of issue (its pinned clock in the
	// demo), the date printed on the bulletin; IssuedAt the moment.
	IssuedOn Date      `json:"issued_on"`
	IssuedAt time.Time `json:"issued_at"`
	Issuer   string    `json:"issuer"`
	// Office is the unit that issues it: the issuer's unit.
	Office   string           `json:"office"`
	Sections BulletinSections `json:"sections"`
	// Supplement marks a 补充通报: its range overlaps an issued bulletin's,
	// deliberately.
	Supplement bool `json:"supplement"`
	// Voided is set once the office voided it (作废); nil while it stands.
	Voided *Void `json:"voided"`
}

// Void records that a numbered document was voided: its number stays used,
// it stays readable, struck through, and it no longer counts.
type Void struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
}

// MaxVoidReason bounds a void's reason.
const MaxVoidReason = 500

// CheckVoidReason requires a reason for voiding, of a sensible length.
func CheckVoidReason(reason string) error {
	if reason == "" {
		return Invalid("reason", "is required: say why the document is voided")
	}
	if n := len([]rune(reason)); n > MaxVoidReason {
		return Invalid("reason", "must be at most %d characters (got %d)", MaxVoidReason, n)
	}
	return nil
}

// BulletinSections are the lists of a bulletin, each in the institution's
// unit order, then by due day and code.
type BulletinSections struct {
	Overdue   []BulletinItem `json:"overdue"`   // 二、逾期及红灯事项
	Orange    []BulletinItem `json:"orange"`    // 三、橙灯事项
	Completed []BulletinItem `json:"completed"` // 四、按期办结事项
}

// BulletinItem is a measure as a bulletin lists it, with its figures as of
// the range's last day. Names are kept beside codes so an issued bulletin
// reads the same after a unit or an account is renamed.
type BulletinItem struct {
	Code         string `json:"code"`
	Title        string `json:"title"`
	LeadUnit     string `json:"lead_unit"`
	LeadUnitName string `json:"lead_unit_name"`
	Leader       string `json:"leader"`
	LeaderName   string `json:"leader_name"`
	Due          Date   `json:"due"`
	// DaysOverdue is how many days past its due day the measure was on the
	// range's last day (overdue items) or when it was completed (completed
	// items finished late); 0 otherwise.
	DaysOverdue int    `json:"days_overdue"`
	Progress    int    `json:"progress"`
	Status      Status `json:"status"`
	Alert       Alert  `json:"alert"`
	// Completed is the day the measure reached 100 % (completed items).
	Completed Date `json:"completed"`
}

// MaxBulletinDays bounds a bulletin's range: a year.
const MaxBulletinDays = 366

// CheckBulletinRange checks a bulletin's range on day today: both days
// given, from ≤ to, at most MaxBulletinDays long, and not ending after
// today (a bulletin reports what happened, it does not forecast).
func CheckBulletinRange(from, to, today Date) error {
	switch {
	case from == 0:
		return Invalid("from", "is required (YYYY-MM-DD)")
	case to == 0:
		return Invalid("to", "is required (YYYY-MM-DD)")
	case to < from:
		return Invalid("to", "%s is before the start of the range %s", to, from)
	case int(to-from)+1 > MaxBulletinDays:
		return Invalid("to", "a bulletin covers at most %d days", MaxBulletinDays)
	case to > today:
		return Invalid("to", "%s is after today (%s): a bulletin reports days that have passed", to, today)
	}
	return nil
}

// Title is the bulletin's Chinese title as printed: 督办通报 2024年第3期, or
// 督办通报（预览） for a preview.
func (b Bulletin) Title() string {
	if b.Number == 0 {
		return "督办通报（预览）"
	}
	return fmt.Sprintf("督办通报 %d年第%d期", b.Year, b.Number)
}

// Issued reports whether the bulletin was issued (not a preview).
func (b Bulletin) Issued() bool { return b.Number > 0 }

// ProgressPoint is a progress report reduced to what a bulletin reads: its
// day and percent, in the order filed.
type ProgressPoint struct {
	Day     Date
	Percent int
}

// sortPoints orders reports by day, keeping the filing order within a day.
func sortPoints(ps []ProgressPoint) []ProgressPoint {
	out := append([]ProgressPoint(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out
}

// ProgressOn is a measure's progress on day: the percent of its latest
// report dated on or before it (0 before the first). Progress moves only
// by reports, so this is the progress the measure showed that day.
func ProgressOn(ps []ProgressPoint, day Date) int {
	pct := 0
	for _, p := range sortPoints(ps) {
		if p.Day > day {
			break
		}
		pct = p.Percent
	}
	return pct
}

// CompletedOn is the day a measure reached 100 % as seen on day: the date
// of the report that brought it to 100 % and after which no report dated
// on or before day fell below, or 0 when it was not complete that day. A
// later report confirming 100 % does not move the completion day, so a
// measure is counted as completed in one bulletin range only.
func CompletedOn(ps []ProgressPoint, day Date) Date {
	var done Date
	for _, p := range sortPoints(ps) {
		if p.Day > day {
			break
		}
		switch {
		case p.Percent < 100:
			done = 0
		case done == 0:
			done = p.Day
		}
	}
	return done
}

// BulletinGroup is a run of items under one heading: a unit or a leader.
type BulletinGroup struct {
	Key   string // unit code or leader username ("" for none)
	Name  string
	Items []BulletinItem
}

// ByUnit groups items by lead unit, keeping their order (items are stored
// in unit order).
func ByUnit(items []BulletinItem) []BulletinGroup {
	var out []BulletinGroup
	for _, it := range items {
		if n := len(out); n > 0 && out[n-1].Key == it.LeadUnit {
			out[n-1].Items = append(out[n-1].Items, it)
			continue
		}
		out = append(out, BulletinGroup{Key: it.LeadUnit, Name: it.LeadUnitName, Items: []BulletinItem{it}})
	}
	return out
}

// ByLeader groups items by leader in charge, leaders by account name and
// measures without a leader last; within a leader the unit order is kept.
func ByLeader(items []BulletinItem) []BulletinGroup {
	idx := map[string]int{}
	var out []BulletinGroup
	for _, it := range items {
		i, ok := idx[it.Leader]
		if !ok {
			i = len(out)
			idx[it.Leader] = i
			out = append(out, BulletinGroup{Key: it.Leader, Name: it.LeaderName})
		}
		out[i].Items = append(out[i].Items, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Key == "") != (out[j].Key == "") {
			return out[j].Key == ""
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// OverdueByUnit, OverdueByLeader, OrangeByUnit and CompletedByUnit are the
// groupings the bulletin prints (templates call them by name).
func (b Bulletin) OverdueByUnit() []BulletinGroup   { return ByUnit(b.Sections.Overdue) }
func (b Bulletin) OverdueByLeader() []BulletinGroup { return ByLeader(b.Sections.Overdue) }
func (b Bulletin) OrangeByUnit() []BulletinGroup    { return ByUnit(b.Sections.Orange) }
func (b Bulletin) CompletedByUnit() []BulletinGroup { return ByUnit(b.Sections.Completed) }

// BulletinSummary is the bulletin's first section (一、总体情况): how many
// measures each list holds and how many lead units they concern.
type BulletinSummary struct {
	Overdue, OverdueUnits     int
	Orange, OrangeUnits       int
	Completed, CompletedUnits int
}

// Summary counts the bulletin's lists.
func (b Bulletin) Summary() BulletinSummary {
	units := func(items []BulletinItem) int {
		seen := map[string]bool{}
		for _, it := range items {
			seen[it.LeadUnit] = true
		}
		return len(seen)
	}
	s := b.Sections
	return BulletinSummary{
		Overdue: len(s.Overdue), OverdueUnits: units(s.Overdue),
		Orange: len(s.Orange), OrangeUnits: units(s.Orange),
		Completed: len(s.Completed), CompletedUnits: units(s.Completed),
	}
}

// Codes lists the codes of a list, for the audit trail and tests.
func Codes(items []BulletinItem) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.Code)
	}
	return out
}
