package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/xlsx"
)

// A campaign's page (the completion matrix: a light per unit and
// requirement) and a unit's page (its sessions, the session form with
// attendance, and its summary).

// campaignPageData is the campaign page.
type campaignPageData struct {
	M       model.CampaignCompletion
	CanEdit bool
	// Own is the reader's unit when it takes part: its page is one click.
	Own string
}

// Light is a cell's light class on the board's scale: done green, due
// soon yellow, missed red, open grey.
func (d *campaignPageData) Light(state string) string { return cellLight(state) }

func cellLight(state string) string {
	switch state {
	case model.CellDone:
		return "done"
	case model.CellDueSoon:
		return "yellow"
	case model.CellMissed:
		return "red"
	}
	return "grey"
}

// Lights lists the cell states in the legend's order.
func (d *campaignPageData) Lights() []string { return model.CellLights }

// campaignPage shows a campaign with its completion matrix.
func (h *handler) campaignPage(w http.ResponseWriter, r *http.Request) {
	acct := signedInOf(r).Account
	id, err := campaignID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m, err := h.a.CampaignCompletion(r.Context(), acct, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &campaignPageData{M: m, CanEdit: app.CanManageCampaigns(acct)}
	if acct.Role == model.RoleUnit && slices.Contains(m.Campaign.Units, acct.Unit) {
		d.Own = acct.Unit
	}
	p := h.newPage(r, "campaigns", "campaign.list_title", d)
	p.Title = m.Campaign.Title
	h.render(w, r, http.StatusOK, "campaign_page", p)
}

// campaignUnitData is a unit's page in a campaign.
type campaignUnitData struct {
	C         model.Campaign
	Unit      string
	Row       model.CompletionRow
	Sessions  []model.StudySession
	People    []model.Person
	Summary   *model.CampaignSummary
	CanRecord bool
	Kinds     []string
	// The session form as sent, when it comes back with errors.
	Form        model.StudySession
	Absent      map[int64]string // person → reason, as sent
	Errs        map[string]string
	SheetErrors []xlsx.RowError
	SummaryBody string
	SummaryErrs map[string]string
	Accept      string
}

// Light is a cell's light class.
func (d *campaignUnitData) Light(state string) string { return cellLight(state) }

// Err is the session form's message beside a field.
func (d *campaignUnitData) Err(field string) string { return d.Errs[field] }

// IsAbsent reports whether the form marks a person absent.
func (d *campaignUnitData) IsAbsent(id int64) bool { _, ok := d.Absent[id]; return ok }

// Reason is the absence reason the form holds for a person.
func (d *campaignUnitData) Reason(id int64) string { return d.Absent[id] }

// Req is requirement i of the campaign.
func (d *campaignUnitData) Req(i int) model.Requirement { return d.C.Requirements[i] }

func (h *handler) showCampaignUnit(w http.ResponseWriter, r *http.Request, status int, d *campaignUnitData) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	id, err := campaignID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Unit = r.PathValue("unit")
	m, err := h.a.CampaignCompletion(ctx, acct, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.C = m.Campaign
	if !slices.Contains(d.C.Units, d.Unit) {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "%s %q not found", "unit", d.Unit))
		return
	}
	if d.Sessions, err = h.a.StudySessions(ctx, acct, id, d.Unit); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, row := range m.Rows {
		if row.Unit == d.Unit {
			d.Row = row
		}
	}
	if s, err := h.a.CampaignSummary(ctx, acct, id, d.Unit); err == nil {
		d.Summary = &s
		if d.SummaryBody == "" {
			d.SummaryBody = s.Body
		}
	} else if model.ErrorCode(err) != model.ENOTFOUND {
		h.fail(w, r, err)
		return
	}
	d.CanRecord = app.CanRecordStudy(acct, d.C, d.Unit)
	if d.CanRecord {
		if d.People, err = h.a.StudyPeople(ctx, acct, d.Unit); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	d.Kinds, d.Accept = model.StudyKinds, strings.Join(model.EvidenceExtensions(), ",")
	if d.Form.Kind == "" && len(d.C.Requirements) > 0 {
		d.Form.Kind = d.C.Requirements[0].Kind
	}
	p := h.newPage(r, "campaigns", "campaign.unit_title", d)
	p.Title = p.UnitName(d.Unit) + " · " + d.C.Title
	h.render(w, r, status, "campaign_unit", p)
}

// campaignUnit shows a unit's sessions, the session form and the summary.
func (h *handler) campaignUnit(w http.ResponseWriter, r *http.Request) {
	h.showCampaignUnit(w, r, http.StatusOK, &campaignUnitData{})
}

// studySessionSave records a session from the form: attendance from the
// people's boxes (each present unless marked absent, with a reason), or
// from an attendance sheet (.xlsx) when one is sent; photos or minutes as
// files.
func (h *handler) studySessionSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	acct := signedInOf(r).Account
	id, err := campaignID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	unit := r.PathValue("unit")
	f := r.PostForm
	s := model.StudySession{Campaign: id, Unit: unit, Kind: f.Get("kind"), Topic: f.Get("topic"), Place: f.Get("place"), Materials: f.Get("materials")}
	d := &campaignUnitData{Absent: map[int64]string{}, Errs: map[string]string{}}
	if v := strings.TrimSpace(f.Get("date")); v != "" {
		if s.Date, err = model.ParseDate(v); err != nil {
			d.Errs["date"] = errorText(r, model.Invalid("date", "%v", err))
		}
	}
	for _, v := range f["person"] {
		pid, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		at := model.Attendance{Person: pid, Present: f.Get(fmt.Sprintf("absent.%d", pid)) == ""}
		if !at.Present {
			at.Reason = f.Get(fmt.Sprintf("reason.%d", pid))
			d.Absent[pid] = at.Reason
		}
		s.Attendance = append(s.Attendance, at)
	}
	if mf := r.MultipartForm; mf != nil && len(mf.File["attendance_file"]) > 0 && mf.File["attendance_file"][0].Size > 0 {
		hdr := mf.File["attendance_file"][0]
		if !strings.HasSuffix(strings.ToLower(hdr.Filename), ".xlsx") {
			d.Errs["attendance_file"] = i18nMsg(r, "import.not_xlsx")
		} else if file, err := hdr.Open(); err != nil {
			h.fail(w, r, err)
			return
		} else {
			ats, rows, err := xlsx.ImportAttendance(ctx, h.a, acct, unit, file)
			file.Close()
			switch {
			case len(rows) > 0:
				d.SheetErrors, d.Errs["attendance_file"] = rows, i18nMsg(r, "campaign.sheet_failed")
				if rows[0].Row == 0 {
					d.SheetErrors, d.Errs["attendance_file"] = nil, errorText(r, err)
				}
			case err != nil:
				h.fail(w, r, err)
				return
			default:
				s.Attendance = ats
			}
		}
	}
	if r.MultipartForm != nil {
		if s.Files, err = app.EvidenceFromForm(r.MultipartForm); err != nil {
			if fe := fieldErrors(r, err); fe != nil {
				for k, v := range fe {
					d.Errs[k] = v
				}
			} else {
				h.fail(w, r, err)
				return
			}
		}
	}
	if len(d.Errs) == 0 {
		err = h.a.RecordStudySession(ctx, acct, &s)
		if fe := fieldErrors(r, err); fe != nil {
			d.Errs = fe
		} else if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if len(d.Errs) > 0 {
		d.Form = s
		h.showCampaignUnit(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	redirect(w, r, fmt.Sprintf("/campaigns/%d/units/%s#sessions", id, unit))
}

// campaignSummarySave submits the unit's summary.
func (h *handler) campaignSummarySave(w http.ResponseWriter, r *http.Request) {
	id, err := campaignID(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	unit, body := r.PathValue("unit"), r.PostForm.Get("body")
	_, err = h.a.SubmitCampaignSummary(r.Context(), signedInOf(r).Account, id, unit, body)
	if fe := fieldErrors(r, err); fe != nil {
		h.showCampaignUnit(w, r, http.StatusUnprocessableEntity, &campaignUnitData{SummaryBody: body, SummaryErrs: fe})
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/campaigns/%d/units/%s#summary", id, unit))
}

// studyFile downloads a session's photo or minutes.
func (h *handler) studyFile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, model.Errorf(model.ENOTFOUND, "no evidence %q", r.PathValue("id")))
		return
	}
	e, err := h.a.StudySessionFile(r.Context(), signedInOf(r).Account, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for k, v := range app.EvidenceHeaders(e) {
		w.Header()[k] = v
	}
	http.ServeContent(w, r, "", e.CreatedAt, bytes.NewReader(e.Data))
}

// SubmittedOn is the day the unit's summary was submitted.
func (d *campaignUnitData) SubmittedOn() model.Date {
	if d.Summary == nil {
		return 0
	}
	return model.DateOf(d.Summary.SubmittedAt)
}
