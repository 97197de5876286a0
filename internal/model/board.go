package model

// The supervision board, the dashboard and a leader's portfolio, as read
// from the store and shown by the pages and the API.

// BoardRow counts one unit's measures (as lead unit) by status and light.
type BoardRow struct {
	Unit     string         `json:"unit"`
	Total    int            `json:"total"`
	ByStatus map[Status]int `json:"by_status"`
	ByAlert  map[Alert]int  `json:"by_alert"`
	Progress int            `json:"progress"` // average percent of open measures
}

// Board is the supervision board: per unit counts, the overdue list and the
// list of measures due within DueSoonDays.
type Board struct {
	// Version names this state of the board: it changes whenever a measure
	// changes, the day turns or the thresholds move, so pages rendered from
	// the board can be kept under it.
	Version      string     `json:"-"`
	Today        Today      `json:"-"`
	Totals       BoardRow   `json:"totals"`
	Units        []BoardRow `json:"units"`
	Overdue      []Measure  `json:"overdue"`
	OverdueCount int        `json:"overdue_count"`
	DueSoon      []Measure  `json:"due_soon"`
	DueSoonCount int        `json:"due_soon_count"`
}

// Dashboard is the leaders' dashboard (领导看板): the whole institution in a
// minute. Measures are counted by lead unit and by theme, the overdue trend
// gives the overdue count at the end of each past half-year and now, the
// indicators their judgements per period and the problems what is still open.
type Dashboard struct {
	// Version names this state of the dashboard: it changes with any of
	// the three change counters, the day or the thresholds.
	Version    string
	Today      Today
	Totals     BoardRow
	Units      []BoardRow // by lead unit, by code
	Themes     []BoardRow // Unit holds the theme; in Themes order
	Trend      []TrendPoint
	Indicators []IndicatorAttainment
	Problems   ProblemCounts
}

// TrendPoint is the number of measures overdue on a day: the last day of a
// half-year, or today (Period "").
type TrendPoint struct {
	Period  string
	Day     Date
	Overdue int
}

// IndicatorAttainment counts one period's indicator values by kind and
// judgement (Judge): basic held or fell, competitive met, on course or
// behind, and either not reported or not set.
type IndicatorAttainment struct {
	Period      string
	Basic       map[Judgement]int
	Competitive map[Judgement]int
}

// ProblemCounts counts the problems not yet resolved or closed out.
type ProblemCounts struct {
	Open       int            // open or in progress
	BySeverity map[string]int // of the open ones
	Unlinked   int            // open ones no measure addresses
	ByStatus   map[string]int // every problem, by status
}

// PortfolioBoard is a leader's "my portfolio": the measures they are in charge
// of, counted by the unit leading each, and the ones that need attention.
type PortfolioBoard struct {
	Leader       string
	Today        Today
	Totals       BoardRow
	Units        []BoardRow
	Attention    []Measure // open measures with a light, worst first
	AttentionCnt int
}

// DueSoonDays is the window of the board's "due soon" list.
const DueSoonDays = 14
