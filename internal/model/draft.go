package model

import (
	"fmt"
	"strings"
)

// Draft states: found by the decomposer, then decided by the office.
const (
	DraftOpen     = "draft"
	DraftAccepted = "accepted"
	DraftRejected = "rejected"
	DraftMerged   = "merged"
)

// Draft is a directive the decomposer found in an agenda item, as the office
// reviews it: the span of the speech it came from (Start < 0 when an edit of
// the speech removed those words), the words as found, and the fields the
// office edits before it becomes a measure.
type Draft struct {
	ID               int64    `json:"id"`
	AgendaItem       int64    `json:"agenda_item"`
	Seq              int      `json:"seq"`
	Start            int      `json:"start"`
	End              int      `json:"end"`
	Found            string   `json:"found"`
	Parent           int      `json:"parent,omitempty"`
	Title            string   `json:"title"`
	Theme            string   `json:"theme"`
	Confidence       float64  `json:"confidence"`
	LeadUnit         string   `json:"lead_unit"`
	CooperatingUnits []string `json:"cooperating_units"`
	Leader           string   `json:"leader"`
	Deadline         string   `json:"deadline"`
	State            string   `json:"state"`
	Measure          string   `json:"measure,omitempty"`
	MergedInto       int64    `json:"merged_into,omitempty"`
}

// Decided reports whether the office has acted on the draft, so a new
// decomposition of an edited speech must keep it.
func (d *Draft) Decided() bool { return d.State != DraftOpen }

// Validate checks the fields the office edits.
func (d *Draft) Validate() error {
	d.Title = strings.TrimSpace(d.Title)
	d.Deadline = strings.TrimSpace(d.Deadline)
	if err := checkText("title", d.Title, 1, 5000); err != nil {
		return err
	}
	if !oneOf(d.Theme, Themes) {
		return Invalid("theme", "must be one of %s", strings.Join(Themes, ", "))
	}
	if err := checkText("deadline", d.Deadline, 0, 100); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, c := range d.CooperatingUnits {
		if c == d.LeadUnit && c != "" {
			return Invalid("cooperating_units", "the lead unit %s cannot also cooperate", c)
		}
		if seen[c] {
			return Invalid("cooperating_units", "%s is listed twice", c)
		}
		seen[c] = true
	}
	return nil
}

// MeasureTitle is the short title a measure made from the draft gets: offices
// title a measure in a line, and keep the whole directive as its detail.
func (d *Draft) MeasureTitle() string {
	const max = 80
	r := []rune(d.Title)
	if len(r) <= max {
		return d.Title
	}
	cut := max
	for i := max; i > max/3; i-- {
		if strings.ContainsRune("，,；;：:", r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(r[:cut])) + "…"
}

// String names a draft in messages.
func (d *Draft) String() string { return fmt.Sprintf("draft %d", d.Seq) }

// OpenDrafts is how many drafts of one speech wait for the office's
// decision, with where the speech is.
type OpenDrafts struct {
	Meeting      int64
	Item         int64
	MeetingTitle string
	ItemTitle    string
	Count        int
}
