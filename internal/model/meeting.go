package model

import (
	"strings"
	"time"
)

// Meeting kinds.
var MeetingKinds = []string{"retreat", "standing_committee", "president_office", "work_conference", "study", "other"}

// LeadershipKinds are the kinds of the leadership's own meetings: every
// kind but study, the units' study sessions of a campaign, which the
// meetings list keeps apart so that they do not bury the leadership's.
func LeadershipKinds() []string {
	var out []string
	for _, k := range MeetingKinds {
		if k != "study" {
			out = append(out, k)
		}
	}
	return out
}

// Agenda item kinds.
var AgendaKinds = []string{"briefing", "discussion", "speech", "decision"}

// Meeting is a leadership meeting; its minutes are its agenda items' text.
type Meeting struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Date      Date   `json:"date"`
	Place     string `json:"place"`
	Presider  string `json:"presider"`
	Attendees string `json:"attendees"`
	// OnLeave (请假) and SittingIn (列席) complete the attendance the
	// minutes record: names as the office writes them (王立平（出差）).
	OnLeave   string       `json:"on_leave"`
	SittingIn string       `json:"sitting_in"`
	Period    string       `json:"period"`
	Items     []AgendaItem `json:"agenda"`
}

// AgendaItem is one ordered item of a meeting: a briefing, discussion, speech
// or decision, with its speaker and text.
type AgendaItem struct {
	ID      int64  `json:"id"`
	Seq     int    `json:"seq"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	// File is the file the text was read from, when it came as one.
	File *SpeechFile `json:"file,omitempty"`
	// Upload is a file sent with the item to read its text from; the
	// saved item keeps it as File.
	Upload *SpeechFile `json:"-"`
}

// SpeechFile is a speech as its file arrived: a Word document (.docx) or
// a text file, kept beside the text luoshi read from it.
type SpeechFile struct {
	Name      string    `json:"name"`
	Format    string    `json:"format"` // docx or txt
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
	// Data is the file's content; it is never part of an audit event.
	Data []byte `json:"-"`
}

// Validate checks a meeting and its agenda; it numbers the items in order.
func (m *Meeting) Validate() error {
	var errs Errors
	m.Title = strings.TrimSpace(m.Title)
	if !oneOf(m.Kind, MeetingKinds) {
		errs.Add(Invalid("kind", "must be one of %s", strings.Join(MeetingKinds, ", ")))
	}
	if err := checkText("title", m.Title, 1, 200); err != nil && !errs.AddErr(err) {
		return err
	}
	if m.Date == 0 {
		errs.Add(Invalid("date", "is required (YYYY-MM-DD)"))
	}
	for f, v := range map[string]string{"place": m.Place, "presider": m.Presider} {
		if err := checkText(f, v, 0, 200); err != nil && !errs.AddErr(err) {
			return err
		}
	}
	m.OnLeave, m.SittingIn = strings.TrimSpace(m.OnLeave), strings.TrimSpace(m.SittingIn)
	for f, v := range map[string]string{"attendees": m.Attendees, "on_leave": m.OnLeave, "sitting_in": m.SittingIn} {
		if err := checkText(f, v, 0, 2000); err != nil && !errs.AddErr(err) {
			return err
		}
	}
	if m.Period == "" && m.Date != 0 {
		m.Period = HalfYearOf(m.Date).Code
	}
	if m.Period != "" || m.Date != 0 {
		if _, err := PeriodFromCode(m.Period); err != nil && !errs.AddErr(err) {
			return err
		}
	}
	for i := range m.Items {
		it := &m.Items[i]
		it.Seq = i + 1
		it.Title = strings.TrimSpace(it.Title)
		if !oneOf(it.Kind, AgendaKinds) {
			errs.Add(Invalid("agenda["+itoa(i)+"].kind", "must be one of %s", strings.Join(AgendaKinds, ", ")))
		}
		if err := checkText("agenda["+itoa(i)+"].title", it.Title, 1, 200); err != nil && !errs.AddErr(err) {
			return err
		}
		if err := checkText("agenda["+itoa(i)+"].speaker", it.Speaker, 0, 100); err != nil && !errs.AddErr(err) {
			return err
		}
		if err := checkText("agenda["+itoa(i)+"].text", it.Text, 0, 200000); err != nil && !errs.AddErr(err) {
			return err
		}
	}
	return errs.Err()
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// MeetingSummary is a row of the meetings list.
type MeetingSummary struct {
	Meeting
	Measures int
}
