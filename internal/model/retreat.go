package model

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Preparing a retreat (研讨会筹备): a meeting of kind retreat has the
// topics it discusses (研讨主题), the groups it sits in (分组研讨) and the
// written remarks (研讨发言材料) the office asks each participant for by a
// day; all of them go into the participants' book (会议材料汇编).

// RetreatTopic is one discussion topic of a retreat, in order.
type RetreatTopic struct {
	ID          int64  `json:"id"`
	Meeting     int64  `json:"meeting"`
	Seq         int    `json:"seq"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// Limits of a retreat's preparation.
const (
	MaxRetreatTopics  = 20
	MaxRetreatGroups  = 30
	MaxTopicText      = 5000
	MaxGroupMembers   = 100
	MaxRemarksText    = 50000
	MaxRemarksRequest = 500
)

// Validate checks a topic: a title of 1 to 200 characters, a description
// of at most MaxTopicText.
func (t *RetreatTopic) Validate() error {
	t.Title, t.Description = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description)
	var errs Errors
	if err := checkLine("title", t.Title, 1, 200); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("description", t.Description, 0, MaxTopicText); err != nil && !errs.AddErr(err) {
		return err
	}
	if t.Seq < 0 || t.Seq > MaxRetreatTopics {
		errs.Add(Invalid("seq", "must be between 1 and %d", MaxRetreatTopics))
	}
	return errs.Err()
}

// RetreatGroup is one discussion group of a retreat: the leaders (account
// usernames) and units (codes) that sit in it, who convenes it (召集人, one
// of its leaders) and who reports back (汇报人, one of its leaders or
// units), and the topics it discusses (topic ids).
type RetreatGroup struct {
	ID       int64    `json:"id"`
	Meeting  int64    `json:"meeting"`
	Seq      int      `json:"seq"`
	Name     string   `json:"name"`
	Leaders  []string `json:"leaders"`
	Units    []string `json:"units"`
	Convener string   `json:"convener"`
	Reporter string   `json:"reporter"`
	Topics   []int64  `json:"topics"`
}

// Validate checks a group's own fields: a name, members without repeats,
// a convener among its leaders and a reporter among its members. Whether
// the members and topics exist is the app's to check.
func (g *RetreatGroup) Validate() error {
	g.Name = strings.TrimSpace(g.Name)
	g.Leaders, g.Units = cleanList(g.Leaders), cleanList(g.Units)
	g.Convener, g.Reporter = strings.TrimSpace(g.Convener), strings.TrimSpace(g.Reporter)
	if g.Topics == nil {
		g.Topics = []int64{}
	}
	var errs Errors
	if err := checkLine("name", g.Name, 1, 100); err != nil && !errs.AddErr(err) {
		return err
	}
	if len(g.Leaders)+len(g.Units) == 0 {
		errs.Add(Invalid("members", "choose at least one leader or unit"))
	}
	if len(g.Leaders)+len(g.Units) > MaxGroupMembers {
		errs.Add(Invalid("members", "at most %d members", MaxGroupMembers))
	}
	if g.Convener != "" && !slices.Contains(g.Leaders, g.Convener) {
		errs.Add(Invalid("convener", "the convener must be one of the group's leaders"))
	}
	if g.Reporter != "" && !slices.Contains(g.Leaders, g.Reporter) && !slices.Contains(g.Units, g.Reporter) {
		errs.Add(Invalid("reporter", "the reporter must be one of the group's leaders or units"))
	}
	if len(g.Topics) > MaxRetreatTopics {
		errs.Add(Invalid("topics", "at most %d topics", MaxRetreatTopics))
	}
	return errs.Err()
}

// cleanList trims the entries and drops blanks and repeats, keeping order.
func cleanList(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Kinds of participant asked for remarks.
const (
	ParticipantUnit   = "unit"
	ParticipantLeader = "leader"
)

// Participant names who is asked for remarks: a unit by its code or a
// leader by their username.
type Participant struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// Key is the participant as one string: "unit:KJC", "leader:chenguoqiang".
func (p Participant) Key() string { return p.Kind + ":" + p.Ref }

// States of a request for remarks.
const (
	RemarksNotSubmitted = "not_submitted" // asked, not in yet, the day not past
	RemarksOverdue      = "overdue"       // not in, and the day is past (逾期未交)
	RemarksSubmitted    = "submitted"     // in by the day
	RemarksLate         = "late"          // in, after the day (逾期提交)
)

// RemarksStates lists the states in the order lists show them.
var RemarksStates = []string{RemarksOverdue, RemarksNotSubmitted, RemarksLate, RemarksSubmitted}

// Remarks is the office's request to one participant for written remarks
// by a day, and what the participant submitted: a text, read from a Word
// file when one came (File).
type Remarks struct {
	ID          int64       `json:"id"`
	Meeting     int64       `json:"meeting"`
	Participant Participant `json:"participant"`
	// Name is the participant's name (the unit's or the leader's).
	Name        string      `json:"name"`
	Due         Date        `json:"due"`
	RequestedBy string      `json:"requested_by"`
	RequestedAt time.Time   `json:"requested_at"`
	Title       string      `json:"title"`
	Text        string      `json:"text"`
	SubmittedOn Date        `json:"submitted_on"`
	SubmittedAt *time.Time  `json:"submitted_at"`
	SubmittedBy string      `json:"submitted_by"`
	File        *SpeechFile `json:"file,omitempty"`
	// State is derived for the day the remarks are read on.
	State string `json:"state"`
}

// Submitted reports whether the participant has sent the remarks.
func (r Remarks) Submitted() bool { return r.SubmittedOn != 0 }

// StateOn is the request's state on day today.
func (r Remarks) StateOn(today Date) string {
	switch {
	case r.Submitted() && r.SubmittedOn > r.Due:
		return RemarksLate
	case r.Submitted():
		return RemarksSubmitted
	case today > r.Due:
		return RemarksOverdue
	}
	return RemarksNotSubmitted
}

// CheckRemarks checks what a participant submits: a title of at most 200
// characters and a text of 1 to MaxRemarksText.
func CheckRemarks(title, text string) error {
	var errs Errors
	if err := checkLine("title", title, 0, 200); err != nil && !errs.AddErr(err) {
		return err
	}
	if err := checkText("text", text, 1, MaxRemarksText); err != nil && !errs.AddErr(err) {
		return err
	}
	return errs.Err()
}

// RemarksOccasion names a chasing notice's occasion for a request: the
// kind of notice, the request, its due day, and for a due reminder the
// days before it the rule said.
func RemarksOccasion(kind NoticeKind, id int64, due Date, days int) string {
	s := "remarks:" + string(kind) + ":" + strconv.FormatInt(id, 10) + ":" + due.String()
	if kind == NoticeDue {
		s += ":" + strconv.Itoa(days)
	}
	return s
}

// RemarksTrigger applies the rules to one open request on day today, the
// retreat being held on held: a due reminder when the day is RemindDays
// away (the smallest N with days left ≤ N, as for a measure), and, with
// the ladder on, a 提醒单 once the day has passed. Nothing is chased once
// the remarks are in or the retreat has been held. ok is false when
// nothing is due.
func RemarksTrigger(r NoticeRules, rm Remarks, held, today Date) (Trigger, bool) {
	if rm.Submitted() || today > held {
		return Trigger{}, false
	}
	left := int(rm.Due - today)
	if left < 0 {
		if !r.Ladder {
			return Trigger{}, false
		}
		return Trigger{Kind: NoticeReminder, Key: RemarksOccasion(NoticeReminder, rm.ID, rm.Due, 0), Due: rm.Due, DaysLeft: left}, true
	}
	n := -1
	for _, d := range r.RemindDays {
		if left <= d && (n < 0 || d < n) {
			n = d
		}
	}
	if n < 0 {
		return Trigger{}, false
	}
	return Trigger{Kind: NoticeDue, Key: RemarksOccasion(NoticeDue, rm.ID, rm.Due, n), Due: rm.Due, DaysLeft: left}, true
}

// NewRemarksNotice is the notice chasing a request: about no measure,
// addressed to the participant's unit or leader, its snapshot saying which
// retreat's remarks are due when.
func NewRemarksNotice(t Trigger, rm Remarks, meetingTitle string, day Date) Notice {
	n := Notice{Kind: t.Kind, Year: day.Time().Year(), Day: day, Trigger: t.Key}
	if rm.Participant.Kind == ParticipantUnit {
		n.Unit = rm.Participant.Ref
	} else {
		n.Leader = rm.Participant.Ref
	}
	n.Snapshot = NoticeSnapshot{Title: meetingTitle + "研讨发言材料", LeadUnitName: rm.Name, Due: rm.Due,
		Deadline: rm.Due.String(), DaysLeft: max(t.DaysLeft, 0)}
	if day > rm.Due {
		n.Snapshot.DaysOverdue = int(day - rm.Due)
	}
	return n
}
