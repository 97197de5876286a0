package api

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// Study campaigns (学习教育): /api/v1/campaigns with their requirements,
// the units' sessions and summaries, and the completion matrix.

// campaignRequest opens or edits a campaign.
type campaignRequest struct {
	Title        string              `json:"title"`
	Start        model.Date          `json:"start"`
	End          model.Date          `json:"end"`
	SummaryDue   model.Date          `json:"summary_due"`
	Materials    string              `json:"materials"`
	Units        []string            `json:"units"`
	Requirements []model.Requirement `json:"requirements"`
}

func (c campaignRequest) campaign(id int64) model.Campaign {
	return model.Campaign{ID: id, Title: c.Title, Start: c.Start, End: c.End, SummaryDue: c.SummaryDue,
		Materials: c.Materials, Units: c.Units, Requirements: c.Requirements}
}

// listCampaigns lists the campaigns, those overlapping ?from=&to= when
// given: GET /api/v1/campaigns.
func (h *handler) listCampaigns(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	q, err := queryParams(r, "from", "to")
	if err != nil {
		return err
	}
	var days [2]model.Date
	for i, k := range []string{"from", "to"} {
		if v := q.Get(k); v != "" {
			if days[i], err = model.ParseDate(v); err != nil {
				return model.Invalid(k, "%v", err)
			}
		}
	}
	cs, err := h.app.CampaignsOverlapping(r.Context(), s.Account, days[0], days[1])
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[model.Campaign]{Items: cs})
}

// createCampaign opens a campaign (office): POST /api/v1/campaigns → 201.
func (h *handler) createCampaign(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req campaignRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c := req.campaign(0)
	if err := h.app.SaveCampaign(r.Context(), s.Account, &c); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/campaigns/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, c)
}

// getCampaign returns a campaign: GET /api/v1/campaigns/{id}.
func (h *handler) getCampaign(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	c, err := h.app.Campaign(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// updateCampaign edits a campaign (office): PUT /api/v1/campaigns/{id}.
func (h *handler) updateCampaign(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	var req campaignRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	c := req.campaign(id)
	if err := h.app.SaveCampaign(r.Context(), s.Account, &c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// campaignCompletion is the matrix: GET /api/v1/campaigns/{id}/completion.
func (h *handler) campaignCompletion(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	m, err := h.app.CampaignCompletion(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// listStudySessions lists a campaign's sessions (?unit=):
// GET /api/v1/campaigns/{id}/sessions.
func (h *handler) listStudySessions(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	q, err := queryParams(r, "unit")
	if err != nil {
		return err
	}
	ss, err := h.app.StudySessions(r.Context(), s.Account, id, q.Get("unit"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[model.StudySession]{Items: ss})
}

// sessionRequest records a session: its unit, kind, date, topic, place,
// materials and attendance ({person, present, reason}).
type sessionRequest struct {
	Unit       string             `json:"unit"`
	Kind       string             `json:"kind"`
	Date       model.Date         `json:"date"`
	Topic      string             `json:"topic"`
	Place      string             `json:"place"`
	Materials  string             `json:"materials"`
	Attendance []model.Attendance `json:"attendance"`
}

// recordStudySession records a unit's session (its accounts, the office):
// POST /api/v1/campaigns/{id}/sessions → 201.
func (h *handler) recordStudySession(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	var req sessionRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ss := model.StudySession{Campaign: id, Unit: req.Unit, Kind: req.Kind, Date: req.Date, Topic: req.Topic,
		Place: req.Place, Materials: req.Materials, Attendance: req.Attendance}
	if err := h.app.RecordStudySession(r.Context(), s.Account, &ss); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/campaigns/"+strconv.FormatInt(id, 10)+"/sessions?unit="+ss.Unit)
	return writeJSON(w, http.StatusCreated, ss)
}

// getCampaignSummary returns a unit's summary:
// GET /api/v1/campaigns/{id}/summaries/{unit}.
func (h *handler) getCampaignSummary(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	sum, err := h.app.CampaignSummary(r.Context(), s.Account, id, r.PathValue("unit"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}

// campaignSummaryRequest is a unit's summary text.
type campaignSummaryRequest struct {
	Body string `json:"body"`
}

// putCampaignSummary submits a unit's summary (its accounts, the office):
// PUT /api/v1/campaigns/{id}/summaries/{unit}.
func (h *handler) putCampaignSummary(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "campaign")
	if err != nil {
		return err
	}
	var req campaignSummaryRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	sum, err := h.app.SubmitCampaignSummary(r.Context(), s.Account, id, r.PathValue("unit"), req.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sum)
}
