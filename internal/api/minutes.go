package api

import (
	"net/http"
	"strconv"

	"github.com/luoshi-edu/luoshi/internal/app"
	"github.com/luoshi-edu/luoshi/internal/model"
)

// minutesJSON is a meeting's minutes on the wire: the standing set as
// issued, or (issued false) the draft luoshi proposes.
type minutesJSON struct {
	model.Minutes
	Issued bool `json:"issued"`
}

// getMinutes returns a meeting's standing minutes, or the draft the office
// would issue now: GET /api/v1/meetings/{id}/minutes.
func (h *handler) getMinutes(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	m, _, err := h.app.MinutesOf(r.Context(), s.Account, id, app.MinutesRequest{})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, minutesJSON{m, m.Issued()})
}

// minutesRequest words the decisions: {"decisions":[{"item":12,"part":0,
// "text":"…"}]}; decisions left out keep the draft's wording.
type minutesRequest struct {
	Decisions []model.Decision `json:"decisions"`
}

// issueMinutes issues a meeting's minutes (office):
// POST /api/v1/meetings/{id}/minutes/issue → 201 with the minutes.
func (h *handler) issueMinutes(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var req minutesRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	texts := app.MinutesRequest{Texts: map[string]string{}}
	for _, d := range req.Decisions {
		texts.Texts[d.Key()] = d.Text
	}
	m, err := h.app.IssueMinutes(r.Context(), s.Account, id, texts)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/meetings/"+strconv.FormatInt(id, 10)+"/minutes")
	return writeJSON(w, http.StatusCreated, minutesJSON{m, true})
}

// voidMinutes voids issued minutes with a reason (office):
// POST /api/v1/minutes/{id}/void {"reason":"…"}.
func (h *handler) voidMinutes(w http.ResponseWriter, r *http.Request, s app.SignedIn) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENOTFOUND, "minutes %q not found", r.PathValue("id"))
	}
	var req voidRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	m, err := h.app.VoidMinutes(r.Context(), s.Account, id, req.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, minutesJSON{m, true})
}
