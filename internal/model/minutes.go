package model

import (
	"strconv"
	"time"
)

// Minutes are a meeting's minutes (会议纪要): the first document after a
// meeting, numbered in its own series per kind of meeting and year
// (校长办公会议纪要〔2024〕第12期). They say when and where the meeting sat,
// who presided, attended, was on leave and sat in, and what it decided,
// each decision (议定事项) with the measures accepted from it. Issued
// minutes are frozen as they were issued; voided ones keep their number.
type Minutes struct {
	ID      int64  `json:"id"`
	Meeting int64  `json:"meeting"`
	Kind    string `json:"kind"` // the meeting's kind: its series
	Year    int    `json:"year"`
	Number  int    `json:"number"` // 0 in a preview
	// NumberText is the number as issued, by the office's format then
	// (〔2024〕第12期); a later format leaves it as it is.
	NumberText string `json:"number_text"`
	// The meeting as it sat.
	MeetingTitle string     `json:"meeting_title"`
	Date         Date       `json:"date"`
	Place        string     `json:"place"`
	Presider     string     `json:"presider"`
	Present      string     `json:"present"`
	OnLeave      string     `json:"on_leave"`
	SittingIn    string     `json:"sitting_in"`
	Decisions    []Decision `json:"decisions"`
	IssuedOn     Date       `json:"issued_on"`
	IssuedAt     time.Time  `json:"issued_at"`
	Issuer       string     `json:"issuer"`
	// Office is the office's name as the minutes are signed.
	Office string `json:"office"`
	Voided *Void  `json:"voided"`
}

// Decision is one thing a meeting decided (议定事项): its text, as the
// office worded it, and the measures accepted from the agenda item it
// settles.
type Decision struct {
	Item int64 `json:"item"`
	// Part is the decision's place among those one agenda item holds
	// (会议研究决定：一、…二、… is one decision per part), from 0.
	Part     int              `json:"part"`
	Text     string           `json:"text"`
	Measures []MinutesMeasure `json:"measures"`
}

// Key names a decision in a request to word it: "ITEM.PART".
func (d Decision) Key() string { return strconv.FormatInt(d.Item, 10) + "." + strconv.Itoa(d.Part) }

// MinutesMeasure is a measure as the minutes list it under its decision.
type MinutesMeasure struct {
	Code        string `json:"code"`
	Title       string `json:"title"`
	LeadUnit    string `json:"lead_unit"`   // the unit's name
	Cooperating string `json:"cooperating"` // names, joined with 、
	Deadline    string `json:"deadline"`
	Due         Date   `json:"due"`
	Cancelled   bool   `json:"cancelled"`
}

// Issued reports whether the minutes have a number.
func (m Minutes) Issued() bool { return m.Number != 0 }

// MaxDecisionText bounds one decision's text.
const MaxDecisionText = 5000

// ValidateDecisions checks the decisions' texts, as the office edited
// them: each one 1 to MaxDecisionText characters, and one at least.
func ValidateDecisions(ds []Decision) error {
	if len(ds) == 0 {
		return Invalid("decisions", "the meeting has no agenda item to decide on")
	}
	var errs Errors
	for i := range ds {
		if err := checkText("decisions["+strconv.Itoa(i)+"].text", ds[i].Text, 1, MaxDecisionText); err != nil && !errs.AddErr(err) {
			return err
		}
	}
	return errs.Err()
}
