package api

import (
	"net/http"

	"github.com/luoshi-edu/luoshi/internal/app"
)

// decomposeRequest is the body of POST /api/v1/decompose.
type decomposeRequest struct {
	Text string `json:"text"`
}

// decompose returns the draft measures in a text, in the decomposer's own
// output shape (DESIGN.md "Decomposer output"), with lead units suggested
// from the institution's measures. It changes nothing, so anyone signed in
// may call it.
func (h *handler) decompose(w http.ResponseWriter, r *http.Request, _ app.SignedIn) error {
	var req decomposeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	res, err := h.app.Decompose(r.Context(), req.Text)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}
