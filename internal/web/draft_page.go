package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/i18n"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// draftRow is one draft of the review table, with what the office typed
// when a submission was refused.
type draftRow struct {
	model.Draft
	Err string
	// Lead and Coop choose the lead and the cooperating units.
	Lead, Coop unitPicker
	// Due is the day the deadline as written is read as, from the day of
	// the meeting; DueErr why it cannot be (before the meeting, unreadable).
	Due     model.Date
	Ongoing bool
	DueErr  string
	// MergedSeq is the number of the row a merged draft went into.
	MergedSeq  int
	LeaderName string
}

// Printed reports whether the draft is a line of the printed table: it is
// still to be decided, or became a measure.
func (d draftRow) Printed() bool { return d.State == model.DraftOpen || d.State == model.DraftAccepted }

// Open reports whether the office can still edit and decide the draft.
func (d draftRow) Open() bool { return d.State == model.DraftOpen }

// speechPart is a piece of the speech: plain text, or the words of a draft.
type speechPart struct {
	Text  string
	Seq   int
	State string
}

type draftsData struct {
	Meeting  model.Meeting
	Item     model.AgendaItem
	Parts    []speechPart
	Drafts   []draftRow
	Deadline string
	Error    string
	Done     string
	DoneN    int
	filterChoices
}

// draftDone are the results the review page reports after an action.
var draftDone = []string{"saved", "accepted", "merged", "rejected", "restored", "split"}

// itemOf reads {item} and checks it belongs to meeting {id}.
func (h *handler) itemOf(r *http.Request) (int64, error) {
	id, err := meetingID(r)
	if err != nil {
		return 0, err
	}
	item, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err != nil || item <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "no agenda item %q", r.PathValue("item"))
	}
	if _, meeting, err := h.a.AgendaItem(r.Context(), signedInOf(r).Account, item); err != nil {
		return 0, err
	} else if meeting != id {
		return 0, model.Errorf(model.ENOTFOUND, "agenda item %d is not part of meeting %d", item, id)
	}
	return item, nil
}

func draftsURL(meeting, item int64) string {
	return "/meetings/" + strconv.FormatInt(meeting, 10) + "/items/" + strconv.FormatInt(item, 10) + "/drafts"
}

// draftsPage is the review of a speech's task decomposition table: the
// speech with each draft's words marked beside the table of drafts.
func (h *handler) draftsPage(w http.ResponseWriter, r *http.Request) {
	h.showDrafts(w, r, http.StatusOK, nil, "", r.URL.Query().Get("done"))
}

// showDrafts renders the review page; typed holds the office's input to keep
// when a submission was refused, with the message and the draft it names.
func (h *handler) showDrafts(w http.ResponseWriter, r *http.Request, status int, typed map[int64]draftRow, msg, done string) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office reviews drafts"))
		return
	}
	item, err := h.itemOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	it, meeting, drafts, err := h.a.Drafts(ctx, signedInOf(r).Account, item)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &draftsData{Meeting: meeting, Item: it, Error: msg, Deadline: r.PostForm.Get("deadline")}
	if oneOf(done, draftDone) {
		d.Done = done
		d.DoneN, _ = strconv.Atoi(r.URL.Query().Get("n"))
	}
	if d.filterChoices, err = h.filterChoices(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, dr := range drafts {
		row := draftRow{Draft: dr}
		if t, ok := typed[dr.ID]; ok {
			row = t
		}
		d.Drafts = append(d.Drafts, row)
	}
	d.Parts = speechParts(it.Text, drafts)
	p := h.newPage(r, "meetings", "drafts.title", d)
	if err := h.fillDraftRows(r, p, d); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, "drafts", p)
}

// fillDraftRows adds what each row shows besides the draft: the unit
// pickers, the day its deadline is read as, the row a merged draft went
// into and the leader's name.
func (h *handler) fillDraftRows(r *http.Request, p *page, d *draftsData) error {
	seqOf := map[int64]int{}
	for _, row := range d.Drafts {
		seqOf[row.ID] = row.Seq
	}
	// Deadlines are read against the academic calendar, read once.
	cal, err := h.a.Calendar(r.Context())
	if err != nil {
		return err
	}
	leaders := map[string]string{}
	for _, l := range d.Leaders {
		leaders[l.Username] = l.Name
	}
	for i := range d.Drafts {
		row := &d.Drafts[i]
		id := strconv.FormatInt(row.ID, 10)
		row.Lead = p.unitPickerOf(d.Units, "lead-"+id, "lead-"+id, p.T("field.lead_unit"), false, []string{row.LeadUnit})
		row.Lead.Empty = p.T("drafts.choose_unit")
		row.Coop = p.unitPickerOf(d.Units, "coop-"+id, "coop-"+id, p.T("field.cooperating_units"), true, row.CooperatingUnits)
		row.MergedSeq = seqOf[row.MergedInto]
		row.LeaderName = leaders[row.Leader]
		if row.Deadline == "" {
			continue
		}
		due, ongoing, err := model.ReadDeadline(row.Deadline, d.Meeting.Date, cal)
		row.Due, row.Ongoing = due, ongoing
		if err != nil {
			row.DueErr = i18n.Message(p.Lang, model.ErrorOf(err))
		}
	}
	return nil
}

// speechParts cuts the speech into plain text and the words of each draft
// still in it (merged drafts are covered by the one they merged into).
func speechParts(text string, drafts []model.Draft) []speechPart {
	var spans []model.Draft
	for _, d := range drafts {
		if d.Start >= 0 && d.End <= len(text) && d.Start < d.End && d.State != model.DraftMerged {
			spans = append(spans, d)
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var out []speechPart
	at := 0
	for _, d := range spans {
		if d.Start < at {
			continue
		}
		if d.Start > at {
			out = append(out, speechPart{Text: text[at:d.Start]})
		}
		out = append(out, speechPart{Text: text[d.Start:d.End], Seq: d.Seq, State: d.State})
		at = d.End
	}
	if at < len(text) {
		out = append(out, speechPart{Text: text[at:]})
	}
	return out
}

// decomposeItem runs the decomposer on an agenda item (again) and opens the
// review.
func (h *handler) decomposeItem(w http.ResponseWriter, r *http.Request) {
	item, err := h.itemOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.a.DecomposeItem(r.Context(), signedInOf(r).Account, item); err != nil {
		h.fail(w, r, err)
		return
	}
	id, _ := meetingID(r)
	redirect(w, r, draftsURL(id, item))
}

// draftsSave carries out one review action: save, accept, reject, restore
// or split a draft, or accept, merge or save the chosen ones. Edits typed in
// the table are saved first, for the drafts the action touches.
func (h *handler) draftsSave(w http.ResponseWriter, r *http.Request) {
	if !canManage(r) {
		h.fail(w, r, model.Errorf(model.EFORBIDDEN, "only the office reviews drafts"))
		return
	}
	item, err := h.itemOf(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	actor := signedInOf(r).Account
	_, _, drafts, err := h.a.Drafts(ctx, signedInOf(r).Account, item)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	action, target, _ := strings.Cut(r.PostForm.Get("action"), ":")
	targetID, _ := strconv.ParseInt(target, 10, 64)
	selected := map[int64]bool{}
	for _, v := range r.PostForm["sel"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			selected[id] = true
		}
	}
	typed := map[int64]draftRow{}
	var touched []int64
	for _, d := range drafts {
		if d.State != model.DraftOpen {
			continue
		}
		row := typedDraft(r, d)
		typed[d.ID] = row
		switch action {
		case "save", "accept", "split":
			if d.ID != targetID {
				continue
			}
		case "accept-selected", "merge":
			if !selected[d.ID] {
				continue
			}
		case "save-all", "accept-all":
		default:
			continue
		}
		touched = append(touched, d.ID)
		if p, changed := draftPatch(d, row.Draft); changed {
			if err := h.a.UpdateDraft(ctx, actor, d.ID, p); err != nil {
				h.draftFailed(w, r, typed, d.ID, err)
				return
			}
		}
	}
	done, n := "", 0
	switch action {
	case "save", "save-all":
		done = "saved"
	case "accept", "accept-selected", "accept-all":
		if action == "accept-all" && len(touched) == 0 {
			err = model.Invalid("drafts", "no open drafts to accept")
		} else {
			var ms []model.Measure
			ms, err = h.a.AcceptDrafts(ctx, actor, item, touched, strings.TrimSpace(r.PostForm.Get("deadline")))
			done, n = "accepted", len(ms)
		}
	case "merge":
		err = h.a.MergeDrafts(ctx, actor, touched)
		done = "merged"
	case "reject":
		err = h.a.RejectDraft(ctx, actor, targetID)
		done = "rejected"
	case "restore":
		err = h.a.RestoreDraft(ctx, actor, targetID)
		done = "restored"
	case "split":
		at, convErr := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("at-" + target)))
		if convErr != nil {
			err = model.Invalid("at", "put the cursor where the text is to be split")
		} else {
			err = h.a.SplitDraft(ctx, actor, targetID, at)
		}
		done = "split"
	default:
		err = model.Invalid("action", "unknown action %q", action)
	}
	if err != nil {
		h.draftFailed(w, r, typed, targetID, err)
		return
	}
	id, _ := meetingID(r)
	to := draftsURL(id, item) + "?done=" + done + "&n=" + strconv.Itoa(n)
	for _, d := range drafts {
		if d.ID == targetID {
			to += "#draft-" + strconv.Itoa(d.Seq) // back at the row, for the keyboard
		}
	}
	redirect(w, r, to)
}

// draftFailed shows the table again with the office's input and the reason:
// 422 for a bad field (the row named by drafts[N]. or by id is marked), the
// error page for anything else.
func (h *handler) draftFailed(w http.ResponseWriter, r *http.Request, typed map[int64]draftRow, id int64, err error) {
	e := model.ErrorOf(err)
	if e == nil || (e.Code != model.EINVALID && e.Code != model.ECONFLICT) {
		h.fail(w, r, err)
		return
	}
	for k, row := range typed {
		if k == id || strings.HasPrefix(e.Field, "drafts["+strconv.Itoa(row.Seq)+"]") {
			row.Err = i18n.Message(langOf(r), e)
			typed[k] = row
		}
	}
	h.showDrafts(w, r, model.HTTPStatus(e.Code), typed, i18n.Message(langOf(r), e), "")
}

// typedDraft reads one row of the table as the office typed it.
func typedDraft(r *http.Request, d model.Draft) draftRow {
	id := strconv.FormatInt(d.ID, 10)
	f := r.PostForm
	row := draftRow{Draft: d}
	if _, ok := f["title-"+id]; !ok {
		return row
	}
	row.Title = f.Get("title-" + id)
	row.Theme = f.Get("theme-" + id)
	row.LeadUnit = f.Get("lead-" + id)
	row.Leader = f.Get("leader-" + id)
	row.Deadline = f.Get("deadline-" + id)
	row.CooperatingUnits = nil
	for _, u := range f["coop-"+id] {
		if u != "" {
			row.CooperatingUnits = append(row.CooperatingUnits, u)
		}
	}
	return row
}

// draftPatch is what the office changed in a row, and whether anything did.
func draftPatch(was, now model.Draft) (app.DraftPatch, bool) {
	var p app.DraftPatch
	changed := false
	set := func(dst **string, a, b string) {
		if strings.TrimSpace(a) != strings.TrimSpace(b) {
			v := b
			*dst, changed = &v, true
		}
	}
	set(&p.Title, was.Title, now.Title)
	set(&p.Theme, was.Theme, now.Theme)
	set(&p.LeadUnit, was.LeadUnit, now.LeadUnit)
	set(&p.Leader, was.Leader, now.Leader)
	set(&p.Deadline, was.Deadline, now.Deadline)
	if strings.Join(was.CooperatingUnits, ",") != strings.Join(now.CooperatingUnits, ",") {
		c := append([]string{}, now.CooperatingUnits...)
		p.CooperatingUnits, changed = &c, true
	}
	return p, changed
}
