package store

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/luoshi-edu/luoshi/internal/model"
)

// Study campaigns (学习教育). Every change to a campaign, its sessions or
// its summaries bumps the "campaigns" counter, which keys the completion
// matrices kept in memory (campaignCache), like the dashboard's.

// campaignCache keeps completion matrices by campaign, counter and day.
type campaignCache struct {
	mu      sync.Mutex
	entries map[string]*model.CampaignCompletion
}

// InsertCampaign adds a campaign with its units and requirements.
func (tx *Tx) InsertCampaign(ctx context.Context, c *model.Campaign) error {
	c.CreatedAt = msTime(tx.now.UnixMilli())
	err := tx.queryRow(ctx, `INSERT INTO campaigns (title, start_day, end_day, summary_due, materials, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Title, int64(c.Start), int64(c.End), int64(c.SummaryDue), c.Materials, c.CreatedBy, tx.now.UnixMilli()).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("store: insert campaign: %w", err)
	}
	return tx.saveCampaignParts(ctx, c)
}

// UpdateCampaign rewrites a campaign, its units and its requirements; the
// sessions recorded stay (they count by kind, not by requirement).
func (tx *Tx) UpdateCampaign(ctx context.Context, c *model.Campaign) error {
	res, err := tx.exec(ctx, `UPDATE campaigns SET title = ?, start_day = ?, end_day = ?, summary_due = ?, materials = ? WHERE id = ?`,
		c.Title, int64(c.Start), int64(c.End), int64(c.SummaryDue), c.Materials, c.ID)
	if err != nil {
		return fmt.Errorf("store: update campaign: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "campaign %d not found", c.ID)
	}
	for _, t := range []string{"campaign_units", "campaign_requirements"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE campaign_id = ?`, c.ID); err != nil {
			return fmt.Errorf("store: update campaign: %w", err)
		}
	}
	return tx.saveCampaignParts(ctx, c)
}

func (tx *Tx) saveCampaignParts(ctx context.Context, c *model.Campaign) error {
	for _, u := range c.Units {
		if _, err := tx.exec(ctx, `INSERT INTO campaign_units (campaign_id, unit) VALUES (?, ?)`, c.ID, u); err != nil {
			return fmt.Errorf("store: campaign units: %w", err)
		}
	}
	for i := range c.Requirements {
		r := &c.Requirements[i]
		err := tx.queryRow(ctx, `INSERT INTO campaign_requirements (campaign_id, seq, kind, title, count, monthly, due_day)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, r.Seq, r.Kind, r.Title, r.Count, b2i(r.Monthly), int64(r.Due)).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("store: campaign requirements: %w", err)
		}
	}
	_, err := tx.Bump(ctx, "campaigns")
	return err
}

const campaignCols = `id, title, start_day, end_day, summary_due, materials, created_by, created_at`

func scanCampaign(sc interface{ Scan(...any) error }) (model.Campaign, error) {
	var c model.Campaign
	var start, end, due, created int64
	if err := sc.Scan(&c.ID, &c.Title, &start, &end, &due, &c.Materials, &c.CreatedBy, &created); err != nil {
		return c, err
	}
	c.Start, c.End, c.SummaryDue, c.CreatedAt = model.Date(start), model.Date(end), model.Date(due), msTime(created)
	return c, nil
}

// Campaigns lists the campaigns that overlap from..to (0 for no bound),
// the latest start first, with their units and requirements.
func (q Queries) Campaigns(ctx context.Context, from, to model.Date) ([]model.Campaign, error) {
	where, args := "", []any{}
	if from != 0 {
		where += ` AND end_day >= ?`
		args = append(args, int64(from))
	}
	if to != 0 {
		where += ` AND start_day <= ?`
		args = append(args, int64(to))
	}
	rows, err := q.query(ctx, `SELECT `+campaignCols+` FROM campaigns WHERE 1 = 1`+where+` ORDER BY start_day DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: campaigns: %w", err)
	}
	out := []model.Campaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: campaigns: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]any, len(out))
	at := map[int64]int{}
	for i, c := range out {
		ids[i], at[c.ID] = c.ID, i
		out[i].Units, out[i].Requirements = []string{}, []model.Requirement{}
	}
	rows, err = q.query(ctx, `SELECT campaign_id, unit FROM campaign_units WHERE campaign_id IN (`+marks(len(ids))+`) ORDER BY campaign_id, unit`, ids...)
	if err != nil {
		return nil, fmt.Errorf("store: campaign units: %w", err)
	}
	for rows.Next() {
		var id int64
		var u string
		if err := rows.Scan(&id, &u); err != nil {
			rows.Close()
			return nil, err
		}
		out[at[id]].Units = append(out[at[id]].Units, u)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.query(ctx, `SELECT campaign_id, id, seq, kind, title, count, monthly, due_day FROM campaign_requirements
		WHERE campaign_id IN (`+marks(len(ids))+`) ORDER BY campaign_id, seq`, ids...)
	if err != nil {
		return nil, fmt.Errorf("store: campaign requirements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, due int64
		var r model.Requirement
		var monthly int
		if err := rows.Scan(&id, &r.ID, &r.Seq, &r.Kind, &r.Title, &r.Count, &monthly, &due); err != nil {
			return nil, err
		}
		r.Monthly, r.Due = monthly != 0, model.Date(due)
		out[at[id]].Requirements = append(out[at[id]].Requirements, r)
	}
	return out, rows.Err()
}

// Campaign returns one campaign with its units and requirements.
func (q Queries) Campaign(ctx context.Context, id int64) (model.Campaign, error) {
	c, err := scanCampaign(q.queryRow(ctx, `SELECT `+campaignCols+` FROM campaigns WHERE id = ?`, id))
	if err != nil {
		return c, notFound(err, "campaign", id)
	}
	units, err := q.strings(ctx, `SELECT unit FROM campaign_units WHERE campaign_id = ? ORDER BY unit`, id)
	if err != nil {
		return c, fmt.Errorf("store: campaign units: %w", err)
	}
	c.Units = units
	if c.Units == nil {
		c.Units = []string{}
	}
	rows, err := q.query(ctx, `SELECT id, seq, kind, title, count, monthly, due_day FROM campaign_requirements WHERE campaign_id = ? ORDER BY seq`, id)
	if err != nil {
		return c, fmt.Errorf("store: campaign requirements: %w", err)
	}
	defer rows.Close()
	c.Requirements = []model.Requirement{}
	for rows.Next() {
		var r model.Requirement
		var monthly int
		var due int64
		if err := rows.Scan(&r.ID, &r.Seq, &r.Kind, &r.Title, &r.Count, &monthly, &due); err != nil {
			return c, err
		}
		r.Monthly, r.Due = monthly != 0, model.Date(due)
		c.Requirements = append(c.Requirements, r)
	}
	return c, rows.Err()
}

// InsertStudySession links a unit's study session (its meeting inserted
// already: s.Meeting) to the campaign, with its attendance and files.
func (tx *Tx) InsertStudySession(ctx context.Context, s *model.StudySession) error {
	s.CreatedAt = msTime(tx.now.UnixMilli())
	err := tx.queryRow(ctx, `INSERT INTO campaign_sessions (campaign_id, unit, meeting_id, kind, day, topic, materials, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.Campaign, s.Unit, s.Meeting, s.Kind, int64(s.Date), s.Topic, s.Materials, s.RecordedBy, tx.now.UnixMilli()).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("store: insert study session: %w", err)
	}
	for _, a := range s.Attendance {
		if _, err := tx.exec(ctx, `INSERT INTO campaign_attendance (session_id, person_id, present, reason) VALUES (?, ?, ?, ?)`,
			s.ID, a.Person, b2i(a.Present), a.Reason); err != nil {
			return fmt.Errorf("store: attendance: %w", err)
		}
	}
	for i := range s.Files {
		e := &s.Files[i]
		e.Report, e.CreatedAt = s.ID, s.CreatedAt
		err := tx.queryRow(ctx, `INSERT INTO campaign_files (session_id, name, media_type, size, sha256, author, created_at, content)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.ID, e.Name, e.Type, e.Size, e.SHA256, e.Author, tx.now.UnixMilli(), e.Data).Scan(&e.ID)
		if err != nil {
			return fmt.Errorf("store: study session file: %w", err)
		}
		e.Data = nil
	}
	_, err = tx.Bump(ctx, "campaigns")
	return err
}

const sessionCols = `s.id, s.campaign_id, s.unit, s.meeting_id, s.kind, s.day, s.topic, s.materials, s.recorded_by, s.created_at, m.place`

// StudySessions lists a campaign's sessions, of one unit or ("") all,
// by day, with attendance (names from the people) and files (no content).
func (q Queries) StudySessions(ctx context.Context, campaign int64, unit string) ([]model.StudySession, error) {
	where, args := `s.campaign_id = ?`, []any{campaign}
	if unit != "" {
		where += ` AND s.unit = ?`
		args = append(args, unit)
	}
	return q.studySessions(ctx, where, args)
}

// StudySession returns one session.
func (q Queries) StudySession(ctx context.Context, id int64) (model.StudySession, error) {
	ss, err := q.studySessions(ctx, `s.id = ?`, []any{id})
	if err != nil {
		return model.StudySession{}, err
	}
	if len(ss) == 0 {
		return model.StudySession{}, model.Errorf(model.ENOTFOUND, "study session %d not found", id)
	}
	return ss[0], nil
}

func (q Queries) studySessions(ctx context.Context, where string, args []any) ([]model.StudySession, error) {
	rows, err := q.query(ctx, `SELECT `+sessionCols+` FROM campaign_sessions s JOIN meetings m ON m.id = s.meeting_id
		WHERE `+where+` ORDER BY s.day, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: study sessions: %w", err)
	}
	out := []model.StudySession{}
	at := map[int64]int{}
	for rows.Next() {
		var s model.StudySession
		var day, created int64
		if err := rows.Scan(&s.ID, &s.Campaign, &s.Unit, &s.Meeting, &s.Kind, &day, &s.Topic, &s.Materials, &s.RecordedBy, &created, &s.Place); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: study sessions: %w", err)
		}
		s.Date, s.CreatedAt = model.Date(day), msTime(created)
		s.Attendance, s.Files = []model.Attendance{}, []model.Evidence{}
		at[s.ID] = len(out)
		out = append(out, s)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = q.query(ctx, `SELECT a.session_id, a.person_id, p.name, a.present, a.reason FROM campaign_attendance a
		JOIN campaign_sessions s ON s.id = a.session_id JOIN people p ON p.id = a.person_id
		WHERE `+where+` ORDER BY a.session_id, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: attendance: %w", err)
	}
	for rows.Next() {
		var sid int64
		var a model.Attendance
		var present int
		if err := rows.Scan(&sid, &a.Person, &a.Name, &present, &a.Reason); err != nil {
			rows.Close()
			return nil, err
		}
		a.Present = present != 0
		out[at[sid]].Attendance = append(out[at[sid]].Attendance, a)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.query(ctx, `SELECT f.id, f.session_id, f.name, f.media_type, f.size, f.sha256, f.author, f.created_at FROM campaign_files f
		JOIN campaign_sessions s ON s.id = f.session_id WHERE `+where+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: study session files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e model.Evidence
		var created int64
		if err := rows.Scan(&e.ID, &e.Report, &e.Name, &e.Type, &e.Size, &e.SHA256, &e.Author, &created); err != nil {
			return nil, err
		}
		e.CreatedAt = msTime(created)
		out[at[e.Report]].Files = append(out[at[e.Report]].Files, e)
	}
	return out, rows.Err()
}

// StudySessionFile returns one session file with its content and the
// session's unit.
func (q Queries) StudySessionFile(ctx context.Context, id int64) (model.Evidence, string, error) {
	var e model.Evidence
	var created int64
	var unit string
	err := q.queryRow(ctx, `SELECT f.id, f.session_id, f.name, f.media_type, f.size, f.sha256, f.author, f.created_at, f.content, s.unit
		FROM campaign_files f JOIN campaign_sessions s ON s.id = f.session_id WHERE f.id = ?`, id).
		Scan(&e.ID, &e.Report, &e.Name, &e.Type, &e.Size, &e.SHA256, &e.Author, &created, &e.Data, &unit)
	if err != nil {
		return e, "", notFound(err, "file", id)
	}
	e.CreatedAt = msTime(created)
	return e, unit, nil
}

// PutCampaignSummary records (or replaces) a unit's campaign summary.
func (tx *Tx) PutCampaignSummary(ctx context.Context, s *model.CampaignSummary) error {
	s.SubmittedAt = msTime(tx.now.UnixMilli())
	_, err := tx.exec(ctx, `INSERT INTO campaign_summaries (campaign_id, unit, body, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (campaign_id, unit) DO UPDATE SET body = excluded.body, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at`,
		s.Campaign, s.Unit, s.Body, s.SubmittedBy, tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: campaign summary: %w", err)
	}
	_, err = tx.Bump(ctx, "campaigns")
	return err
}

// CampaignSummary returns a unit's summary; ENOTFOUND while none is in.
func (q Queries) CampaignSummary(ctx context.Context, campaign int64, unit string) (model.CampaignSummary, error) {
	s := model.CampaignSummary{Campaign: campaign, Unit: unit}
	var at int64
	err := q.queryRow(ctx, `SELECT body, submitted_by, submitted_at FROM campaign_summaries WHERE campaign_id = ? AND unit = ?`, campaign, unit).
		Scan(&s.Body, &s.SubmittedBy, &at)
	if err != nil {
		return s, notFound(err, "campaign summary", unit)
	}
	s.SubmittedAt = msTime(at)
	return s, nil
}

// CampaignCompletion computes a campaign's completion matrix as of today
// in four queries whatever the number of units (the campaign, its
// requirements and units, the sessions counted by unit, kind and day, the
// summaries in, the units' names), kept under the "campaigns" counter and
// the day, so every server agrees and midnight starts afresh.
func (s *Store) CampaignCompletion(ctx context.Context, id int64, today model.Date) (*model.CampaignCompletion, error) {
	rev, err := s.Counter(ctx, "campaigns")
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%d|%d", id, rev, today)
	cc := &s.campaigns
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if m := cc.entries[key]; m != nil {
		return m, nil
	}
	m, err := s.Queries.campaignCompletion(ctx, id, today)
	if err != nil {
		return nil, err
	}
	if cc.entries == nil || len(cc.entries) > 64 {
		cc.entries = map[string]*model.CampaignCompletion{}
	}
	cc.entries[key] = m
	return m, nil
}

// campaignCompletion computes the matrix without the cache.
func (q Queries) campaignCompletion(ctx context.Context, id int64, today model.Date) (*model.CampaignCompletion, error) {
	c, err := q.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	type key struct {
		unit, kind string
	}
	byMonth := map[key]map[model.Date]int{}
	days := map[key][]model.Date{} // every session day, for requirements by a day
	rows, err := q.query(ctx, `SELECT unit, kind, day, count(*) FROM campaign_sessions WHERE campaign_id = ? GROUP BY unit, kind, day`, id)
	if err != nil {
		return nil, fmt.Errorf("store: campaign completion: %w", err)
	}
	for rows.Next() {
		var k key
		var day int64
		var n int
		if err := rows.Scan(&k.unit, &k.kind, &day, &n); err != nil {
			rows.Close()
			return nil, err
		}
		d := model.Date(day)
		if byMonth[k] == nil {
			byMonth[k] = map[model.Date]int{}
		}
		byMonth[k][d.EndOfMonth()] += n
		for range n {
			days[k] = append(days[k], d)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	in, err := q.strings(ctx, `SELECT unit FROM campaign_summaries WHERE campaign_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("store: campaign summaries: %w", err)
	}
	submitted := map[string]bool{}
	for _, u := range in {
		submitted[u] = true
	}
	units, err := q.Units(ctx)
	if err != nil {
		return nil, err
	}
	name, order := map[string]string{}, map[string]int{}
	for i, u := range units {
		name[u.Code], order[u.Code] = u.Name, i
	}
	out := &model.CampaignCompletion{Campaign: c, Day: today, Rows: make([]model.CompletionRow, 0, len(c.Units)), Totals: map[string]int{}}
	for _, l := range model.CellLights {
		out.Totals[l] = 0
	}
	for _, u := range c.Units {
		row := model.CompletionRow{Unit: u, UnitName: name[u], Cells: make([]model.CompletionCell, len(c.Requirements)), Done: true}
		if row.UnitName == "" {
			row.UnitName = u
		}
		for i, r := range c.Requirements {
			k := key{u, r.Kind}
			upTo := 0
			for _, d := range days[k] {
				if d <= r.Due {
					upTo++
				}
			}
			row.Cells[i] = r.Judge(c, byMonth[k], upTo, today)
		}
		for _, k := range model.StudyKinds {
			row.Sessions += len(days[key{u, k}])
		}
		row.Summary = model.SummaryCell(c, submitted[u], today)
		for _, cell := range append(row.Cells, row.Summary) {
			out.Totals[cell.State]++
			out.Cells++
			if cell.State == model.CellDone {
				out.Done++
			} else {
				row.Done = false
			}
		}
		if row.Done {
			out.UnitsDone++
		}
		out.Rows = append(out.Rows, row)
	}
	sort.SliceStable(out.Rows, func(i, j int) bool { return order[out.Rows[i].Unit] < order[out.Rows[j].Unit] })
	if out.Cells > 0 {
		out.Percent = out.Done * 100 / out.Cells
	}
	return out, nil
}
