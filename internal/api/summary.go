package api

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// summaryJSON is the institution's summary on the wire: its text and
// figures (live for a draft, frozen once issued) and, for the office, the
// text generated from the figures in the reader's language.
type summaryJSON struct {
	model.Summary
	Generated []model.SummarySection `json:"generated,omitempty"`
}

func summaryOut(d app.SummaryDetail) summaryJSON {
	return summaryJSON{Summary: d.Summary, Generated: d.Generated}
}

// getSummary returns a period's summary: GET /api/v1/summaries/{period}.
func (h *handler) getSummary(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	d, err := h.app.Summary(r.Context(), s.Account, r.PathValue("period"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, summaryOut(d))
}

// summaryRequest carries the sections' text: {"sections":[{"key":
// "overview","text":"…"}]}; sections left out keep their text.
type summaryRequest struct {
	Sections []model.SummarySection `json:"sections"`
}

// saveSummary saves the office's text: POST /api/v1/summaries/{period}.
func (h *handler) saveSummary(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req summaryRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if _, err := h.app.SaveSummary(r.Context(), s.Account, r.PathValue("period"), req.Sections); err != nil {
		return err
	}
	return h.getSummary(w, r, s)
}

// issueSummary issues a period's summary into its retreat's agenda:
// POST /api/v1/summaries/{period}/issue → 201.
func (h *handler) issueSummary(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	if _, err := h.app.IssueSummary(r.Context(), s.Account, r.PathValue("period")); err != nil {
		return err
	}
	d, err := h.app.Summary(r.Context(), s.Account, r.PathValue("period"))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/summaries/"+d.Summary.Period)
	return writeJSON(w, http.StatusCreated, summaryOut(d))
}

// voidSummary takes an issued summary back to a draft with a reason:
// POST /api/v1/summaries/{period}/void {"reason":"…"}.
func (h *handler) voidSummary(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	var req voidRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if _, err := h.app.VoidSummary(r.Context(), s.Account, r.PathValue("period"), req.Reason); err != nil {
		return err
	}
	return h.getSummary(w, r, s)
}

// listProposals lists the items proposed for a meeting's agenda (office):
// GET /api/v1/meetings/{id}/proposals.
func (h *handler) listProposals(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	ps, err := h.app.AgendaProposals(r.Context(), s.Account, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": ps})
}

// proposalRequest names a proposal: {"kind":"problem","ref":"P2024-001"}.
type proposalRequest struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// addProposal puts a proposal on a meeting's agenda (office):
// POST /api/v1/meetings/{id}/proposals → 201 with the agenda item, or 200
// with the item it became before when it is on the agenda already.
func (h *handler) addProposal(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req proposalRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	item, added, err := h.app.AddAgendaProposal(r.Context(), s.Account, id, req.Kind, req.Ref)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if added {
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/v1/meetings/"+strconv.FormatInt(id, 10))
	return writeJSON(w, status, map[string]any{"added": added, "item": item})
}
