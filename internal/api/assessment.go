package api

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// assessmentRow is a unit's row on the wire, with where its records are.
type assessmentRow struct {
	model.AssessmentRow
	Sources string `json:"sources"` // the unit's records: GET this path
}

// assessmentJSON is a year's assessment as the reader may see it.
type assessmentJSON struct {
	Year        int                   `json:"year"`
	Rules       model.AssessmentRules `json:"weights"`
	Cutoff      model.Date            `json:"cutoff"`
	Published   bool                  `json:"published"`
	PublishedAt *string               `json:"published_at"`
	PublishedBy string                `json:"published_by"`
	Rows        []assessmentRow       `json:"items"`
}

func toAssessmentJSON(v model.UnitAssessment) assessmentJSON {
	out := assessmentJSON{Year: v.Year, Rules: v.Rules, Cutoff: v.Cutoff, Published: v.Published, PublishedBy: v.PublishedBy, Rows: []assessmentRow{}}
	if v.Published {
		at := v.PublishedAt.UTC().Format("2006-01-02T15:04:05Z")
		out.PublishedAt = &at
	}
	for _, r := range v.Rows {
		out.Rows = append(out.Rows, assessmentRow{r, "/api/v1/assessments/" + strconv.Itoa(v.Year) + "/units/" + r.Unit})
	}
	return out
}

func yearOf(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return 0, model.Errorf(model.ENOTFOUND, "no assessment of year %q", r.PathValue("year"))
	}
	return y, nil
}

// getAssessment: GET /api/v1/assessments/{year} → the scores of the units
// the reader may see (the office all, a leader their portfolio's, a unit
// its own), published and frozen or a live draft.
func (h *handler) getAssessment(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	v, err := h.app.Assessment(r.Context(), s.Account, y)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toAssessmentJSON(v.UnitAssessment))
}

// getAssessmentWeights: GET /api/v1/assessments/{year}/weights.
func (h *handler) getAssessmentWeights(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	v, err := h.app.Assessment(r.Context(), s.Account, y)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v.Rules)
}

// putAssessmentWeights: PUT /api/v1/assessments/{year}/weights (office),
// the whole rules object.
func (h *handler) putAssessmentWeights(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	var req model.AssessmentRules
	if err := decode(w, r, &req); err != nil {
		return err
	}
	out, err := h.app.SetAssessmentRules(r.Context(), s.Account, y, req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// assessmentUnitJSON is a unit's row with the records behind each figure.
type assessmentUnitJSON struct {
	Year    int                     `json:"year"`
	Row     model.AssessmentRow     `json:"row"`
	Sources model.AssessmentSources `json:"sources"`
}

// getAssessmentUnit: GET /api/v1/assessments/{year}/units/{unit} → the
// unit's figures and their records (measures, notices, indicators,
// problems), each marked whether it counts.
func (h *handler) getAssessmentUnit(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	row, src, err := h.app.AssessmentUnit(r.Context(), s.Account, y, r.PathValue("unit"))
	if err != nil {
		return err
	}
	for _, l := range []*[]model.AssessmentSource{&src.OnTime, &src.Reports, &src.Indicators, &src.Problems, &src.Deductions} {
		if *l == nil {
			*l = []model.AssessmentSource{}
		}
	}
	return writeJSON(w, http.StatusOK, assessmentUnitJSON{y, row, src})
}

// adjustAssessment: POST /api/v1/assessments/{year}/adjustments
// {"unit","points","reason"} (office); points 0 removes the adjustment.
func (h *handler) adjustAssessment(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	var req struct {
		Unit   string       `json:"unit"`
		Points model.Tenths `json:"points"`
		Reason string       `json:"reason"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	out, err := h.app.AdjustAssessment(r.Context(), s.Account, y, model.Adjustment{Unit: req.Unit, Points: req.Points, Reason: req.Reason})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// publishAssessment: POST /api/v1/assessments/{year}/publish (office) →
// 201 with the frozen result; 409 when published already.
func (h *handler) publishAssessment(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	v, err := h.app.PublishAssessment(r.Context(), s.Account, y)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/assessments/"+strconv.Itoa(y))
	return writeJSON(w, http.StatusCreated, toAssessmentJSON(*v))
}
