package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/speechfile"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// Preparing a retreat (研讨会筹备), in one place:
//   - the office sets a retreat's topics and groups, asks participants for
//     remarks by a day, withdraws a request, and may submit on a
//     participant's behalf; it compiles the participants' book;
//   - a participant submits only their own remarks: a unit account its
//     unit's, a leader their own;
//   - everyone signed in reads the topics and groups; the office and
//     leaders read every request and the book, a unit account its unit's
//     requests.
// A request not met by its day is chased by the daily job (planRemarks).

// CanPrepareRetreat: the office sets topics, groups and requests.
func CanPrepareRetreat(a model.Account) bool { return IsOffice(a) }

// canReadAllRemarks: the office and leaders.
func canReadAllRemarks(a model.Account) bool { return IsOffice(a) || a.Role == model.RoleLeader }

// IsParticipant reports whether p is a itself: a unit account's unit or a
// leader's own account.
func IsParticipant(a model.Account, p model.Participant) bool {
	switch p.Kind {
	case model.ParticipantUnit:
		return a.Role == model.RoleUnit && a.Unit != "" && a.Unit == p.Ref
	case model.ParticipantLeader:
		return a.Role == model.RoleLeader && a.Username == p.Ref
	}
	return false
}

// CanSubmitRemarks: the participant, or the office on their behalf.
func CanSubmitRemarks(a model.Account, r model.Remarks) bool {
	return IsOffice(a) || IsParticipant(a, r.Participant)
}

// canReadRemarks: all-readers and the participant.
func canReadRemarks(a model.Account, r model.Remarks) bool {
	return canReadAllRemarks(a) || IsParticipant(a, r.Participant)
}

// RetreatPrep is a retreat's preparation as one reader sees it.
type RetreatPrep struct {
	Meeting model.Meeting
	Topics  []model.RetreatTopic
	Groups  []model.RetreatGroup
	// Remarks are the requests the reader may see, with their states.
	Remarks []model.Remarks
	// Names are the display names of the leaders and units the groups and
	// requests name, by username or unit code.
	Names map[string]string
	// Leaders and Units are who may sit in a group (the office's form).
	Leaders []model.Account
	Units   []model.Unit
	Today   model.Date
}

// Name is a member's name: the leader's or the unit's, else the key.
func (p RetreatPrep) Name(key string) string {
	if n := p.Names[key]; n != "" {
		return n
	}
	return key
}

// Topic is the title of topic id, "" when it is gone.
func (p RetreatPrep) Topic(id int64) string {
	for _, t := range p.Topics {
		if t.ID == id {
			return t.Title
		}
	}
	return ""
}

// Counts are how many requests stand in each state.
func (p RetreatPrep) Counts() map[string]int {
	c := map[string]int{}
	for _, r := range p.Remarks {
		c[r.State]++
	}
	return c
}

// retreatOf returns meeting id when it is a retreat.
func retreatOf(ctx context.Context, q store.Queries, id int64) (model.Meeting, error) {
	m, err := q.Meeting(ctx, id)
	if err != nil {
		return m, err
	}
	if m.Kind != "retreat" {
		return m, model.Invalid("meeting", "meeting %d is not a retreat", id)
	}
	return m, nil
}

// isUnit tells a unit's code from a leader's username among the names
// participantNames gives: units are keyed "unit:CODE" too.
func isUnit(names map[string]string, key string) bool {
	_, ok := names["unit:"+key]
	return ok
}

// participantNames maps leaders' usernames and units' codes to names, and
// returns the leaders and units that may sit in a group.
func (a *App) participantNames(ctx context.Context) (map[string]string, []model.Account, []model.Unit, error) {
	names := map[string]string{}
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, u := range units {
		names[u.Code], names["unit:"+u.Code] = u.Name, u.Name
	}
	accts, err := a.store.Accounts(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	var leaders []model.Account
	for _, ac := range accts {
		if ac.Role == model.RoleLeader {
			names[ac.Username] = ac.Name
			if !ac.Disabled {
				leaders = append(leaders, ac)
			}
		}
	}
	return names, leaders, units, nil
}

// RetreatPrep returns a retreat's topics, groups and the requests for
// remarks actor may see.
func (a *App) RetreatPrep(ctx context.Context, actor model.Account, meeting int64) (RetreatPrep, error) {
	var p RetreatPrep
	if err := canRead(actor); err != nil {
		return p, err
	}
	m, err := retreatOf(ctx, a.store.Queries, meeting)
	if err != nil {
		return p, err
	}
	p.Meeting = m
	if p.Topics, err = a.store.RetreatTopics(ctx, meeting); err != nil {
		return p, err
	}
	if p.Groups, err = a.store.RetreatGroups(ctx, meeting); err != nil {
		return p, err
	}
	if p.Remarks, err = a.RetreatRemarks(ctx, actor, meeting); err != nil {
		return p, err
	}
	if p.Names, p.Leaders, p.Units, err = a.participantNames(ctx); err != nil {
		return p, err
	}
	t, err := a.Today(ctx)
	p.Today = t.Day
	return p, err
}

// RetreatTopics lists a retreat's topics (everyone signed in).
func (a *App) RetreatTopics(ctx context.Context, actor model.Account, meeting int64) ([]model.RetreatTopic, error) {
	if err := canRead(actor); err != nil {
		return nil, err
	}
	if _, err := retreatOf(ctx, a.store.Queries, meeting); err != nil {
		return nil, err
	}
	return a.store.RetreatTopics(ctx, meeting)
}

// SaveRetreatTopic adds a topic (ID 0, at the end unless Seq says where)
// or changes one (office).
func (a *App) SaveRetreatTopic(ctx context.Context, actor model.Account, meeting int64, t *model.RetreatTopic) error {
	if !CanPrepareRetreat(actor) {
		return forbidden("prepare the retreat")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	action := "create"
	if t.ID != 0 {
		action = "update"
	}
	t.Meeting = meeting
	return a.change(ctx, actor, action, "retreat_topic", func(tx *store.Tx, ev *Event) error {
		if _, err := retreatOf(ctx, tx.Queries, meeting); err != nil {
			return err
		}
		all, err := tx.RetreatTopics(ctx, meeting)
		if err != nil {
			return err
		}
		if t.ID == 0 {
			if len(all) >= model.MaxRetreatTopics {
				return model.Invalid("title", "a retreat has at most %d topics", model.MaxRetreatTopics)
			}
			if t.Seq == 0 {
				t.Seq = len(all) + 1
				if len(all) > 0 {
					t.Seq = max(t.Seq, all[len(all)-1].Seq+1)
				}
			}
			err = tx.InsertRetreatTopic(ctx, t)
		} else {
			i := slices.IndexFunc(all, func(x model.RetreatTopic) bool { return x.ID == t.ID })
			if i < 0 {
				return model.Errorf(model.ENOTFOUND, "topic %d of meeting %d not found", t.ID, meeting)
			}
			ev.Before = all[i]
			if t.Seq == 0 {
				t.Seq = all[i].Seq
			}
			err = tx.UpdateRetreatTopic(ctx, *t)
		}
		ev.ID, ev.After = strconv.FormatInt(t.ID, 10), t
		return err
	})
}

// DeleteRetreatTopic removes a topic, and takes it off the groups that
// discussed it (office).
func (a *App) DeleteRetreatTopic(ctx context.Context, actor model.Account, meeting, id int64) error {
	if !CanPrepareRetreat(actor) {
		return forbidden("prepare the retreat")
	}
	return a.change(ctx, actor, "delete", "retreat_topic", func(tx *store.Tx, ev *Event) error {
		if _, err := retreatOf(ctx, tx.Queries, meeting); err != nil {
			return err
		}
		if err := tx.DeleteRetreatTopic(ctx, meeting, id); err != nil {
			return err
		}
		groups, err := tx.RetreatGroups(ctx, meeting)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if i := slices.Index(g.Topics, id); i >= 0 {
				g.Topics = slices.Delete(g.Topics, i, i+1)
				if err := tx.UpdateRetreatGroup(ctx, g); err != nil {
					return err
				}
			}
		}
		ev.ID = strconv.FormatInt(id, 10)
		return nil
	})
}

// RetreatGroups lists a retreat's groups (everyone signed in).
func (a *App) RetreatGroups(ctx context.Context, actor model.Account, meeting int64) ([]model.RetreatGroup, error) {
	if err := canRead(actor); err != nil {
		return nil, err
	}
	if _, err := retreatOf(ctx, a.store.Queries, meeting); err != nil {
		return nil, err
	}
	return a.store.RetreatGroups(ctx, meeting)
}

// SaveRetreatGroup adds (ID 0) or changes a group (office): its leaders
// must be leaders' accounts, its units units, its topics the retreat's,
// and no leader or unit sits in two groups.
func (a *App) SaveRetreatGroup(ctx context.Context, actor model.Account, meeting int64, g *model.RetreatGroup) error {
	if !CanPrepareRetreat(actor) {
		return forbidden("prepare the retreat")
	}
	if err := g.Validate(); err != nil {
		return err
	}
	names, _, _, err := a.participantNames(ctx)
	if err != nil {
		return err
	}
	accts, err := a.store.AccountsBy(ctx, store.AccountFilter{Usernames: g.Leaders})
	if err != nil {
		return err
	}
	var errs model.Errors
	for _, l := range g.Leaders {
		if !slices.ContainsFunc(accts, func(ac model.Account) bool { return ac.Username == l && ac.Role == model.RoleLeader }) {
			errs.Add(model.Invalid("leaders", "%s is not a leader's account", l))
		}
	}
	for _, u := range g.Units {
		if !isUnit(names, u) {
			errs.Add(model.Invalid("units", "there is no unit %s", u))
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	action := "create"
	if g.ID != 0 {
		action = "update"
	}
	g.Meeting = meeting
	return a.change(ctx, actor, action, "retreat_group", func(tx *store.Tx, ev *Event) error {
		if _, err := retreatOf(ctx, tx.Queries, meeting); err != nil {
			return err
		}
		topics, err := tx.RetreatTopics(ctx, meeting)
		if err != nil {
			return err
		}
		for _, id := range g.Topics {
			if !slices.ContainsFunc(topics, func(t model.RetreatTopic) bool { return t.ID == id }) {
				return model.Invalid("topics", "the retreat has no topic %d", id)
			}
		}
		all, err := tx.RetreatGroups(ctx, meeting)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID == g.ID {
				continue
			}
			for _, m := range append(slices.Clone(g.Leaders), g.Units...) {
				if slices.Contains(o.Leaders, m) || slices.Contains(o.Units, m) {
					return model.Invalid("members", "%s sits in the group %s already", names[m], o.Name)
				}
			}
		}
		if g.ID == 0 {
			if len(all) >= model.MaxRetreatGroups {
				return model.Invalid("name", "a retreat has at most %d groups", model.MaxRetreatGroups)
			}
			if g.Seq == 0 {
				g.Seq = len(all) + 1
				if len(all) > 0 {
					g.Seq = max(g.Seq, all[len(all)-1].Seq+1)
				}
			}
			err = tx.InsertRetreatGroup(ctx, g)
		} else {
			i := slices.IndexFunc(all, func(x model.RetreatGroup) bool { return x.ID == g.ID })
			if i < 0 {
				return model.Errorf(model.ENOTFOUND, "group %d of meeting %d not found", g.ID, meeting)
			}
			ev.Before = all[i]
			if g.Seq == 0 {
				g.Seq = all[i].Seq
			}
			err = tx.UpdateRetreatGroup(ctx, *g)
		}
		ev.ID, ev.After = strconv.FormatInt(g.ID, 10), g
		return err
	})
}

// DeleteRetreatGroup removes a group (office).
func (a *App) DeleteRetreatGroup(ctx context.Context, actor model.Account, meeting, id int64) error {
	if !CanPrepareRetreat(actor) {
		return forbidden("prepare the retreat")
	}
	return a.change(ctx, actor, "delete", "retreat_group", func(tx *store.Tx, ev *Event) error {
		if _, err := retreatOf(ctx, tx.Queries, meeting); err != nil {
			return err
		}
		ev.ID = strconv.FormatInt(id, 10)
		return tx.DeleteRetreatGroup(ctx, meeting, id)
	})
}

// RetreatRemarks lists a retreat's requests for remarks that actor may
// see, with their names and states: every one for the office and leaders,
// a unit account's own unit's.
func (a *App) RetreatRemarks(ctx context.Context, actor model.Account, meeting int64) ([]model.Remarks, error) {
	if err := canRead(actor); err != nil {
		return nil, err
	}
	if _, err := retreatOf(ctx, a.store.Queries, meeting); err != nil {
		return nil, err
	}
	f := store.RemarksFilter{Meeting: meeting}
	if !canReadAllRemarks(actor) {
		if actor.Role != model.RoleUnit || actor.Unit == "" {
			return []model.Remarks{}, nil
		}
		f.Participant = &model.Participant{Kind: model.ParticipantUnit, Ref: actor.Unit}
	}
	rs, err := a.store.RetreatRemarks(ctx, f)
	if err != nil {
		return nil, err
	}
	return rs, a.nameRemarks(ctx, rs)
}

// nameRemarks fills in the participants' names and the states for today.
func (a *App) nameRemarks(ctx context.Context, rs []model.Remarks) error {
	if len(rs) == 0 {
		return nil
	}
	t, err := a.Today(ctx)
	if err != nil {
		return err
	}
	names, _, _, err := a.participantNames(ctx)
	if err != nil {
		return err
	}
	for i := range rs {
		rs[i].Name = names[rs[i].Participant.Ref]
		if rs[i].Name == "" {
			rs[i].Name = rs[i].Participant.Ref
		}
		rs[i].State = rs[i].StateOn(t.Day)
	}
	return nil
}

// RetreatRemark returns one request actor may see.
func (a *App) RetreatRemark(ctx context.Context, actor model.Account, meeting, id int64) (model.Remarks, error) {
	if err := canRead(actor); err != nil {
		return model.Remarks{}, err
	}
	r, err := a.store.RetreatRemark(ctx, id)
	if err != nil {
		return r, err
	}
	if r.Meeting != meeting {
		return model.Remarks{}, model.Errorf(model.ENOTFOUND, "request for remarks %d of meeting %d not found", id, meeting)
	}
	if !canReadRemarks(actor, r) {
		return model.Remarks{}, forbidden("read these remarks")
	}
	rs := []model.Remarks{r}
	err = a.nameRemarks(ctx, rs)
	return rs[0], err
}

// RequestRemarks asks participants for remarks by day due (office); with
// no participant named, every leader and unit sitting in a group is
// asked. A participant asked already keeps their request, its day moved.
// It returns the retreat's requests afterwards.
func (a *App) RequestRemarks(ctx context.Context, actor model.Account, meeting int64, ps []model.Participant, due model.Date) ([]model.Remarks, error) {
	if !CanPrepareRetreat(actor) {
		return nil, forbidden("prepare the retreat")
	}
	if due == 0 {
		return nil, model.Invalid("due", "is required (YYYY-MM-DD)")
	}
	if len(ps) > model.MaxRemarksRequest {
		return nil, model.Invalid("participants", "at most %d participants at once", model.MaxRemarksRequest)
	}
	names, _, _, err := a.participantNames(ctx)
	if err != nil {
		return nil, err
	}
	err = a.change(ctx, actor, "request", "retreat_remarks", func(tx *store.Tx, ev *Event) error {
		if _, err := retreatOf(ctx, tx.Queries, meeting); err != nil {
			return err
		}
		if len(ps) == 0 {
			groups, err := tx.RetreatGroups(ctx, meeting)
			if err != nil {
				return err
			}
			for _, g := range groups {
				for _, l := range g.Leaders {
					ps = append(ps, model.Participant{Kind: model.ParticipantLeader, Ref: l})
				}
				for _, u := range g.Units {
					ps = append(ps, model.Participant{Kind: model.ParticipantUnit, Ref: u})
				}
			}
			if len(ps) == 0 {
				return model.Invalid("participants", "the retreat has no group yet: name the participants or set the groups first")
			}
		}
		var keys []string
		for _, p := range ps {
			p.Ref = strings.TrimSpace(p.Ref)
			if p.Kind != model.ParticipantUnit && p.Kind != model.ParticipantLeader {
				return model.Invalid("participants", "a participant is a unit or a leader, not %q", p.Kind)
			}
			if _, ok := names[p.Ref]; !ok || (p.Kind == model.ParticipantUnit) != isUnit(names, p.Ref) {
				if p.Kind == model.ParticipantUnit {
					return model.Invalid("participants", "there is no unit %s", p.Ref)
				}
				return model.Invalid("participants", "there is no leader %s", p.Ref)
			}
			r := model.Remarks{Meeting: meeting, Participant: p, Due: due, RequestedBy: actor.Username}
			if _, err := tx.InsertRemarksRequest(ctx, &r); err != nil {
				return err
			}
			keys = append(keys, p.Key())
		}
		ev.ID = strconv.FormatInt(meeting, 10)
		ev.After = map[string]any{"due": due, "participants": keys}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.RetreatRemarks(ctx, actor, meeting)
}

// WithdrawRemarks withdraws a request, with what was submitted (office).
func (a *App) WithdrawRemarks(ctx context.Context, actor model.Account, meeting, id int64) error {
	if !CanPrepareRetreat(actor) {
		return forbidden("prepare the retreat")
	}
	return a.change(ctx, actor, "delete", "retreat_remarks", func(tx *store.Tx, ev *Event) error {
		r, err := tx.RetreatRemark(ctx, id)
		if err != nil {
			return err
		}
		if r.Meeting != meeting {
			return model.Errorf(model.ENOTFOUND, "request for remarks %d of meeting %d not found", id, meeting)
		}
		ev.ID, ev.Before = strconv.FormatInt(id, 10), map[string]any{"participant": r.Participant.Key(), "due": r.Due, "submitted_on": r.SubmittedOn}
		return tx.DeleteRemarksRequest(ctx, id)
	})
}

// RemarksSubmission is what a participant sends: a title, the text typed,
// and a file (.docx or .txt) whose text replaces the typed one.
type RemarksSubmission struct {
	Title string
	Text  string
	File  *model.SpeechFile
}

// SubmitRemarks records a participant's remarks (the participant, or the
// office on their behalf), on time or late; a second submission replaces
// the first. A file's text is read by speechfile and kept with the file.
func (a *App) SubmitRemarks(ctx context.Context, actor model.Account, meeting, id int64, s RemarksSubmission) (model.Remarks, error) {
	r, err := a.store.RetreatRemark(ctx, id)
	if err != nil {
		return r, err
	}
	if r.Meeting != meeting {
		return model.Remarks{}, model.Errorf(model.ENOTFOUND, "request for remarks %d of meeting %d not found", id, meeting)
	}
	if !CanSubmitRemarks(actor, r) {
		return model.Remarks{}, forbidden("submit another participant's remarks")
	}
	s.Title, s.Text = strings.TrimSpace(s.Title), strings.TrimSpace(s.Text)
	if f := s.File; f != nil {
		text, format, err := speechfile.Read(f.Name, f.Data)
		if err != nil {
			return model.Remarks{}, err
		}
		sum := sha256.Sum256(f.Data)
		f.Format, f.Size, f.SHA256, f.Author = format, int64(len(f.Data)), hex.EncodeToString(sum[:]), actor.Username
		s.Text = strings.TrimSpace(text)
	}
	if err := model.CheckRemarks(s.Title, s.Text); err != nil {
		return model.Remarks{}, err
	}
	t, err := a.Today(ctx)
	if err != nil {
		return model.Remarks{}, err
	}
	// The day the remarks came in: today, unless the clock stands before a
	// pinned today (the demo's story tells its days as they come).
	on := min(t.Day, model.DateOf(a.Now().In(a.Location)))
	err = a.change(ctx, actor, "submit", "retreat_remarks", func(tx *store.Tx, ev *Event) error {
		// A typed text replaces the file it was read from, if any.
		dropFile := s.File == nil && r.File != nil && s.Text != strings.TrimSpace(r.Text)
		if err := tx.SubmitRemarks(ctx, id, s.Title, s.Text, actor.Username, on, s.File, dropFile); err != nil {
			return err
		}
		after := map[string]any{"participant": r.Participant.Key(), "title": s.Title, "chars": len([]rune(s.Text)), "on": on}
		if s.File != nil {
			after["file"], after["sha256"] = s.File.Name, s.File.SHA256
		}
		ev.ID, ev.After = strconv.FormatInt(id, 10), after
		return nil
	})
	if err != nil {
		return model.Remarks{}, err
	}
	return a.RetreatRemark(ctx, actor, meeting, id)
}

// RemarksFile returns the file a participant's remarks came in, to a
// reader who may see the remarks.
func (a *App) RemarksFile(ctx context.Context, actor model.Account, meeting, id int64) (model.SpeechFile, error) {
	if _, err := a.RetreatRemark(ctx, actor, meeting, id); err != nil {
		return model.SpeechFile{}, err
	}
	return a.store.RemarksFile(ctx, id)
}

// planRemarks works out the notices that chase the requests for remarks
// still open on day t.Day: a due reminder as the day nears, a 提醒单 once
// it has passed (RemarksTrigger), to the unit's accounts or the leader,
// until the retreat is held.
func (a *App) planRemarks(ctx context.Context, t model.Today, r model.NoticeRules) ([]plannedNotice, error) {
	horizon := 0
	for _, d := range r.RemindDays {
		horizon = max(horizon, d)
	}
	open, err := a.store.RetreatRemarks(ctx, store.RemarksFilter{OpenDueBy: t.Day.AddDays(horizon)})
	if err != nil || len(open) == 0 {
		return nil, err
	}
	meetings := map[int64]model.Meeting{}
	type pending struct {
		tr model.Trigger
		rm model.Remarks
	}
	var all []pending
	var occasions []string
	for _, rm := range open {
		m, ok := meetings[rm.Meeting]
		if !ok {
			if m, err = a.store.Meeting(ctx, rm.Meeting); err != nil {
				return nil, err
			}
			meetings[rm.Meeting] = m
		}
		if tr, ok := model.RemarksTrigger(r, rm, m.Date, t.Day); ok {
			all = append(all, pending{tr, rm})
			occasions = append(occasions, tr.Key)
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	have, err := a.store.NoticeOccasions(ctx, occasions)
	if err != nil {
		return nil, err
	}
	au, err := a.noticeAudience(ctx)
	if err != nil {
		return nil, err
	}
	names, _, _, err := a.participantNames(ctx)
	if err != nil {
		return nil, err
	}
	var out []plannedNotice
	for _, p := range all {
		if have[p.tr.Key] {
			continue
		}
		p.rm.Name = names[p.rm.Participant.Ref]
		n := model.NewRemarksNotice(p.tr, p.rm, meetings[p.rm.Meeting].Title, t.Day)
		if p.rm.Participant.Kind == model.ParticipantUnit {
			n.Recipients = slices.Clone(au.unitAccounts[p.rm.Participant.Ref])
		} else {
			n.Recipients = []string{p.rm.Participant.Ref}
		}
		slices.Sort(n.Recipients)
		out = append(out, plannedNotice{n, 0})
	}
	return out, nil
}

// RetreatBookData is what the participants' book holds (office and
// leaders): the retreat's preparation with every request, and the units'
// reports of the meeting's period as the compendium gathers them.
func (a *App) RetreatBookData(ctx context.Context, actor model.Account, meeting int64) (RetreatPrep, model.Period, []CompendiumEntry, error) {
	if !canReadAllRemarks(actor) {
		return RetreatPrep{}, model.Period{}, nil, forbidden("read the participants' book")
	}
	p, err := a.RetreatPrep(ctx, actor, meeting)
	if err != nil {
		return p, model.Period{}, nil, err
	}
	period, err := model.PeriodFromCode(p.Meeting.Period)
	if err != nil {
		return p, period, nil, err
	}
	entries, err := a.Compendium(ctx, actor, period.Code)
	return p, period, entries, err
}

// todoRemarks are the to-do lines of the remarks asked of actor and not
// yet sent, for retreats still to come: one line a request, to its page.
func (a *App) todoRemarks(ctx context.Context, actor model.Account, t model.Today) ([]TodoItem, error) {
	var p model.Participant
	switch {
	case actor.Role == model.RoleUnit && actor.Unit != "":
		p = model.Participant{Kind: model.ParticipantUnit, Ref: actor.Unit}
	case actor.Role == model.RoleLeader:
		p = model.Participant{Kind: model.ParticipantLeader, Ref: actor.Username}
	default:
		return nil, nil
	}
	rs, err := a.store.RetreatRemarks(ctx, store.RemarksFilter{Participant: &p})
	if err != nil {
		return nil, err
	}
	var out []TodoItem
	held := map[int64]model.Meeting{}
	for _, r := range rs {
		if r.Submitted() {
			continue
		}
		m, ok := held[r.Meeting]
		if !ok {
			if m, err = a.store.Meeting(ctx, r.Meeting); err != nil {
				return nil, err
			}
			held[r.Meeting] = m
		}
		if m.Date < t.Day {
			continue
		}
		out = append(out, TodoItem{Kind: TodoRemarks, Count: 1, Subject: m.Title,
			URL: "/meetings/" + strconv.FormatInt(m.ID, 10) + "/remarks/" + strconv.FormatInt(r.ID, 10)})
	}
	return out, nil
}
