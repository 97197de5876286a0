package model

// The filters that lists, the board and the API read through: app hands
// them to the store, so pages and the API name them here and never the
// store itself.

// Today is what a derived status depends on: the day and the institution's
// thresholds. Every read that filters or counts by status takes one.
type Today struct {
	Day        Date
	Thresholds Thresholds
}

// MeasureFilter selects measures for lists, the API and exports.
type MeasureFilter struct {
	Today
	Status  Status
	Alert   Alert
	Unit    string // lead or cooperating
	Leader  string
	Theme   string
	Period  string
	Meeting int64
	Text    string
	// Codes keeps the measures with these codes (a chosen set, as the
	// office's bulk reminders take them).
	Codes []string
	// Unreported keeps the open measures, begun a reporting cycle ago or
	// more, with no progress report (withdrawn ones aside) dated on or
	// after ReportSince, the day the cycle began; app sets ReportSince
	// from the reminder rules.
	Unreported  bool
	ReportSince Date
	Limit       int   // 0: DefaultMeasureLimit; at most MaxMeasureLimit
	After       int64 // cursor: the id of the last measure already seen
}

// BoardFilter narrows the board.
type BoardFilter struct {
	Today
	Leader string
	Theme  string
	Period string
}

// NoticeFilter narrows a notice list; zero fields select all.
type NoticeFilter struct {
	// Recipient lists only notices addressed to this account (the inbox).
	Recipient string
	// Reader is the account whose read marks are reported (Notice.Read).
	Reader  string
	Unread  bool // with Recipient: only those not opened yet
	Kind    string
	Unit    string
	Measure string
	// Unsigned: only standing 督办单 no one has signed for.
	Unsigned bool
	// Before is the cursor: notices with a smaller id.
	Before int64
	// Limit is at most MaxNoticeLimit+1, so a caller showing pages of
	// MaxNoticeLimit can ask for one more to learn whether another follows;
	// 0 means DefaultNoticeLimit.
	Limit int
}

// AllocationFilter selects allocations for the list and the API; Day is the
// day the idle flag is judged on.
type AllocationFilter struct {
	Day     Date
	Kind    string
	Unit    string // granted to the unit, or to a measure it leads
	Measure string
	Period  string
	Flag    string // FlagOverSpent or FlagIdle
}

// IndicatorFilter selects indicators; empty fields do not filter. Each
// filter has an index (indicators_owner_unit, _theme, _kind).
type IndicatorFilter struct {
	Kind  string
	Unit  string // owner unit
	Theme string
}

// ProblemFilter selects problems for the register and the API.
type ProblemFilter struct {
	Status   string
	Unit     string // owner unit
	Severity string
	Leader   string
	Measure  string // problems a measure addresses
	Unlinked bool   // only problems no measure addresses
}

// ReportFilter selects unit reports; empty fields select all.
type ReportFilter struct {
	Period string
	Unit   string
	State  string
}

// Kinds of searchable things, as search_docs.kind and the API's kind.
const (
	SearchMeeting = "meeting"
	SearchSpeech  = "speech" // an agenda item's text
	SearchMeasure = "measure"
	SearchReport  = "report" // a unit's half-year report
	SearchProblem = "problem"
)

// SearchKinds lists the kinds in the order a results page offers them.
var SearchKinds = []string{SearchMeasure, SearchSpeech, SearchMeeting, SearchReport, SearchProblem}

// ReviewFilter selects progress reports across measures for the review
// queue (待审核) and a unit's returned reports: Review is pending or
// returned; Unit, when set, keeps the reports of that unit's accounts (for
// returned ones, only those its unit has not reported again since).
type ReviewFilter struct {
	Review string
	Unit   string
	Limit  int   // 0: DefaultReviewLimit; at most MaxReviewLimit
	After  int64 // cursor: reports with a smaller id (newest first)
}

// MaxTodoCount is where the to-do list stops counting: its page and the
// navigation show "999+" from there, as the unread count does.
const MaxTodoCount = 1000

// A page of the review queue.
const (
	DefaultReviewLimit = 100
	MaxReviewLimit     = 500
)

// QueuedReport is a progress report in the review queue with its measure.
type QueuedReport struct {
	ProgressReport
	Title    string // the measure's
	LeadUnit string
	Unit     string // the author's unit
}
