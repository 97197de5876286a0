package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// progressForm is the report form's input, kept when it must be shown again.
type progressForm struct {
	Date, Percent, Note string
	Risk                bool
	Errs                map[string]string
}

// reviewForm is a review's input for one report, kept on a 422.
type reviewForm struct {
	ID      int64
	Comment string
	Err     string
}

// sourceText is the agenda item a measure came from, with its span marked.
type sourceText struct {
	Meeting           int64
	MeetingTitle      string
	ItemTitle         string
	Speaker           string
	Pre, Mark, Post   string
	Highlighted, Full bool
}

// change is one field of an audit event, before and after.
type change struct{ Field, Before, After string }

type historyRow struct {
	Event   model.AuditEvent
	Changes []change
}

type measureData struct {
	M                                         model.Measure
	Reports                                   []model.ProgressReport
	Comments                                  []model.Comment
	History                                   []historyRow
	Source                                    *sourceText
	People                                    map[string]string
	CanReport, CanComment, CanReview, CanEdit bool
	// SeeHistory: the reader may read the measure's history (app cut
	// History to nil otherwise; the section is left out).
	SeeHistory                      bool
	EvidenceAccept                  string
	EvidenceMaxFiles, EvidenceMaxMB int
	Progress                        progressForm
	CommentText, CommentErr         string
	Review                          reviewForm
	Problems                        []model.Problem
	Allocations                     []model.Allocation
	Notices                         []noticeRow
}

// Person is an account's display name, or the username when unknown.
func (d *measureData) Person(username string) string {
	if n, ok := d.People[username]; ok && n != "" {
		return n
	}
	return username
}

// measurePage shows one measure: what was asked, by whom, where it came
// from, how far it is, and everything that happened to it.
func (h *handler) measurePage(w http.ResponseWriter, r *http.Request) {
	h.showMeasure(w, r, http.StatusOK, &measureData{})
}

// showMeasure renders the measure page with d's forms (empty, or kept input
// with errors after a failed POST).
func (h *handler) showMeasure(w http.ResponseWriter, r *http.Request, status int, d *measureData) {
	ctx := r.Context()
	det, err := h.a.Measure(ctx, signedInOf(r).Account, r.PathValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	acct := signedInOf(r).Account
	if r.Method == http.MethodGet {
		// Opening the measure is seeing the comments that name the reader.
		if err := h.a.SeeMentions(ctx, acct, det.Measure); err != nil && !model.ClientGone(ctx, err) {
			h.a.Log.Warn("web: mark mentions seen", "measure", det.Measure.Code, "err", err)
		}
	}
	d.M, d.Reports, d.Comments = det.Measure, det.Reports, det.Comments
	d.CanReport, d.CanComment, d.CanReview, d.CanEdit = det.May.Report, det.May.Comment, det.May.Review, det.May.Edit
	d.SeeHistory = det.May.SeeHistory
	d.EvidenceAccept = strings.Join(model.EvidenceExtensions(), ",")
	d.EvidenceMaxFiles, d.EvidenceMaxMB = model.MaxEvidenceFiles, model.MaxEvidenceSize>>20
	if d.Progress.Percent == "" && d.Progress.Errs == nil {
		d.Progress.Percent = fmt.Sprint(d.M.Progress)
	}
	names := []string{d.M.Leader, d.M.Owner}
	for _, x := range det.Reports {
		names = append(names, x.Author)
	}
	for _, x := range det.Comments {
		names = append(names, x.Author)
	}
	for _, x := range det.History {
		names = append(names, x.Actor)
		names = append(names, usernamesIn(x.Before)...)
		names = append(names, usernamesIn(x.After)...)
	}
	if d.People, err = h.a.AccountNames(ctx, signedInOf(r).Account, names); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Problems, err = h.a.MeasureProblems(ctx, signedInOf(r).Account, d.M.Code); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Allocations, err = h.a.Allocations(ctx, signedInOf(r).Account, model.AllocationFilter{Measure: d.M.Code}); err != nil {
		h.fail(w, r, err)
		return
	}
	ns, err := h.a.Notices(ctx, acct, model.NoticeFilter{Measure: d.M.Code, Limit: 20})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Notices = noticeRows(i18n.Lang(acct.Lang), ns)
	for _, ev := range det.History {
		d.History = append(d.History, historyRow{Event: ev, Changes: diff(ev)})
	}
	if det.SourceItem != nil {
		s := &sourceText{Meeting: det.SourceMeeting, ItemTitle: det.SourceItem.Title, Speaker: det.SourceItem.Speaker}
		if mt, err := h.a.Meeting(ctx, signedInOf(r).Account, det.SourceMeeting); err == nil {
			s.MeetingTitle = mt.Title
		}
		text, a, b := det.SourceItem.Text, d.M.Source.Start, d.M.Source.End
		if 0 <= a && a < b && b <= len(text) && utf8.RuneStart(text[a]) && (b == len(text) || utf8.RuneStart(text[b])) {
			s.Pre, s.Mark, s.Post, s.Highlighted = text[:a], text[a:b], text[b:], true
		} else {
			s.Pre, s.Full = text, true
		}
		d.Source = s
	}
	p := h.newPage(r, "measures", "measure.title", d)
	readableRows(p, "measure", d.People, d.History)
	p.Title = d.M.Code + " " + d.M.Title
	if d.Progress.Date == "" && d.Progress.Errs == nil {
		d.Progress.Date = p.Today.String()
	}
	h.render(w, r, status, "measure_page", p)
}

// diff turns an audit event's JSON into a few readable changes. Only the
// fields a reader cares about are shown; derived fields are left out.
func diff(ev model.AuditEvent) []change {
	var before, after map[string]any
	json.Unmarshal([]byte(ev.Before), &before)
	json.Unmarshal([]byte(ev.After), &after)
	var out []change
	switch ev.Action {
	case "report_progress":
		out = append(out, change{"progress", short(before["progress"]), short(after["percent"])})
		if n := short(after["note"]); n != "" {
			out = append(out, change{"note", "", n})
		}
		out = append(out, evidenceChanges(after)...)
	case "review_progress":
		out = append(out, change{"review", short(before["review"]), short(after["review"])})
		if c := short(after["comment"]); c != "" {
			out = append(out, change{"comment", "", c})
		}
	case "comment":
		out = append(out, change{"comment", "", short(after["text"])})
	case "add_evidence":
		out = append(out, evidenceChanges(after)...)
	case "create":
		for _, k := range []string{"title", "lead_unit", "deadline"} {
			out = append(out, change{k, "", short(after[k])})
		}
	default:
		out = changedFields(before, after, 40)
	}
	if len(out) > 6 {
		out = out[:6]
	}
	return out
}

// evidenceChanges lists the names of the files an audit event's after
// attached.
func evidenceChanges(after map[string]any) []change {
	var out []change
	files, _ := after["evidence"].([]any)
	for _, f := range files {
		if f, ok := f.(map[string]any); ok {
			out = append(out, change{"evidence", "", short(f["name"])})
		}
	}
	return out
}

// short renders a JSON value in at most 40 characters.
func short(v any) string { return clip(v, 40) }
