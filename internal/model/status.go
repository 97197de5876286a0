package model

// Status is where a measure stands; it is derived from dates, progress and the
// institution's thresholds, never typed in.
type Status string

// The statuses in the order the board shows them.
const (
	NotStarted Status = "not_started"
	OnTrack    Status = "on_track"
	AtRisk     Status = "at_risk"
	Overdue    Status = "overdue"
	Done       Status = "done"
	Cancelled  Status = "cancelled"
)

// Statuses lists every status in display order.
var Statuses = []Status{NotStarted, OnTrack, AtRisk, Overdue, Done, Cancelled}

// Alert is the supervision light: the same four colours on every page.
type Alert string

// The alert colours.
const (
	AlertNone   Alert = "none"
	AlertYellow Alert = "yellow"
	AlertOrange Alert = "orange"
	AlertRed    Alert = "red"
)

// Alerts lists every alert colour.
var Alerts = []Alert{AlertNone, AlertYellow, AlertOrange, AlertRed}

// Thresholds are the institution's alert settings, as percentages of a
// measure's time span still left: yellow when at most YellowPct is left and
// progress lags the time elapsed, orange at OrangePct. Red is always "overdue".
type Thresholds struct {
	YellowPct int `json:"yellow_pct"`
	OrangePct int `json:"orange_pct"`
}

// DefaultThresholds are the settings DESIGN.md names: 30 % and 15 %.
var DefaultThresholds = Thresholds{YellowPct: 30, OrangePct: 15}

// Validate checks that 0 ≤ orange ≤ yellow ≤ 100.
func (t Thresholds) Validate() error {
	if t.YellowPct < 0 || t.YellowPct > 100 {
		return Invalid("yellow_pct", "must be between 0 and 100")
	}
	if t.OrangePct < 0 || t.OrangePct > t.YellowPct {
		return Invalid("orange_pct", "must be between 0 and the yellow threshold")
	}
	return nil
}

// Derive computes a measure's status and alert on day today. The store's SQL
// (store/status.go) encodes the same rules for filtering; a test keeps the two
// equal. Integer arithmetic only, so both give the same answer at every
// boundary:
//   - cancelled, then done (progress 100) win over everything;
//   - overdue (red) once today is past the due day;
//   - with time span T = due − start (at least 1 day) and L = due − today days
//     left, progress "lags" when progress·T < 100·(today − start); a lagging
//     measure is orange when 100·L ≤ orange·T, yellow when 100·L ≤ yellow·T,
//     and then at risk;
//   - otherwise not started at 0 %, else on track. Ongoing measures (no due
//     day) are never overdue and carry no light.
func Derive(cancelled bool, progress int, start, due, today Date, th Thresholds) (Status, Alert) {
	switch {
	case cancelled:
		return Cancelled, AlertNone
	case progress >= 100:
		return Done, AlertNone
	case due != 0 && today > due:
		return Overdue, AlertRed
	}
	if due != 0 {
		span := int(due - start)
		if span < 1 {
			span = 1
		}
		left := int(due - today)
		lag := progress*span < 100*int(today-start)
		if lag && 100*left <= th.OrangePct*span {
			return AtRisk, AlertOrange
		}
		if lag && 100*left <= th.YellowPct*span {
			return AtRisk, AlertYellow
		}
	}
	if progress <= 0 {
		return NotStarted, AlertNone
	}
	return OnTrack, AlertNone
}
