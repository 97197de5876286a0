package model

import (
	"strings"
	"time"
)

// Summary states. SummaryNone is never stored: it is a period whose
// summary nobody has saved yet (the page shows the generated draft).
const (
	SummaryNone   = "none"
	SummaryDraft  = "draft"
	SummaryIssued = "issued"
)

// SummaryTitle is the agenda item's title when a half-year summary is
// issued into its retreat's agenda (the document's own name).
const SummaryTitle = "学校上半年工作总结"

// SummaryTitleOf is the summary's title for a period: 学校上半年工作总结 for
// a first half-year, 学校下半年工作总结 or 学校年度工作总结 otherwise.
func SummaryTitleOf(period string) string {
	switch {
	case strings.HasSuffix(period, "-H1"):
		return SummaryTitle
	case strings.HasSuffix(period, "-H2"):
		return "学校下半年工作总结"
	}
	return "学校年度工作总结"
}

// Summary sections, in the order the document has them. Each section has
// its own figures (Figures holds them all) and text the office edits.
const (
	SectionOverview   = "overview"
	SectionMeasures   = "measures"
	SectionIndicators = "indicators"
	SectionProblems   = "problems"
	SectionResources  = "resources"
	SectionCampaign   = "campaign" // the study campaigns (学习教育) of the period
)

// SummarySectionKeys lists the sections in order.
var SummarySectionKeys = []string{SectionOverview, SectionMeasures, SectionIndicators, SectionProblems, SectionResources, SectionCampaign}

// SummarySection is one section of the summary: its key and its text.
type SummarySection struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// Summary is the institution's half-year summary (学校半年工作总结) of a
// period: drafted from live figures, edited by the office around them and
// issued, which freezes the figures (like a submitted unit report) and puts
// the text on the period's retreat agenda as its first briefing item.
type Summary struct {
	Period   string           `json:"period"`
	State    string           `json:"state"`
	Sections []SummarySection `json:"sections"`
	Figures  SummaryFigures   `json:"figures"`
	// Meeting and AgendaItem are where the issued summary went (0 before).
	Meeting    int64     `json:"meeting,omitempty"`
	AgendaItem int64     `json:"agenda_item,omitempty"`
	Author     string    `json:"author,omitempty"`
	IssuedBy   string    `json:"issued_by,omitempty"`
	IssuedAt   time.Time `json:"issued_at"`
	Updated    time.Time `json:"updated"`
}

// Frozen reports whether the figures are the stored ones taken at issue.
func (s Summary) Frozen() bool { return s.State == SummaryIssued }

// Section returns a section's text by key.
func (s Summary) Section(key string) string {
	for _, sec := range s.Sections {
		if sec.Key == key {
			return sec.Text
		}
	}
	return ""
}

// Text is the whole summary as one text: each section's text, separated by
// a blank line (sections left empty are skipped). It is the agenda item's
// text once issued.
func (s Summary) Text() string {
	var parts []string
	for _, sec := range s.Sections {
		if t := strings.TrimSpace(sec.Text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n\n")
}

// maxSummarySection bounds one section's text.
const maxSummarySection = 20000

// ValidateSections tidies sections (line breaks normalised, space trimmed),
// orders them as SummarySectionKeys and checks their keys and lengths; a
// section not given keeps fallback's text. An issued summary needs text.
func ValidateSections(in []SummarySection, fallback []SummarySection) ([]SummarySection, error) {
	given := map[string]string{}
	for i, sec := range in {
		if !oneOf(sec.Key, SummarySectionKeys) {
			return nil, Invalid("sections["+itoa(i)+"].key", "must be one of %s", strings.Join(SummarySectionKeys, ", "))
		}
		if _, dup := given[sec.Key]; dup {
			return nil, Invalid("sections["+itoa(i)+"].key", "section %s is given twice", sec.Key)
		}
		t := strings.TrimSpace(strings.ReplaceAll(sec.Text, "\r\n", "\n"))
		if err := checkText("sections["+itoa(i)+"].text", t, 0, maxSummarySection); err != nil {
			return nil, err
		}
		given[sec.Key] = t
	}
	old := map[string]string{}
	for _, sec := range fallback {
		old[sec.Key] = sec.Text
	}
	out := make([]SummarySection, 0, len(SummarySectionKeys))
	for _, k := range SummarySectionKeys {
		t, ok := given[k]
		if !ok {
			t = old[k]
		}
		out = append(out, SummarySection{Key: k, Text: t})
	}
	return out, nil
}

// SummaryFigures are the institution's numbers for a period as the summary
// shows them: measures of the period by status (derived on AsOf), by theme
// and by lead unit; the indicators' values of the period judged; the
// problems raised since the period began; the resources granted for it.
type SummaryFigures struct {
	AsOf       Date              `json:"as_of"`
	Measures   SummaryMeasures   `json:"measures"`
	Indicators SummaryIndicators `json:"indicators"`
	Problems   SummaryProblems   `json:"problems"`
	Resources  []ResourceFigure  `json:"resources"`
	// Campaigns are the study campaigns running in the period, with
	// their completion on AsOf.
	Campaigns []CampaignFigure `json:"campaigns"`
}

// CampaignFigure is a study campaign's completion as the summary shows it:
// of its cells (a unit and a requirement, or the unit's summary) how many
// are done and how many missed, and how many units did everything.
type CampaignFigure struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Start     Date   `json:"start"`
	End       Date   `json:"end"`
	Units     int    `json:"units"`
	UnitsDone int    `json:"units_done"`
	Cells     int    `json:"cells"`
	Done      int    `json:"done"`
	Missed    int    `json:"missed"`
	Percent   int    `json:"percent"`
}

// StatusRow counts measures by status under one key (a theme or a unit).
type StatusRow struct {
	Key      string         `json:"key"`
	Total    int            `json:"total"`
	ByStatus map[Status]int `json:"by_status"`
}

// Count is the number in one status.
func (r StatusRow) Count(s Status) int { return r.ByStatus[s] }

// DonePercent is the share done, rounded down (0 with no measures).
func (r StatusRow) DonePercent() int {
	if r.Total == 0 {
		return 0
	}
	return r.ByStatus[Done] * 100 / r.Total
}

// SummaryMeasures are the period's measures: all, by theme (the built-in
// order, then the institution's own) and by lead unit (by code).
type SummaryMeasures struct {
	All     StatusRow   `json:"all"`
	ByTheme []StatusRow `json:"by_theme"`
	ByUnit  []StatusRow `json:"by_unit"`
}

// SummaryIndicators are the indicators judged on the period's values:
// counts per judgement for each kind, and the indicators that fell or are
// behind, and those met, by name.
type SummaryIndicators struct {
	Basic       map[Judgement]int `json:"basic"`
	Competitive map[Judgement]int `json:"competitive"`
	Fell        []IndicatorFigure `json:"fell"`
	Behind      []IndicatorFigure `json:"behind"`
	Met         []IndicatorFigure `json:"met"`
}

// SummaryProblems are the problems raised since the period began (up to
// the figures' day): how many, how many resolved or closed out since, and
// how many still open (open or in progress), with the open ones of high
// severity by name.
type SummaryProblems struct {
	Raised   int           `json:"raised"`
	Resolved int           `json:"resolved"`
	Open     int           `json:"open"`
	OpenHigh []ProblemLine `json:"open_high"`
}

// ProblemLine names a problem in a summary or a proposal.
type ProblemLine struct {
	Code      string `json:"code"`
	Title     string `json:"title"`
	OwnerUnit string `json:"owner_unit"`
	Severity  string `json:"severity"`
}

// ResourceFigure is what was granted for the period of one kind, in one
// amount unit, and how much of it was spent.
type ResourceFigure struct {
	Kind       string `json:"kind"`
	AmountUnit string `json:"amount_unit"`
	Grants     int    `json:"grants"`
	Granted    Amount `json:"granted"`
	Spent      Amount `json:"spent"`
}

// SpentPercent is the share spent, rounded down (0 with nothing granted).
func (r ResourceFigure) SpentPercent() int {
	if r.Granted <= 0 {
		return 0
	}
	return int(int64(r.Spent) * 100 / int64(r.Granted))
}
