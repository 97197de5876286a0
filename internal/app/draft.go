package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/luoshi-edu/luoshi/internal/decompose"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// settingThemeUnits is the office's theme → lead unit map, the suggestion
// used until the institution's own accepted measures say better.
const settingThemeUnits = "theme_units"

// suggester is the unit suggester trained from the institution's measures.
// It learns only what it has not seen: measures written since the change
// counter it last read, skipping those whose lead unit it already learned, so
// it stays current on every server that shares the database.
type suggester struct {
	mu      sync.Mutex
	s       *decompose.Suggester
	key     string // the theme map it was built with
	rev     int64
	learned map[int64]string // measure → its lead unit and theme as learned
}

// ThemeUnits returns the office's theme → unit map.
func (a *App) ThemeUnits(ctx context.Context) (map[string]string, error) {
	v, err := a.store.Setting(ctx, settingThemeUnits, "")
	if err != nil || v == "" {
		return map[string]string{}, err
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		return nil, fmt.Errorf("app: setting %s: %w", settingThemeUnits, err)
	}
	return m, nil
}

// SetThemeUnits stores the theme → unit map (office). Empty units are dropped.
func (a *App) SetThemeUnits(ctx context.Context, actor model.Account, m map[string]string) error {
	if !CanManage(actor) {
		return forbidden("change the theme → unit map")
	}
	clean := map[string]string{}
	for theme, unit := range m {
		if !isTheme(theme) {
			return model.Invalid("theme", "unknown theme %q", theme)
		}
		if unit != "" {
			clean[theme] = unit
		}
	}
	before, err := a.ThemeUnits(ctx)
	if err != nil {
		return err
	}
	return a.change(ctx, actor, "update", "setting", func(tx *store.Tx, ev *Event) error {
		for theme, unit := range clean {
			if ok, err := tx.UnitExists(ctx, unit); err != nil {
				return err
			} else if !ok {
				return model.Invalid("theme_units."+theme, "unknown unit %q", unit)
			}
		}
		b, _ := json.Marshal(clean)
		ev.ID, ev.Before, ev.After = settingThemeUnits, before, clean
		return tx.SetSetting(ctx, settingThemeUnits, string(b))
	})
}

func isTheme(s string) bool {
	for _, t := range model.Themes {
		if t == s {
			return true
		}
	}
	return false
}

// unitSuggester returns the suggester, brought up to date with the measures
// written since it last looked.
func (a *App) unitSuggester(ctx context.Context) (*decompose.Suggester, error) {
	themeUnits, err := a.ThemeUnits(ctx)
	if err != nil {
		return nil, err
	}
	names, err := a.unitNames(ctx)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal([]any{themeUnits, names})
	sg := &a.sugg
	sg.mu.Lock()
	defer sg.mu.Unlock()
	if sg.s == nil || sg.key != string(b) {
		sg.s, sg.key, sg.rev, sg.learned = decompose.NewSuggester(themeUnits), string(b), -1, map[int64]string{}
		sg.s.SetNames(names)
	}
	ms, last, err := a.store.LearnedMeasures(ctx, sg.rev)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		// the theme too: the office's own themes refine the decomposer's
		learned := m.Unit + "\x00" + m.Theme
		if sg.learned[m.ID] == learned {
			continue
		}
		sg.s.Learn(m.Text, m.Unit)
		sg.s.LearnTheme(m.Text, m.Theme)
		sg.learned[m.ID] = learned
	}
	sg.rev = last
	return sg.s, nil
}

// Decompose finds the draft measures in a text, with lead units suggested
// from the institution's own measures. It reads and changes nothing.
func (a *App) Decompose(ctx context.Context, text string) (decompose.Result, error) {
	if len(text) > 1<<20 {
		return decompose.Result{}, model.Invalid("text", "must be at most 1 MB")
	}
	sg, err := a.unitSuggester(ctx)
	if err != nil {
		return decompose.Result{}, err
	}
	return decompose.Decompose(text, decompose.Options{Units: sg}), nil
}

// Drafts returns an agenda item, its meeting and its drafts.
func (a *App) Drafts(ctx context.Context, actor model.Account, item int64) (model.AgendaItem, model.Meeting, []model.Draft, error) {
	it, meetingID, err := a.store.AgendaItem(ctx, item)
	if err != nil {
		return it, model.Meeting{}, nil, err
	}
	m, err := a.store.Meeting(ctx, meetingID)
	if err != nil {
		return it, m, nil, err
	}
	ds, err := a.store.Drafts(ctx, item)
	return it, m, ds, err
}

// keep reports whether a new decomposition must keep a draft that it no
// longer finds: the office decided on it, or made it by splitting.
func keep(d model.Draft) bool { return d.Decided() || d.Found == "" }

// DecomposeItem decomposes an agenda item's text into drafts (office). Run
// again after the speech was edited, it keeps every decision: drafts are
// matched to the new ones by the words they were found in, so edited,
// accepted, rejected and merged drafts stay as they are and move with their
// words (and so do the source links of measures made from them); drafts
// whose words are gone are kept only if decided, marked as no longer in the
// text.
func (a *App) DecomposeItem(ctx context.Context, actor model.Account, item int64) ([]model.Draft, error) {
	if !CanManage(actor) {
		return nil, forbidden("decompose speeches")
	}
	it, _, err := a.store.AgendaItem(ctx, item)
	if err != nil {
		return nil, err
	}
	res, err := a.Decompose(ctx, it.Text)
	if err != nil {
		return nil, err
	}
	// Each draft is offered the leader in charge of its unit (分管) today,
	// when the measure it may become is made.
	portfolios, err := a.store.Portfolios(ctx)
	if err != nil {
		return nil, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	said := t.Day
	err = a.change(ctx, actor, "decompose", "agenda_item", func(tx *store.Tx, ev *Event) error {
		old, err := tx.Drafts(ctx, item)
		if err != nil {
			return err
		}
		byFound := map[string][]int{}
		for i, d := range old {
			if d.Found != "" {
				byFound[d.Found] = append(byFound[d.Found], i)
			}
		}
		used := make([]bool, len(old))
		added, kept := 0, 0
		for i, nd := range res.Drafts {
			parent := 0
			if nd.Parent != nil {
				parent = *nd.Parent
			}
			if q := byFound[nd.Text]; len(q) > 0 {
				byFound[nd.Text] = q[1:]
				d := old[q[0]]
				used[q[0]] = true
				d.Seq, d.Start, d.End, d.Parent = i+1, nd.Start, nd.End, parent
				if err := tx.UpdateDraft(ctx, &d); err != nil {
					return err
				}
				if d.State == model.DraftAccepted && d.Measure != "" {
					if err := tx.SetMeasureSource(ctx, d.Measure, model.Source{AgendaItem: item, Start: d.Start, End: d.End}); err != nil {
						return err
					}
				}
				kept++
				continue
			}
			d := draftOf(item, i+1, parent, nd)
			d.Leader = portfolios.LeaderOf(d.LeadUnit, d.Theme, said)
			if err := tx.InsertDraft(ctx, &d); err != nil {
				return err
			}
			added++
		}
		next := len(res.Drafts)
		for i, d := range old {
			if used[i] {
				continue
			}
			if !keep(d) {
				if err := tx.DeleteDraft(ctx, d.ID); err != nil {
					return err
				}
				continue
			}
			if d.Found != "" { // its words are gone from the speech
				next++
				d.Seq, d.Start, d.End = next, -1, -1
				if d.State == model.DraftAccepted && d.Measure != "" {
					if err := tx.SetMeasureSource(ctx, d.Measure, model.Source{AgendaItem: item}); err != nil {
						return err
					}
				}
			}
			if err := tx.UpdateDraft(ctx, &d); err != nil {
				return err
			}
			kept++
		}
		ev.ID = strconv.FormatInt(item, 10)
		ev.After = map[string]int{"found": len(res.Drafts), "new": added, "kept": kept}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.store.Drafts(ctx, item)
}

// draftOf is a new draft from what the decomposer found: the unit the
// speech names as the doer leads (else the suggested one), the units it
// names to cooperate cooperate, and the deadline is kept as written.
func draftOf(item int64, seq, parent int, nd decompose.Draft) model.Draft {
	lead := nd.Unit
	if nd.OwnerUnit != "" {
		lead = nd.OwnerUnit
	}
	return model.Draft{AgendaItem: item, Seq: seq, Start: nd.Start, End: nd.End, Found: nd.Text, Parent: parent,
		Title: nd.Text, Theme: nd.Theme, Confidence: nd.Confidence, LeadUnit: lead, State: model.DraftOpen,
		CooperatingUnits: cooperating(lead, nd.Cooperating), Deadline: saidDeadline(nd.Deadline)}
}

// cooperating is the units a speech names to cooperate, without the lead
// unit and without repeats (a draft refuses both).
func cooperating(lead string, units []string) []string {
	out := []string{}
	for _, u := range units {
		if u != "" && u != lead && !contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// saidDeadline is a deadline as the speech writes it, kept for the office
// to read; one longer than a draft's deadline may be is no deadline.
func saidDeadline(s string) string {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 100 {
		return ""
	}
	return s
}

// DraftPatch is the office's edit of a draft: nil fields stay.
type DraftPatch struct {
	Title            *string
	Theme            *string
	LeadUnit         *string
	CooperatingUnits *[]string
	Leader           *string
	Deadline         *string
}

// draftChange loads an open draft of item, applies fn and writes it with
// one audit event.
func (a *App) draftChange(ctx context.Context, actor model.Account, action string, id int64, fn func(tx *store.Tx, d *model.Draft) error) error {
	if !CanManage(actor) {
		return forbidden("review drafts")
	}
	return a.change(ctx, actor, action, "draft", func(tx *store.Tx, ev *Event) error {
		d, err := tx.Draft(ctx, id)
		if err != nil {
			return err
		}
		ev.ID, ev.Before = strconv.FormatInt(id, 10), d
		if err := fn(tx, &d); err != nil {
			return err
		}
		ev.After = d
		return tx.UpdateDraft(ctx, &d)
	})
}

func needOpen(d *model.Draft) error {
	if d.State != model.DraftOpen {
		return model.Errorf(model.ECONFLICT, "%s is %s", d, d.State)
	}
	return nil
}

// UpdateDraft applies the office's edits to an open draft.
func (a *App) UpdateDraft(ctx context.Context, actor model.Account, id int64, p DraftPatch) error {
	return a.draftChange(ctx, actor, "update", id, func(tx *store.Tx, d *model.Draft) error {
		if err := needOpen(d); err != nil {
			return err
		}
		for _, f := range []struct{ dst, src *string }{{&d.Title, p.Title}, {&d.Theme, p.Theme}, {&d.LeadUnit, p.LeadUnit}, {&d.Leader, p.Leader}, {&d.Deadline, p.Deadline}} {
			if f.src != nil {
				*f.dst = strings.TrimSpace(*f.src)
			}
		}
		if p.CooperatingUnits != nil {
			d.CooperatingUnits = append([]string{}, (*p.CooperatingUnits)...)
		}
		return a.checkDraft(ctx, tx, d)
	})
}

// checkDraft validates a draft's fields and the units and leader it names;
// the lead unit may still be empty (it is required only to accept).
func (a *App) checkDraft(ctx context.Context, tx *store.Tx, d *model.Draft) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if err := checkUnits(ctx, tx, d.LeadUnit, d.CooperatingUnits); err != nil {
		return err
	}
	if err := checkLeader(ctx, tx, d.Leader); err != nil {
		return err
	}
	if d.Deadline == "" {
		return nil
	}
	said, cal, err := saidOnItem(ctx, tx, d.AgendaItem)
	if err != nil {
		return err
	}
	_, _, err = model.ReadDeadline(d.Deadline, said, cal)
	return err
}

// saidOnItem is the day an agenda item was said (its meeting's date) and
// the academic calendar, which deadlines in it are read against.
func saidOnItem(ctx context.Context, tx *store.Tx, item int64) (model.Date, model.Calendar, error) {
	_, meetingID, err := tx.AgendaItem(ctx, item)
	if err != nil {
		return 0, nil, err
	}
	m, err := tx.Meeting(ctx, meetingID)
	if err != nil {
		return 0, nil, err
	}
	cal, err := tx.Calendar(ctx)
	return m.Date, cal, err
}

// RejectDraft sets an open draft aside; RestoreDraft brings a rejected or
// merged draft back.
func (a *App) RejectDraft(ctx context.Context, actor model.Account, id int64) error {
	return a.draftChange(ctx, actor, "reject", id, func(tx *store.Tx, d *model.Draft) error {
		if err := needOpen(d); err != nil {
			return err
		}
		d.State = model.DraftRejected
		return nil
	})
}

// RestoreDraft brings a rejected or merged draft back to open.
func (a *App) RestoreDraft(ctx context.Context, actor model.Account, id int64) error {
	return a.draftChange(ctx, actor, "restore", id, func(tx *store.Tx, d *model.Draft) error {
		if d.State != model.DraftRejected && d.State != model.DraftMerged {
			return model.Errorf(model.ECONFLICT, "%s is %s", d, d.State)
		}
		d.State, d.MergedInto = model.DraftOpen, 0
		return nil
	})
}

// SplitDraft cuts an open draft's text in two at character at: the first
// part stays, the second becomes a new draft right after it. When the text
// is still the words as found, the source span is cut too.
func (a *App) SplitDraft(ctx context.Context, actor model.Account, id int64, at int) error {
	return a.draftChange(ctx, actor, "split", id, func(tx *store.Tx, d *model.Draft) error {
		if err := needOpen(d); err != nil {
			return err
		}
		r := []rune(d.Title)
		if at <= 0 || at >= len(r) {
			return model.Invalid("at", "split inside the text: between 1 and %d", len(r)-1)
		}
		// Cut at a clause's comma, neither part keeps it: the first does
		// not end in "，" nor does the second begin with one.
		head, tail := string(r[:at]), string(r[at:])
		first := strings.TrimRightFunc(head, isSplitJoint)
		second := strings.TrimLeftFunc(tail, isSplitJoint)
		if first == "" || second == "" {
			return model.Invalid("at", "both parts need text")
		}
		nd := *d
		nd.ID, nd.Found, nd.Title = 0, "", second
		if d.Title == d.Found && d.Start >= 0 {
			d.End = d.Start + len(first)
			nd.Start = d.Start + len(head) + len(tail) - len(second)
		}
		d.Title = first
		if err := tx.InsertDraft(ctx, &nd); err != nil {
			return err
		}
		return a.renumber(ctx, tx, d.AgendaItem, d, &nd)
	})
}

// isSplitJoint reports whether r joins two clauses (a comma, a semicolon, a
// colon, a full stop) or is space: what a split leaves at either cut.
func isSplitJoint(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("，,、；;：:。.！!？?", r)
}

// renumber puts a split-off draft right after its original and keeps the
// item's drafts numbered 1…n.
func (a *App) renumber(ctx context.Context, tx *store.Tx, item int64, orig, added *model.Draft) error {
	ds, err := tx.Drafts(ctx, item)
	if err != nil {
		return err
	}
	var order []model.Draft
	for _, x := range ds {
		switch x.ID {
		case orig.ID:
			order = append(order, *orig, *added)
		case added.ID:
		default:
			order = append(order, x)
		}
	}
	for i := range order {
		if order[i].Seq == i+1 && order[i].ID != orig.ID {
			continue
		}
		order[i].Seq = i + 1
		if order[i].ID == orig.ID {
			orig.Seq = i + 1
			continue // written by the caller
		}
		if err := tx.UpdateDraft(ctx, &order[i]); err != nil {
			return err
		}
	}
	return nil
}

// MergeDrafts joins open drafts of one item into the first of them: its text
// becomes all their texts in order and its span covers theirs; the others
// are marked merged into it.
func (a *App) MergeDrafts(ctx context.Context, actor model.Account, ids []int64) error {
	if !CanManage(actor) {
		return forbidden("review drafts")
	}
	if len(ids) < 2 {
		return model.Invalid("drafts", "choose at least two drafts to merge")
	}
	return a.change(ctx, actor, "merge", "draft", func(tx *store.Tx, ev *Event) error {
		var ds []model.Draft
		for _, id := range ids {
			d, err := tx.Draft(ctx, id)
			if err != nil {
				return err
			}
			if err := needOpen(&d); err != nil {
				return err
			}
			if len(ds) > 0 && d.AgendaItem != ds[0].AgendaItem {
				return model.Invalid("drafts", "drafts of different agenda items cannot be merged")
			}
			ds = append(ds, d)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i].Seq < ds[j].Seq })
		ev.Before = ds
		into := &ds[0]
		for i := 1; i < len(ds); i++ {
			d := &ds[i]
			into.Title = joinText(into.Title, d.Title)
			if d.Start >= 0 && into.Start >= 0 {
				into.Start, into.End = min(into.Start, d.Start), max(into.End, d.End)
			}
			for _, u := range d.CooperatingUnits {
				if u != into.LeadUnit && !contains(into.CooperatingUnits, u) {
					into.CooperatingUnits = append(into.CooperatingUnits, u)
				}
			}
			d.State, d.MergedInto = model.DraftMerged, into.ID
			if err := tx.UpdateDraft(ctx, d); err != nil {
				return err
			}
		}
		ev.ID, ev.After = strconv.FormatInt(into.ID, 10), ds
		return tx.UpdateDraft(ctx, into)
	})
}

// joinText joins two directives the way the speech would: Chinese with "；",
// other text with "; ".
func joinText(a, b string) string {
	a = strings.TrimRight(a, "。；;.，, ")
	for _, r := range a {
		if r >= 0x4e00 && r <= 0x9fff {
			return a + "；" + b
		}
	}
	return a + "; " + b
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// AcceptDrafts turns open drafts of an agenda item into measures, all in one
// transaction: if any draft cannot become a measure, none does, and the
// error names the draft and the field. A draft without a deadline takes
// defaultDeadline. Each measure links back to the item and the span.
func (a *App) AcceptDrafts(ctx context.Context, actor model.Account, item int64, ids []int64, defaultDeadline string) ([]model.Measure, error) {
	if !CanManage(actor) {
		return nil, forbidden("accept drafts")
	}
	if len(ids) == 0 {
		return nil, model.Invalid("drafts", "choose the drafts to accept")
	}
	it, meetingID, err := a.store.AgendaItem(ctx, item)
	if err != nil {
		return nil, err
	}
	meeting, err := a.store.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	mp, _ := model.PeriodFromCode(meeting.Period)
	t, err := a.Today(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := a.store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out []model.Measure
	err = a.write(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			d, err := tx.Draft(ctx, id)
			if err != nil {
				return err
			}
			if d.AgendaItem != item {
				return model.Invalid("drafts", "draft %d is not from this agenda item", id)
			}
			if err := needOpen(&d); err != nil {
				return err
			}
			m := model.Measure{Title: d.MeasureTitle(), Detail: d.Title, Theme: d.Theme, LeadUnit: d.LeadUnit,
				CooperatingUnits: d.CooperatingUnits, Leader: d.Leader, Deadline: d.Deadline, Period: mp.Code}
			if m.Deadline == "" {
				m.Deadline = defaultDeadline
			}
			if m.Deadline == "" {
				return draftInvalid(d, "deadline", "a deadline is required (a date, 2024年12月底前, 本学期内 or 长期坚持)")
			}
			// 10月底前 said in November means next October, 本学期内 said at
			// a late-June retreat the coming term's end: deadlines are read
			// from the meeting's day, and one before it is refused.
			due, ongoing, err := model.ReadDeadline(m.Deadline, meeting.Date, cal)
			if err != nil {
				return draftErr(d, err)
			}
			if !ongoing {
				m.Due, m.Period = due, model.HalfYearOf(due).Code
			}
			// Work decided at a meeting starts then, even when its deadline
			// falls in a later half-year (its period): it is not "not
			// started" until the period begins.
			if p, err := model.PeriodFromCode(m.Period); err == nil && meeting.Date != 0 && meeting.Date < p.Start {
				m.Start = meeting.Date
			}
			if d.Start >= 0 && d.End <= len(it.Text) {
				m.Source = model.Source{AgendaItem: item, Start: d.Start, End: d.End}
			} else {
				m.Source = model.Source{AgendaItem: item}
			}
			if err := m.Normalize(); err != nil {
				return draftErr(d, err)
			}
			if err := a.insertMeasure(ctx, tx, t, &m); err != nil {
				return draftErr(d, err)
			}
			d.State, d.Measure = model.DraftAccepted, m.Code
			if err := tx.UpdateDraft(ctx, &d); err != nil {
				return err
			}
			for _, ev := range []model.AuditEvent{
				{Entity: "measure", EntityID: m.Code, Action: "create", After: marshal(m)},
				{Entity: "draft", EntityID: strconv.FormatInt(d.ID, 10), Action: "accept", After: marshal(d)},
			} {
				ev.At, ev.Actor = tx.Now(), actor.Username
				if err := tx.InsertAudit(ctx, ev); err != nil {
					return err
				}
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// draftErr names the draft in a validation error: "drafts[3].lead_unit".
func draftErr(d model.Draft, err error) error {
	if e := model.ErrorOf(err); e != nil && e.Code == model.EINVALID {
		out := model.Invalid(fmt.Sprintf("drafts[%d].%s", d.Seq, e.Field), "draft %d, %s: %s", d.Seq, e.Field, e)
		out.Message = fmt.Sprintf("draft %d, %s: %s", d.Seq, e.Field, e.Message)
		return out
	}
	return err
}

func draftInvalid(d model.Draft, field, msg string) error {
	return draftErr(d, model.Invalid(field, "%s", msg))
}

// AgendaItem returns an agenda item and the id of its meeting.
func (a *App) AgendaItem(ctx context.Context, actor model.Account, id int64) (model.AgendaItem, int64, error) {
	return a.store.AgendaItem(ctx, id)
}
